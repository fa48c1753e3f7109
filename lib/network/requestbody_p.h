// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QBuffer>
#include <QIODevice>
#include <QPointer>

#include <memory>

namespace Tessera {

class BodyRecorder;

/*!
 * \brief A request's upload, and whether it can be sent again.
 *
 * Whether a body can be replayed is decided by trying, when it matters (before a 401 is held
 * for a refresh, before a 307/308 is followed): rewind() moves a device that can seek (a
 * QBuffer, as QNetworkAccessManager makes for QByteArray bodies; a QFile; a QHttpMultiPart's
 * device) back to where the body started, and fails when the device's seek or reset() fails
 * (a QHttpMultiPart with a part whose body device is sequential, for one).
 *
 * A sequential device (a socket, a pipe, a process) is read through a BodyRecorder that keeps
 * a copy of what was uploaded, up to recordLimit bytes; the copy is replayed if the upload
 * reached the end of the device within that limit. Beyond it the copy is dropped and the
 * body cannot be sent again.
 */
class TESSERACORE_AUTOTEST_EXPORT RequestBody
{
public:
    static constexpr qint64 recordLimit = 4 * 1024 * 1024;

    /*! \a declaredLength: the request's Content-Length, or -1. */
    explicit RequestBody(QIODevice *device = nullptr, qint64 declaredLength = -1);
    ~RequestBody();
    RequestBody(const RequestBody &) = delete;
    RequestBody &operator=(const RequestBody &) = delete;

    /*! \brief What the next attempt uploads (null for none). */
    QIODevice *device() const { return m_current; }
    /*! \brief Makes device() the whole body again, from its start; false if it cannot be. */
    bool rewind();
    /*! \brief The request goes on without a body (a redirect that turned it into a GET). */
    void drop();

private:
    QPointer<QIODevice> m_source;
    QIODevice *m_current = nullptr;
    std::unique_ptr<BodyRecorder> m_recorder;
    std::unique_ptr<QBuffer> m_replay;
    qint64 m_start = 0;
    bool m_hadDevice = false;
};

} // namespace Tessera

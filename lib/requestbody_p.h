// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QIODevice>
#include <QPointer>

namespace Tessera {

/*!
 * \brief A request's upload, as far as it can be sent again: a device that can seek (a
 * QBuffer, as QNetworkAccessManager makes for QByteArray bodies; a QFile; a QHttpMultiPart's
 * device) is rewound to where it started; a sequential one cannot be.
 */
class RequestBody
{
public:
    explicit RequestBody(QIODevice *device = nullptr);

    QIODevice *device() const { return m_device; }
    bool isEmpty() const { return !m_device; }
    /*! \brief True if the request can be sent again with this body. */
    bool isReplayable() const;
    /*! \brief Moves the device back to where the body starts; false if it cannot. */
    bool rewind();
    /*! \brief The request goes on without a body (a redirect that turned it into a GET). */
    void drop()
    {
        m_device = nullptr;
        m_hadDevice = false;
    }

private:
    QPointer<QIODevice> m_device;
    qint64 m_start = 0;
    bool m_hadDevice = false;
};

} // namespace Tessera

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QPointer>

namespace Tessera {

/*!
 * \brief A sequential upload read through on its way to the network, keeping a copy (up to a
 * limit) so that the request can be sent again after a 401. Reads pass straight through; the
 * copy is dropped, for good, once it would grow past the limit.
 */
class BodyRecorder : public QIODevice
{
    Q_OBJECT
public:
    /*! \a declaredLength: the request's Content-Length (the upload stops there), or -1. */
    BodyRecorder(QIODevice *source, qint64 declaredLength, qint64 limit);

    /*! \brief True if the whole body went through and the copy holds all of it. */
    bool isComplete() const;
    const QByteArray &recorded() const { return m_recorded; }

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QPointer<QIODevice> m_source;
    QByteArray m_recorded;
    qint64 m_declaredLength;
    qint64 m_limit;
    bool m_overflowed = false;
    bool m_sawEnd = false;
};

} // namespace Tessera

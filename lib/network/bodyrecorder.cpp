// SPDX-License-Identifier: BSD-3-Clause
#include "bodyrecorder_p.h"

namespace Tessera {

BodyRecorder::BodyRecorder(QIODevice *source, qint64 declaredLength, qint64 limit)
    : m_source(source)
    , m_declaredLength(declaredLength)
    , m_limit(limit)
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    connect(source, &QIODevice::readyRead, this, &QIODevice::readyRead);
    connect(source, &QIODevice::readChannelFinished, this, [this] {
        m_sawEnd = true;
        Q_EMIT readChannelFinished();
    });
}

bool BodyRecorder::isComplete() const
{
    if (m_overflowed)
        return false;
    // With a declared length, the upload is whole when that much went through, however early
    // the source said it had finished (its end may come before the upload read it all).
    if (m_declaredLength >= 0)
        return m_recorded.size() >= m_declaredLength;
    return m_sawEnd && (!m_source || m_source->bytesAvailable() == 0);
}

qint64 BodyRecorder::bytesAvailable() const
{
    return QIODevice::bytesAvailable() + (m_source ? m_source->bytesAvailable() : 0);
}

qint64 BodyRecorder::readData(char *data, qint64 maxSize)
{
    if (!m_source)
        return -1;
    const qint64 read = m_source->read(data, maxSize);
    if (read < 0) {
        m_sawEnd = true;
        return -1;
    }
    if (!m_overflowed) {
        if (m_recorded.size() + read > m_limit) {
            m_overflowed = true;
            m_recorded = QByteArray(); // too big to keep: this body cannot be sent again
        } else {
            m_recorded.append(data, read);
        }
    }
    return read;
}

} // namespace Tessera

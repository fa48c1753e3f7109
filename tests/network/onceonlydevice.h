// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QIODevice>

#include <cstring>

namespace Tessera::Test {

/*! \brief A body that can be read once only and cannot seek, like a socket's or a process's
 *  output. */
class OnceOnlyDevice : public QIODevice
{
public:
    explicit OnceOnlyDevice(const QByteArray &data)
        : m_data(data)
    { }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_offset + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min(maxSize, qint64(m_data.size()) - m_offset);
        if (n <= 0)
            return -1;
        std::memcpy(data, m_data.constData() + m_offset, size_t(n));
        m_offset += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_offset = 0;
};

} // namespace Tessera::Test

namespace Tessera::Test {

/*! \brief A body that says it can seek but cannot go back (a device whose seek() fails): it
 *  can be uploaded once, from where it is, and never again. */
class ForwardOnlyDevice : public QIODevice
{
public:
    explicit ForwardOnlyDevice(const QByteArray &data)
        : m_data(data)
    { }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_data.size(); }
    bool seek(qint64 pos) override { return pos == QIODevice::pos() && QIODevice::seek(pos); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min(maxSize, qint64(m_data.size()) - pos());
        if (n <= 0)
            return n == 0 ? 0 : -1;
        std::memcpy(data, m_data.constData() + pos(), size_t(n));
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
};

} // namespace Tessera::Test

// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/secret.h>

#include <QCryptographicHash>
#include <QDebug>

#include <algorithm>

namespace Tessera {

Secret::Secret(const QByteArray &value)
    : m_value(value)
{ }

Secret &Secret::operator=(const Secret &other)
{
    if (this != &other) {
        wipe();
        m_value = other.m_value;
    }
    return *this;
}

Secret &Secret::operator=(Secret &&other) noexcept
{
    if (this != &other) {
        wipe();
        m_value = std::move(other.m_value);
    }
    return *this;
}

Secret::~Secret()
{
    wipe();
}

void Secret::wipe()
{
    // Only the last holder of the shared buffer may scrub it; detaching would scrub a copy.
    if (m_value.isDetached() && !m_value.isEmpty())
        std::fill(m_value.data(), m_value.data() + m_value.size(), '\0');
    m_value.clear();
}

QByteArray Secret::redacted() const
{
    const QByteArray hash = QCryptographicHash::hash(m_value, QCryptographicHash::Sha256);
    return "<redacted len=" + QByteArray::number(m_value.size()) + " sha:" + hash.toHex().left(4)
           + '>';
}

bool Secret::operator==(const Secret &other) const
{
    if (m_value.size() != other.m_value.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < m_value.size(); ++i)
        diff |= static_cast<unsigned char>(m_value.at(i) ^ other.m_value.at(i));
    return diff == 0;
}

QDebug operator<<(QDebug debug, const Secret &secret)
{
    QDebugStateSaver saver(debug);
    debug.noquote().nospace() << secret.redacted();
    return debug;
}

} // namespace Tessera

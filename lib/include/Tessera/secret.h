// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesseracore_export.h>

#include <QByteArray>
#include <QMetaType>

QT_BEGIN_NAMESPACE
class QDebug;
QT_END_NAMESPACE

namespace Tessera {

/*!
 * \brief A token, refresh token, password or API key.
 *
 * Secret keeps its bytes out of logs: streaming one into QDebug prints
 * `<redacted len=N sha:xxxx>` (the first four hex digits of its SHA-256, enough to tell
 * two secrets apart in a log, useless to an attacker). The bytes are reached only through
 * reveal(), so every place that really needs them is easy to grep for.
 *
 * The destructor overwrites the bytes it owns when it holds the last reference.
 */
class TESSERACORE_EXPORT Secret
{
public:
    Secret() = default;
    explicit Secret(const QByteArray &value);
    Secret(const Secret &other) = default;
    Secret(Secret &&other) noexcept = default;
    Secret &operator=(const Secret &other);
    Secret &operator=(Secret &&other) noexcept;
    ~Secret();

    /*! \brief The plain bytes. Every call site is a place where a secret leaves Tessera's care. */
    const QByteArray &reveal() const { return m_value; }

    bool isEmpty() const { return m_value.isEmpty(); }
    qsizetype size() const { return m_value.size(); }

    /*! \brief `<redacted len=N sha:xxxx>`, the only textual form of a secret. */
    QByteArray redacted() const;

    /*! \brief Constant-time comparison. */
    bool operator==(const Secret &other) const;
    bool operator!=(const Secret &other) const { return !(*this == other); }

private:
    void wipe();
    QByteArray m_value;
};

TESSERACORE_EXPORT QDebug operator<<(QDebug debug, const Secret &secret);

} // namespace Tessera

Q_DECLARE_METATYPE(Tessera::Secret)

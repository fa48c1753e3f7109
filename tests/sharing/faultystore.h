// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/keychaintokenstore.h>

namespace Tessera::Test {

/*!
 * \brief The real keychain (a KeychainTokenStore), with faults a test can ask for: the next
 * read or write fails, or the next write is held forever (so that the process can be killed
 * after the server rotated its tokens but before they reached the keychain).
 */
class FaultyStore : public TokenStore
{
    Q_OBJECT
public:
    enum class Fault { None, FailNextRead, FailNextWrite, HoldNextWrite };

    explicit FaultyStore(QObject *parent = nullptr);

    void setFault(Fault fault) { m_fault = fault; }
    /*! \brief The \a n-th write from now (1: the next) is held forever, the ones before it go
     *  through: a process killed between two writes of one operation. */
    void holdWrite(int n)
    {
        m_writesBeforeHold = n - 1;
        m_fault = Fault::HoldNextWrite;
    }

    void read(const QString &key, QObject *context, ReadHandler handler) override;
    void write(const QString &key, const Secret &data, QObject *context,
               WriteHandler handler) override;
    void remove(const QString &key, QObject *context, WriteHandler handler) override;
    bool isPersistent() const override { return true; }
    QString description() const override { return m_keychain.description(); }

Q_SIGNALS:
    /*! \brief A write was held (HoldNextWrite): it never reaches the keychain. */
    void writeHeld();

private:
    bool take(Fault fault);

    KeychainTokenStore m_keychain;
    Fault m_fault = Fault::None;
    int m_writesBeforeHold = 0; //!< with HoldNextWrite: writes to let through first
};

} // namespace Tessera::Test

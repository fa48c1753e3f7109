// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tokenstore.h>

#include <memory>

namespace Tessera {

class MemoryTokenStorePrivate;

/*!
 * \brief A TokenStore that keeps secrets in this process only.
 *
 * For tests, and as the fallback when no keychain can be reached. setFailure() makes the
 * following operations fail, so tests can drive the storage-error paths; setHeld() keeps
 * operations from completing until the test lets them, so tests can look at what a session
 * does while its write is still on the way.
 */
class TESSERACORE_EXPORT MemoryTokenStore : public TokenStore
{
    Q_OBJECT
public:
    explicit MemoryTokenStore(QObject *parent = nullptr);
    ~MemoryTokenStore() override;

    void read(const QString &key, QObject *context, ReadHandler handler) override;
    void write(const QString &key, const Secret &data, QObject *context,
               WriteHandler handler) override;
    void remove(const QString &key, QObject *context, WriteHandler handler) override;
    bool isPersistent() const override { return false; }
    QString description() const override;

    /*! \brief Makes every later operation fail with \a status until cleared with Status::Ok. */
    void setFailure(Status status);
    /*!
     * \brief While \a held, operations queue up untouched: nothing is read, written or removed
     * and no handler runs. Setting it back to false carries out the queued operations in order.
     * For tests.
     */
    void setHeld(bool held);
    /*! \brief Carries out the \a count oldest queued operations (all by default), in order,
     *  and keeps holding the rest and later ones. */
    void releaseHeld(int count = -1);
    /*! \brief Forgets the queued operations: none is ever carried out, nor answered, as if the
     *  process had been killed with them on their way; for tests. */
    void dropHeld();
    /*! \brief Number of operations waiting while held; for tests. */
    int heldCount() const;

    /*! \brief Number of keys held; for tests. */
    int count() const;
    /*! \brief True if \a key holds data; for tests. */
    bool contains(const QString &key) const;
    /*! \brief What \a key holds right now (empty if nothing), without waiting for queued
     *  operations; for tests. */
    Secret peek(const QString &key) const;

private:
    std::unique_ptr<MemoryTokenStorePrivate> const d;
};

} // namespace Tessera

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/secret.h>
#include <Tessera/tesseracore_export.h>

#include <QObject>
#include <QString>

#include <functional>

namespace Tessera {

/*!
 * \brief Where a session's tokens live between processes: an asynchronous key → secret store.
 *
 * Handlers are called exactly once, never from inside the call that started the operation,
 * on \a context's thread, and not at all once \a context is destroyed. Operations on one
 * store complete in the order they were started. Implementations never block the caller.
 *
 * \sa KeychainTokenStore, MemoryTokenStore
 */
class TESSERACORE_EXPORT TokenStore : public QObject
{
    Q_OBJECT
public:
    enum class Status {
        Ok,
        NotFound, //!< nothing stored under that key
        Unavailable, //!< no keychain service, or it is locked and could not be opened
        AccessDenied, //!< the user or the keychain refused access
        Timeout, //!< the keychain did not answer in time
        Failed, //!< any other failure; see errorString
    };
    Q_ENUM(Status)

    struct Result
    {
        Status status = Status::Ok;
        QString errorString; //!< human-readable, never contains secret data
        bool isOk() const { return status == Status::Ok; }
    };

    using ReadHandler = std::function<void(const Result &result, const Secret &data)>;
    using WriteHandler = std::function<void(const Result &result)>;

    explicit TokenStore(QObject *parent = nullptr);
    ~TokenStore() override;

    virtual void read(const QString &key, QObject *context, ReadHandler handler) = 0;
    virtual void write(const QString &key, const Secret &data, QObject *context,
                       WriteHandler handler) = 0;
    /*! \brief Removes \a key; removing a key that does not exist succeeds. */
    virtual void remove(const QString &key, QObject *context, WriteHandler handler) = 0;

    /*! \brief True when stored data outlives the process. */
    virtual bool isPersistent() const = 0;
    /*! \brief Where the data goes, for messages: "Secret Service", "memory". */
    virtual QString description() const = 0;
};

} // namespace Tessera

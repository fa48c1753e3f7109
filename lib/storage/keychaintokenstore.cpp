// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/keychaintokenstore.h>

#include "keychaintokenstorelock_p.h"
#include "logging_p.h"
#include "tokenstore_p.h"

#include <qt6keychain/keychain.h>

#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <optional>

namespace Tessera {

namespace {

using Status = TokenStore::Status;
using Result = TokenStore::Result;

enum class Kind { Read, Write, Remove };

struct Operation
{
    Kind kind = Kind::Read;
    QString key;
    Secret data; // what to write; the read data travels in the job
    QPointer<QObject> context;
    TokenStore::ReadHandler readHandler;
    TokenStore::WriteHandler writeHandler;
};

const char *kindName(Kind kind)
{
    switch (kind) {
    case Kind::Read:
        return "read";
    case Kind::Write:
        return "write";
    case Kind::Remove:
        return "remove";
    }
    return "?";
}

// QtKeychain reports most trouble as OtherError with a GLib/D-Bus message ("Cannot autolaunch
// D-Bus without X11 $DISPLAY", "Could not connect: No such file or directory", "The name
// org.freedesktop.secrets was not provided by any .service files", ...). Sort those by text.
Status classifyOtherError(const QString &message)
{
    static const char *const unavailable[] = {
            "d-bus",          "dbus",           "autolaunch",        "could not connect",
            "connection",     "address",        "transport",         "freedesktop.secrets",
            ".service files", "serviceunknown", "no such interface", "libsecret",
            "wallet",         "not running",    "no keychain",       "backend"};
    static const char *const timedOut[] = {"timeout was reached", "timed out"};
    static const char *const denied[] = {"dismissed", "locked", "not allowed", "denied"};

    const QString text = message.toLower();
    const auto matches = [&text](const auto &needles) {
        for (const char *needle : needles) {
            if (text.contains(QLatin1String(needle)))
                return true;
        }
        return false;
    };
    if (matches(timedOut))
        return Status::Timeout;
    if (matches(unavailable))
        return Status::Unavailable;
    if (matches(denied))
        return Status::AccessDenied;
    return Status::Failed;
}

Status classify(QKeychain::Error error, const QString &message)
{
    switch (error) {
    case QKeychain::NoError:
        return Status::Ok;
    case QKeychain::EntryNotFound:
        return Status::NotFound;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Status::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Status::Unavailable;
    case QKeychain::CouldNotDeleteEntry:
        return Status::Failed;
    case QKeychain::OtherError:
        return classifyOtherError(message);
    }
    return Status::Failed;
}

// QtKeychain's messages come from libsecret and D-Bus and carry no secret data.
QString describe(Status status, const QString &message)
{
    const QString detail = message.isEmpty() ? KeychainTokenStore::tr("no details") : message;
    switch (status) {
    case Status::Ok:
        return {};
    case Status::NotFound:
        return KeychainTokenStore::tr("Nothing is stored under this key.");
    case Status::Unavailable:
        return KeychainTokenStore::tr("No keychain service is reachable: %1").arg(detail);
    case Status::AccessDenied:
        return KeychainTokenStore::tr("The keychain refused access: %1").arg(detail);
    case Status::Timeout:
        return KeychainTokenStore::tr("The keychain did not answer in time: %1").arg(detail);
    case Status::Failed:
        break;
    }
    return KeychainTokenStore::tr("The keychain reported an error: %1").arg(detail);
}

Result resultOf(const QKeychain::Job &job, Kind kind)
{
    const Status status = classify(job.error(), job.errorString());
    // Removing what is not there has the effect the caller wanted.
    if (status == Status::Ok || (kind == Kind::Remove && status == Status::NotFound))
        return {};
    return {status, describe(status, job.errorString())};
}

} // namespace

class KeychainTokenStorePrivate
{
public:
    explicit KeychainTokenStorePrivate(KeychainTokenStore *store, const QString &service);

    void enqueue(Operation operation);
    void startNext();
    QKeychain::Job *createJob(const Operation &operation) const;
    void jobFinished(QKeychain::Job *job);
    void confirmNotFound(const Result &notFound);
    void timedOut();
    void complete(const Result &result, const Secret &data);
    void abandonAll();

    KeychainTokenStore *const q;
    const QString service;
    std::chrono::milliseconds timeout {10000};
    std::deque<Operation> queue;
    std::optional<Operation> current;
    quint64 serial = 0; // bumped by every operation that starts
    // The running job. Never deleted here: QtKeychain's libsecret callbacks hold raw pointers
    // to it, so a job that timed out is left to finish (and auto-delete) on its own.
    QPointer<QKeychain::Job> currentJob;
    QMetaObject::Connection jobConnection;
    QTimer *const timer; // a child of q, so that it follows the store to another thread
};

KeychainTokenStorePrivate::KeychainTokenStorePrivate(KeychainTokenStore *store,
                                                     const QString &service)
    : q(store)
    , service(service)
    , timer(new QTimer(store))
{
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, q, [this] { timedOut(); });
}

void KeychainTokenStorePrivate::enqueue(Operation operation)
{
    if (!operation.context)
        operation.context = q;
    queue.push_back(std::move(operation));
    startNext();
}

void KeychainTokenStorePrivate::startNext()
{
    if (current || queue.empty())
        return;
    current = std::move(queue.front());
    queue.pop_front();
    ++serial;

    QKeychain::Job *job = createJob(*current);
    current->data = Secret(); // the job holds the bytes now
    currentJob = job;
    jobConnection = QObject::connect(job, &QKeychain::Job::finished, q,
                                     [this](QKeychain::Job *finished) { jobFinished(finished); });
    qCDebug(lcStore) << "keychain:" << kindName(current->kind) << current->key << "started";
    timer->start(timeout);
    job->start();
}

QKeychain::Job *KeychainTokenStorePrivate::createJob(const Operation &operation) const
{
    QKeychain::Job *job = nullptr;
    switch (operation.kind) {
    case Kind::Read:
        job = new QKeychain::ReadPasswordJob(service);
        break;
    case Kind::Write: {
        auto *write = new QKeychain::WritePasswordJob(service);
        write->setBinaryData(operation.data.reveal());
        job = write;
        break;
    }
    case Kind::Remove:
        job = new QKeychain::DeletePasswordJob(service);
        break;
    }
    job->setKey(operation.key);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    return job;
}

void KeychainTokenStorePrivate::jobFinished(QKeychain::Job *job)
{
    if (job != currentJob || !current)
        return;
    timer->stop();
    const Result result = resultOf(*job, current->kind);
    Secret data;
    if (result.isOk() && current->kind == Kind::Read)
        data = Secret(qobject_cast<QKeychain::ReadPasswordJob *>(job)->binaryData());
    if (result.status == Status::NotFound)
        confirmNotFound(result);
    else
        complete(result, data);
}

// "Not found" may be a locked keychain whose unlock prompt could not be shown: that is a
// storage error, not a signed-out user. Still bounded by the operation's timer.
void KeychainTokenStorePrivate::confirmNotFound(const Result &notFound)
{
    QObject::disconnect(jobConnection);
    currentJob = nullptr;
    const quint64 operation = serial;
    KeychainLock::probe(service, current->key, q, [this, operation, notFound](bool locked) {
        if (!current || operation != serial)
            return; // timed out meanwhile
        timer->stop();
        if (!locked) {
            complete(notFound, Secret());
            return;
        }
        complete(
                {Status::Unavailable,
                 KeychainTokenStore::tr("The keychain is locked, and it could not be unlocked "
                                        "(no unlock prompt could be shown, or it was dismissed).")},
                Secret());
    });
}

void KeychainTokenStorePrivate::timedOut()
{
    if (!current)
        return;
    qCWarning(lcStore) << "keychain:" << kindName(current->kind) << current->key
                       << "did not finish within" << timeout.count() << "ms";
    const QString detail = KeychainTokenStore::tr("no answer within %1 ms").arg(timeout.count());
    complete({Status::Timeout, describe(Status::Timeout, detail)}, Secret());
}

void KeychainTokenStorePrivate::complete(const Result &result, const Secret &data)
{
    QObject::disconnect(jobConnection);
    currentJob = nullptr;
    Operation operation = std::move(*current);
    current.reset();
    qCDebug(lcStore) << "keychain:" << kindName(operation.kind) << operation.key << "finished"
                     << result.status;
    if (operation.kind == Kind::Read)
        deliverRead(operation.context, std::move(operation.readHandler), result, data);
    else
        deliverWrite(operation.context, std::move(operation.writeHandler), result);
    startNext();
}

// Reports every pending operation as failed; for the destructor.
void KeychainTokenStorePrivate::abandonAll()
{
    timer->stop();
    QObject::disconnect(jobConnection);
    const Result result {Status::Failed,
                         KeychainTokenStore::tr("The token store was destroyed before the "
                                                "operation finished.")};
    if (current)
        queue.push_front(std::move(*current));
    current.reset();
    for (Operation &operation : queue) {
        if (operation.kind == Kind::Read)
            deliverRead(operation.context, std::move(operation.readHandler), result, Secret());
        else
            deliverWrite(operation.context, std::move(operation.writeHandler), result);
    }
    queue.clear();
}

KeychainTokenStore::KeychainTokenStore(const QString &service, QObject *parent)
    : TokenStore(parent)
    , d(std::make_unique<KeychainTokenStorePrivate>(this, service))
{ }

KeychainTokenStore::~KeychainTokenStore()
{
    d->abandonAll();
}

void KeychainTokenStore::read(const QString &key, QObject *context, ReadHandler handler)
{
    Operation operation;
    operation.kind = Kind::Read;
    operation.key = key;
    operation.context = context;
    operation.readHandler = std::move(handler);
    d->enqueue(std::move(operation));
}

void KeychainTokenStore::write(const QString &key, const Secret &data, QObject *context,
                               WriteHandler handler)
{
    Operation operation;
    operation.kind = Kind::Write;
    operation.key = key;
    operation.data = data;
    operation.context = context;
    operation.writeHandler = std::move(handler);
    d->enqueue(std::move(operation));
}

void KeychainTokenStore::remove(const QString &key, QObject *context, WriteHandler handler)
{
    Operation operation;
    operation.kind = Kind::Remove;
    operation.key = key;
    operation.context = context;
    operation.writeHandler = std::move(handler);
    d->enqueue(std::move(operation));
}

QString KeychainTokenStore::description() const
{
#if defined(Q_OS_MACOS) || defined(Q_OS_IOS)
    return tr("Keychain");
#elif defined(Q_OS_WIN)
    return tr("Windows Credential Manager");
#else
    return tr("Secret Service");
#endif
}

QString KeychainTokenStore::service() const
{
    return d->service;
}

std::chrono::milliseconds KeychainTokenStore::timeout() const
{
    return d->timeout;
}

void KeychainTokenStore::setTimeout(std::chrono::milliseconds timeout)
{
    d->timeout = std::max(timeout, std::chrono::milliseconds(1));
}

} // namespace Tessera

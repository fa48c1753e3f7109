// SPDX-License-Identifier: BSD-3-Clause
#include <Tessera/memorytokenstore.h>

#include "logging_p.h"
#include "tokenstore_p.h"

#include <QHash>
#include <QPointer>

#include <deque>
#include <functional>

namespace Tessera {

class MemoryTokenStorePrivate
{
public:
    // The result every operation reports while a failure is set.
    TokenStore::Result failureResult() const;

    QHash<QString, Secret> entries;
    TokenStore::Status failure = TokenStore::Status::Ok;
    bool held = false;
    std::deque<std::function<void()>> queue; // operations waiting while held
};

TokenStore::Result MemoryTokenStorePrivate::failureResult() const
{
    if (failure == TokenStore::Status::Ok)
        return {};
    return {failure,
            MemoryTokenStore::tr("The in-memory token store was told to fail (simulated error).")};
}

// Operations take effect at once, in call order; only the handlers wait for the event loop.
MemoryTokenStore::MemoryTokenStore(QObject *parent)
    : TokenStore(parent)
    , d(std::make_unique<MemoryTokenStorePrivate>())
{ }

MemoryTokenStore::~MemoryTokenStore() = default;

void MemoryTokenStore::read(const QString &key, QObject *context, ReadHandler handler)
{
    if (d->held) {
        d->queue.push_back([this, key, guard = QPointer<QObject>(context), context,
                            handler = std::move(handler)]() mutable {
            if (!context || guard)
                read(key, context, std::move(handler));
        });
        return;
    }
    Result result = d->failureResult();
    Secret data;
    if (result.isOk()) {
        const auto it = d->entries.constFind(key);
        if (it == d->entries.constEnd())
            result = {Status::NotFound, tr("Nothing is stored under this key.")};
        else
            data = it.value();
    }
    qCDebug(lcStore) << "memory: read" << key << result.status;
    deliverRead(context ? context : this, std::move(handler), result, data);
}

void MemoryTokenStore::write(const QString &key, const Secret &data, QObject *context,
                             WriteHandler handler)
{
    if (d->held) {
        d->queue.push_back([this, key, data, guard = QPointer<QObject>(context), context,
                            handler = std::move(handler)]() mutable {
            if (!context || guard)
                write(key, data, context, std::move(handler));
        });
        return;
    }
    const Result result = d->failureResult();
    if (result.isOk())
        d->entries.insert(key, data);
    qCDebug(lcStore) << "memory: write" << key << data << result.status;
    deliverWrite(context ? context : this, std::move(handler), result);
}

void MemoryTokenStore::remove(const QString &key, QObject *context, WriteHandler handler)
{
    if (d->held) {
        d->queue.push_back([this, key, guard = QPointer<QObject>(context), context,
                            handler = std::move(handler)]() mutable {
            if (!context || guard)
                remove(key, context, std::move(handler));
        });
        return;
    }
    const Result result = d->failureResult();
    if (result.isOk())
        d->entries.remove(key);
    qCDebug(lcStore) << "memory: remove" << key << result.status;
    deliverWrite(context ? context : this, std::move(handler), result);
}

QString MemoryTokenStore::description() const
{
    return tr("memory");
}

void MemoryTokenStore::setFailure(Status status)
{
    d->failure = status;
}

void MemoryTokenStore::setHeld(bool held)
{
    if (held) {
        d->held = true;
        return;
    }
    releaseHeld();
    d->held = false;
}

void MemoryTokenStore::releaseHeld(int count)
{
    // Each released operation runs as if it had just been started, unheld.
    std::deque<std::function<void()>> due;
    const auto n = count < 0 ? d->queue.size() : std::min<size_t>(size_t(count), d->queue.size());
    for (size_t i = 0; i < n; ++i) {
        due.push_back(std::move(d->queue.front()));
        d->queue.pop_front();
    }
    const bool wasHeld = d->held;
    d->held = false;
    for (auto &operation : due)
        operation();
    d->held = wasHeld;
}

void MemoryTokenStore::dropHeld()
{
    d->queue.clear();
}

int MemoryTokenStore::heldCount() const
{
    return static_cast<int>(d->queue.size());
}

Secret MemoryTokenStore::peek(const QString &key) const
{
    return d->entries.value(key);
}

int MemoryTokenStore::count() const
{
    return static_cast<int>(d->entries.size());
}

bool MemoryTokenStore::contains(const QString &key) const
{
    return d->entries.contains(key);
}

} // namespace Tessera

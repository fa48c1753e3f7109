// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "storedsession_p.h"

#include <Tessera/manualclock.h>
#include <Tessera/memorytokenstore.h>
#include <Tessera/session.h>

#include <QList>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace Tessera::Test {

/*!
 * \brief A Session wired to a ManualClock that starts at the real current time, an in-memory
 * store and its own network access manager, recording every state it passes through.
 * The dev server keeps real time, so tokens it issues stay valid on its side while the test
 * moves the session's clock through their whole lifetime.
 */
class SessionHarness
{
public:
    explicit SessionHarness(const Profile &profile)
        : clock(QDateTime::currentDateTimeUtc())
    {
        session = makeSession(profile);
    }

    std::unique_ptr<Session> makeSession(const Profile &profile)
    {
        auto made = std::make_unique<Session>(profile);
        made->setClock(&clock);
        made->setTokenStore(&store);
        made->setNetworkAccessManager(&manager);
        states.clear();
        QObject::connect(made.get(), &Session::stateChanged, made.get(),
                         [this](Session::State state) { states.append(state); });
        return made;
    }

    /*! \brief The stored session of \a user, read synchronously from the memory store. */
    std::optional<StoredSession> stored(const QString &user)
    {
        std::optional<StoredSession> result;
        bool done = false;
        store.read(storedSessionKey(session->profile().id(), user), &store,
                   [&](const TokenStore::Result &r, const Secret &data) {
                       if (r.isOk())
                           result = parseStoredSession(data).session;
                       done = true;
                   });
        if (!QTest::qWaitFor([&] { return done; }, 2000))
            qWarning("the token store did not answer");
        return result;
    }

    /*! \brief Moves the clock to \a at (if it is later than now). */
    void advanceTo(const QDateTime &at)
    {
        const qint64 ms = clock.now().msecsTo(at);
        if (ms > 0)
            clock.advance(std::chrono::milliseconds(ms));
    }

    ManualClock clock;
    MemoryTokenStore store;
    QNetworkAccessManager manager;
    std::unique_ptr<Session> session;
    QList<Session::State> states;
};

} // namespace Tessera::Test

// SPDX-License-Identifier: BSD-3-Clause
// The interleaving table of operationpolicy_p.h, end to end: a real Session against the real dev
// server, one row per cell (the operation running, the call made meanwhile). Each operation is
// kept running for as long as the row needs it: Restore and StoreSignIn (and a SignOut at its
// first read) by holding the MemoryTokenStore, SignIn, Refresh and a SignOut's revocation by a
// `delay_ms` fault that keeps their request waiting at the server. What is checked is what a
// user of Session sees: the states, the signals and errors in their order, who is signed in,
// what is left in the store, and what reached its end at the server (a request that was
// abandoned is never answered there: the server drops a delayed answer whose client went away).
// tst_operationpolicy checks the pure table; tst_session_storage looks closer at some of the
// StoreSignIn cells (what each store step leaves behind).
#include "accountpointer_p.h"
#include "devserverprocess.h"
#include "operationpolicy_p.h"
#include "sessionharness.h"

#include <QJsonArray>
#include <QMetaEnum>
#include <QTest>

#include <memory>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;
using Error = Session::Error;
using Kind = SessionOperation::Kind;
using Call = OperationPolicy::Call;
using Answer = OperationPolicy::Answer;

namespace {

// The operation a row keeps running, and how.
enum class Running {
    Restore, //!< restore() at start-up, alice stored; the store holds the read
    SignIn, //!< signIn(alice); the server delays the login
    StoreSignIn, //!< signIn(alice) granted; the store holds the writes
    Refresh, //!< alice active, refresh(); the server delays /auth/refresh
    SignOutRevoking, //!< alice active, signOut(); the store is wiped, the server delays the logout
    SignOutReading, //!< alice active, signOut(); the store holds the sign-out's first read
};

// What the row calls while it runs.
enum class Act {
    Restore, //!< restore(): the profile's current account
    RestoreBob, //!< restore(bob), who has nothing stored
    SignInBob,
    SignOut,
    Refresh,
    Cancel,
};

Kind kindOf(Running running)
{
    switch (running) {
    case Running::Restore:
        return Kind::Restore;
    case Running::SignIn:
        return Kind::SignIn;
    case Running::StoreSignIn:
        return Kind::StoreSignIn;
    case Running::Refresh:
        return Kind::Refresh;
    case Running::SignOutRevoking:
    case Running::SignOutReading:
        return Kind::SignOut;
    }
    return Kind::Restore;
}

Call callOf(Act act)
{
    switch (act) {
    case Act::Restore:
    case Act::RestoreBob:
        return Call::Restore;
    case Act::SignInBob:
        return Call::SignIn;
    case Act::SignOut:
        return Call::SignOut;
    case Act::Refresh:
        return Call::Refresh;
    case Act::Cancel:
        return Call::Cancel;
    }
    return Call::Restore;
}

// Long enough for a test to act while a request waits at the server, short enough for 15 rows
// that wait it out. Within DevServerProcess's bound on a control call (the barrier waits it).
constexpr int serverDelayMs = 1500;

const QString loginPath = QStringLiteral("/auth/login");
const QString refreshPath = QStringLiteral("/auth/refresh");
const QString logoutPath = QStringLiteral("/auth/logout");

} // namespace

Q_DECLARE_METATYPE(Running)
Q_DECLARE_METATYPE(Act)
Q_DECLARE_METATYPE(QList<Act>)
Q_DECLARE_METATYPE(Tessera::OperationPolicy::Answer)

class tst_SessionInterleaving : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void callWhileAnOperationRuns_data();
    void callWhileAnOperationRuns();

private:
    Profile profile() const { return m_server.profile(Profile::Dialect::Json); }
    void signInAlice(SessionHarness &h);
    /*! \brief Brings \a running into flight on \a h, recording from its first state on. */
    void startRunning(SessionHarness &h, Running running);
    void record(Session *session);
    int pendingFaults(const QString &path);
    /*! \brief Returns once every request the server has delayed so far is answered or dropped:
     *  a request delayed as long, made now, is answered after them. */
    void waitOutServerDelays();
    QString describeStore(SessionHarness &h) const;
    QString describeServer();

    DevServerProcess m_server;
    QString m_delayedPath; //!< of the request the server keeps waiting, if it does
    std::unique_ptr<QSignalSpy> m_states;
    QStringList m_events; //!< signedIn, refreshed, signedOut and errors, in their order
};

// Everything a row checks once the operations are over, on one line, so that a row that fails
// shows its whole outcome next to what the table says.
static QString describe(const QList<State> &states, const QStringList &events, const QString &user,
                        const QString &stored, const QString &server)
{
    QStringList stateNames;
    for (State state : states)
        stateNames << QLatin1String(QMetaEnum::fromType<State>().valueToKey(int(state)));
    return QStringLiteral("states: %1 | events: %2 | user: %3 | store: %4 | server: %5")
            .arg(stateNames.join(QLatin1Char(' ')), events.join(QLatin1Char(' ')), user, stored,
                 server);
}

static QList<State> statesOf(const QSignalSpy &spy)
{
    QList<State> states;
    for (const QList<QVariant> &arguments : spy)
        states.append(arguments.at(0).value<State>());
    return states;
}

void tst_SessionInterleaving::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_SessionInterleaving::init()
{
    m_server.clearFaults();
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
    m_server.resetStats();
    m_states.reset();
    m_events.clear();
}

void tst_SessionInterleaving::signInAlice(SessionHarness &h)
{
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
}

void tst_SessionInterleaving::record(Session *session)
{
    m_server.resetStats();
    m_states = std::make_unique<QSignalSpy>(session, &Session::stateChanged);
    m_events.clear();
    connect(session, &Session::signedIn, this, [this] { m_events << QStringLiteral("signedIn"); });
    connect(session, &Session::refreshed, this,
            [this] { m_events << QStringLiteral("refreshed"); });
    connect(session, &Session::signedOut, this,
            [this] { m_events << QStringLiteral("signedOut"); });
    connect(session, &Session::errorOccurred, this, [this](Error error) {
        m_events << QStringLiteral("error ")
                            + QLatin1String(QMetaEnum::fromType<Error>().valueToKey(int(error)));
    });
}

int tst_SessionInterleaving::pendingFaults(const QString &path)
{
    int pending = 0;
    const QJsonArray faults = m_server.get(QStringLiteral("/_dev/faults"))
                                      .body.value(QStringLiteral("faults"))
                                      .toArray();
    for (const QJsonValue &fault : faults)
        pending += fault.toObject().value(QStringLiteral("path")).toString() == path;
    return pending;
}

void tst_SessionInterleaving::startRunning(SessionHarness &h, Running running)
{
    // The request the server keeps waiting; once it has arrived, a harmless tripwire on the same
    // path (a 1 ms delay) tells whether the call sent a request of its own there.
    const auto delay = [this](const QString &path, const std::function<void()> &send) {
        m_server.addFault(
                {{QStringLiteral("path"), path}, {QStringLiteral("delay_ms"), serverDelayMs}});
        send();
        QTRY_COMPARE(pendingFaults(path), 0); // at the server, waiting
        m_server.addFault({{QStringLiteral("path"), path}, {QStringLiteral("delay_ms"), 1}});
        m_delayedPath = path;
    };
    m_delayedPath.clear();
    switch (running) {
    case Running::Restore:
        signInAlice(h);
        h.session = h.makeSession(profile()); // a program starting
        h.store.setHeld(true);
        record(h.session.get());
        h.session->restore();
        QTRY_COMPARE(h.store.heldCount(), 1); // the account pointer is being read
        return;
    case Running::SignIn:
        record(h.session.get());
        delay(loginPath,
              [&] { h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword)); });
        return;
    case Running::StoreSignIn:
        h.store.setHeld(true);
        record(h.session.get());
        h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
        QTRY_COMPARE(h.store.heldCount(), 1); // granted: storing has begun
        QCOMPARE(m_server.stats().value(QStringLiteral("logins")).toInt(), 1);
        return;
    case Running::Refresh:
        signInAlice(h);
        record(h.session.get());
        delay(refreshPath, [&] { h.session->refresh(); });
        return;
    case Running::SignOutRevoking:
        signInAlice(h);
        record(h.session.get());
        delay(logoutPath, [&] { h.session->signOut(); });
        return;
    case Running::SignOutReading:
        signInAlice(h);
        h.store.setHeld(true);
        record(h.session.get());
        h.session->signOut();
        QTRY_COMPARE(h.store.heldCount(), 1); // alice's entry is being read
        return;
    }
}

void tst_SessionInterleaving::waitOutServerDelays()
{
    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/me")},
                       {QStringLiteral("delay_ms"), serverDelayMs}});
    QCOMPARE(m_server.get(QStringLiteral("/api/me")).status, 401);
}

// "pointer=<current account> entries=<accounts with a stored session>"; "-" for none.
QString tst_SessionInterleaving::describeStore(SessionHarness &h) const
{
    const QString id = h.session->profile().id();
    const Secret pointerData = h.store.peek(currentAccountKey(id));
    QString pointer = QStringLiteral("-");
    int keys = 0;
    if (!pointerData.isEmpty()) {
        ++keys;
        const AccountPointer parsed = parseAccountPointer(pointerData);
        pointer = parsed.current.isEmpty() ? QStringLiteral("(none)") : parsed.current;
        if (!parsed.leftovers.isEmpty())
            pointer += QStringLiteral("+leftovers:") + parsed.leftovers.join(QLatin1Char(','));
    }
    QStringList entries;
    for (const QString &user : {Accounts::alice, Accounts::bob}) {
        if (h.store.contains(storedSessionKey(id, user))) {
            entries << user;
            ++keys;
        }
    }
    QString text = QStringLiteral("pointer=%1 entries=%2")
                           .arg(pointer, entries.isEmpty() ? QStringLiteral("-")
                                                           : entries.join(QLatin1Char(',')));
    if (h.store.count() != keys)
        text += QStringLiteral(" others=%1").arg(h.store.count() - keys);
    return text;
}

// What reached its end at the server since the running operation began; with a delayed request,
// whether the call sent another to the same path.
QString tst_SessionInterleaving::describeServer()
{
    const QJsonObject stats = m_server.stats();
    QString text = QStringLiteral("logins=%1 refreshes=%2 logouts=%3")
                           .arg(stats.value(QStringLiteral("logins")).toInt())
                           .arg(stats.value(QStringLiteral("refreshes")).toInt())
                           .arg(stats.value(QStringLiteral("logouts")).toInt());
    if (!m_delayedPath.isEmpty())
        text += pendingFaults(m_delayedPath) == 0 ? QStringLiteral(" resent=yes")
                                                  : QStringLiteral(" resent=no");
    return text;
}

void tst_SessionInterleaving::callWhileAnOperationRuns_data()
{
    QTest::addColumn<Running>("running");
    QTest::addColumn<QList<Act>>("acts");
    QTest::addColumn<Answer>("answer"); // the table's, for every act
    QTest::addColumn<QList<State>>("states"); // from the running operation's first on
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("server");

    using S = State;
    const QString alice = Accounts::alice;
    const QString bob = Accounts::bob;
    const QString signedIn = QStringLiteral("signedIn");
    const QString refreshed = QStringLiteral("refreshed");
    const QString signedOut = QStringLiteral("signedOut");
    const QString notSignedIn = QStringLiteral("error NotSignedIn");
    const QString storesAlice = QStringLiteral("pointer=alice entries=alice");
    const QString storesBob = QStringLiteral("pointer=bob entries=bob");
    const QString storesNothing = QStringLiteral("pointer=- entries=-");

    // Restore, with alice stored. Start: the restore's read is dropped, the call's outcome
    // stands; signOut() waits for the restore to know which account to end; refresh() and
    // cancel() are refused and the restore goes on.
    QTest::newRow("Restore | restore(bob): Start")
            << Running::Restore << QList {Act::RestoreBob} << Answer::Start
            << QList {S::Restoring, S::SignedOut} << QStringList {} << bob << storesAlice
            << QStringLiteral("logins=0 refreshes=0 logouts=0");
    QTest::newRow("Restore | signIn(bob): Start")
            << Running::Restore << QList {Act::SignInBob} << Answer::Start
            << QList {S::Restoring, S::SigningIn, S::Active} << QStringList {signedIn} << bob
            << storesBob << QStringLiteral("logins=1 refreshes=0 logouts=1"); // alice's ended
    QTest::newRow("Restore | signOut: Wait")
            << Running::Restore << QList {Act::SignOut} << Answer::Wait
            << QList {S::Restoring, S::Active, S::SigningOut, S::SignedOut}
            << QStringList {signedOut} << QString() << storesNothing
            << QStringLiteral("logins=0 refreshes=0 logouts=1");
    QTest::newRow("Restore | refresh: Refuse")
            << Running::Restore << QList {Act::Refresh} << Answer::Refuse
            << QList {S::Restoring, S::Active} << QStringList {notSignedIn} << alice << storesAlice
            << QStringLiteral("logins=0 refreshes=0 logouts=0");
    QTest::newRow("Restore | cancel: Refuse")
            << Running::Restore << QList {Act::Cancel} << Answer::Refuse
            << QList {S::Restoring, S::Active} << QStringList {} << alice << storesAlice
            << QStringLiteral("logins=0 refreshes=0 logouts=0");

    // SignIn as alice, the login waiting at the server. Start: alice's login is abandoned (the
    // server never grants it: logins counts only the call's); refresh() is refused and the
    // sign-in goes on.
    QTest::newRow("SignIn | restore: Start")
            << Running::SignIn << QList {Act::Restore} << Answer::Start
            << QList {S::SigningIn, S::Restoring, S::SignedOut} << QStringList {} << QString()
            << storesNothing << QStringLiteral("logins=0 refreshes=0 logouts=0 resent=no");
    QTest::newRow("SignIn | signIn(bob): Start")
            << Running::SignIn << QList {Act::SignInBob} << Answer::Start
            << QList {S::SigningIn, S::Active} << QStringList {signedIn} << bob << storesBob
            << QStringLiteral("logins=1 refreshes=0 logouts=0 resent=yes");
    QTest::newRow("SignIn | signOut: Start")
            << Running::SignIn << QList {Act::SignOut} << Answer::Start
            << QList {S::SigningIn, S::SigningOut, S::SignedOut} << QStringList {signedOut}
            << QString() << storesNothing
            << QStringLiteral("logins=0 refreshes=0 logouts=0 resent=no");
    QTest::newRow("SignIn | refresh: Refuse")
            << Running::SignIn << QList {Act::Refresh} << Answer::Refuse
            << QList {S::SigningIn, S::Active} << QStringList {notSignedIn, signedIn} << alice
            << storesAlice << QStringLiteral("logins=1 refreshes=0 logouts=0 resent=no");
    QTest::newRow("SignIn | cancel: Start")
            << Running::SignIn << QList {Act::Cancel} << Answer::Start
            << QList {S::SigningIn, S::SignedOut} << QStringList {} << QString() << storesNothing
            << QStringLiteral("logins=0 refreshes=0 logouts=0 resent=no");

    // StoreSignIn: alice's sign-in granted, its writes held. Wait: alice's sign-in is stored
    // and announced first, then the call is done; of several, the last. refresh() and cancel()
    // are refused.
    QTest::newRow("StoreSignIn | restore: Wait")
            << Running::StoreSignIn << QList {Act::Restore} << Answer::Wait
            << QList {S::SigningIn, S::Active, S::Restoring, S::Active} << QStringList {signedIn}
            << alice << storesAlice << QStringLiteral("logins=1 refreshes=0 logouts=0");
    QTest::newRow("StoreSignIn | signIn(bob): Wait")
            << Running::StoreSignIn << QList {Act::SignInBob} << Answer::Wait
            << QList {S::SigningIn, S::Active, S::SigningIn, S::Active}
            << QStringList {signedIn, signedIn} << bob << storesBob
            << QStringLiteral("logins=2 refreshes=0 logouts=1"); // logouts: alice's, ended by bob's
                                                                 // sign-in
    QTest::newRow("StoreSignIn | signOut: Wait")
            << Running::StoreSignIn << QList {Act::SignOut} << Answer::Wait
            << QList {S::SigningIn, S::Active, S::SigningOut, S::SignedOut}
            << QStringList {signedIn, signedOut} << QString() << storesNothing
            << QStringLiteral("logins=1 refreshes=0 logouts=1");
    QTest::newRow("StoreSignIn | refresh: Refuse")
            << Running::StoreSignIn << QList {Act::Refresh} << Answer::Refuse
            << QList {S::SigningIn, S::Active} << QStringList {notSignedIn, signedIn} << alice
            << storesAlice << QStringLiteral("logins=1 refreshes=0 logouts=0");
    QTest::newRow("StoreSignIn | cancel: Refuse")
            << Running::StoreSignIn << QList {Act::Cancel} << Answer::Refuse
            << QList {S::SigningIn, S::Active} << QStringList {signedIn} << alice << storesAlice
            << QStringLiteral("logins=1 refreshes=0 logouts=0");
    QTest::newRow("StoreSignIn | signIn(bob), signOut: Wait, the last is done")
            << Running::StoreSignIn << QList {Act::SignInBob, Act::SignOut} << Answer::Wait
            << QList {S::SigningIn, S::Active, S::SigningOut, S::SignedOut}
            << QStringList {signedIn, signedOut} << QString() << storesNothing
            << QStringLiteral("logins=1 refreshes=0 logouts=1");
    QTest::newRow("StoreSignIn | signOut, signIn(bob): Wait, the last is done")
            << Running::StoreSignIn << QList {Act::SignOut, Act::SignInBob} << Answer::Wait
            << QList {S::SigningIn, S::Active, S::SigningIn, S::Active}
            << QStringList {signedIn, signedIn} << bob << storesBob
            << QStringLiteral("logins=2 refreshes=0 logouts=1");

    // Refresh of alice's session, /auth/refresh waiting at the server. Start: the refresh is
    // abandoned (never rotated at the server, no refreshed()); refresh() is ignored (the one
    // running goes on, no second request), cancel() refused.
    QTest::newRow("Refresh | restore: Start")
            << Running::Refresh << QList {Act::Restore} << Answer::Start
            << QList {S::Refreshing, S::Restoring, S::Active} << QStringList {} << alice
            << storesAlice << QStringLiteral("logins=0 refreshes=0 logouts=0 resent=no");
    QTest::newRow("Refresh | signIn(bob): Start")
            << Running::Refresh << QList {Act::SignInBob} << Answer::Start
            << QList {S::Refreshing, S::SigningIn, S::Active} << QStringList {signedIn} << bob
            << storesBob << QStringLiteral("logins=1 refreshes=0 logouts=1 resent=no");
    QTest::newRow("Refresh | signOut: Start")
            << Running::Refresh << QList {Act::SignOut} << Answer::Start
            << QList {S::Refreshing, S::SigningOut, S::SignedOut} << QStringList {signedOut}
            << QString() << storesNothing
            << QStringLiteral("logins=0 refreshes=0 logouts=1 resent=no");
    QTest::newRow("Refresh | refresh: Ignore")
            << Running::Refresh << QList {Act::Refresh} << Answer::Ignore
            << QList {S::Refreshing, S::Active} << QStringList {refreshed} << alice << storesAlice
            << QStringLiteral("logins=0 refreshes=1 logouts=0 resent=no");
    QTest::newRow("Refresh | cancel: Refuse")
            << Running::Refresh << QList {Act::Cancel} << Answer::Refuse
            << QList {S::Refreshing, S::Active} << QStringList {refreshed} << alice << storesAlice
            << QStringLiteral("logins=0 refreshes=1 logouts=0 resent=no");

    // SignOut of alice, the store already wiped and the revocation waiting at the server. Wait:
    // the revocation reaches the server (abandoned, alice's tokens would stay valid there, held
    // by no store), signedOut() comes, then the call is done; signOut() is ignored (no second
    // revocation); refresh() and cancel() are refused and the sign-out goes on.
    QTest::newRow("SignOut (revoking) | restore: Wait")
            << Running::SignOutRevoking << QList {Act::Restore} << Answer::Wait
            << QList {S::SigningOut, S::SignedOut, S::Restoring, S::SignedOut}
            << QStringList {signedOut} << QString() << storesNothing
            << QStringLiteral("logins=0 refreshes=0 logouts=1 resent=no");
    QTest::newRow("SignOut (revoking) | signIn(bob): Wait")
            << Running::SignOutRevoking << QList {Act::SignInBob} << Answer::Wait
            << QList {S::SigningOut, S::SignedOut, S::SigningIn, S::Active}
            << QStringList {signedOut, signedIn} << bob << storesBob
            << QStringLiteral("logins=1 refreshes=0 logouts=1 resent=no");
    QTest::newRow("SignOut (revoking) | signOut: Ignore")
            << Running::SignOutRevoking << QList {Act::SignOut} << Answer::Ignore
            << QList {S::SigningOut, S::SignedOut} << QStringList {signedOut} << QString()
            << storesNothing << QStringLiteral("logins=0 refreshes=0 logouts=1 resent=no");
    QTest::newRow("SignOut (revoking) | refresh: Refuse")
            << Running::SignOutRevoking << QList {Act::Refresh} << Answer::Refuse
            << QList {S::SigningOut, S::SignedOut} << QStringList {notSignedIn, signedOut}
            << QString() << storesNothing
            << QStringLiteral("logins=0 refreshes=0 logouts=1 resent=no");
    QTest::newRow("SignOut (revoking) | cancel: Refuse")
            << Running::SignOutRevoking << QList {Act::Cancel} << Answer::Refuse
            << QList {S::SigningOut, S::SignedOut} << QStringList {signedOut} << QString()
            << storesNothing << QStringLiteral("logins=0 refreshes=0 logouts=1 resent=no");

    // SignOut of alice while the store holds its first read (nothing wiped yet). Wait: the
    // sign-out ends alice's session first, then the call is done with the store it left;
    // signOut() is ignored.
    QTest::newRow("SignOut (reading) | restore: Wait")
            << Running::SignOutReading << QList {Act::Restore} << Answer::Wait
            << QList {S::SigningOut, S::SignedOut, S::Restoring, S::SignedOut}
            << QStringList {signedOut} << QString() << storesNothing
            << QStringLiteral("logins=0 refreshes=0 logouts=1");
    QTest::newRow("SignOut (reading) | signIn(bob): Wait")
            << Running::SignOutReading << QList {Act::SignInBob} << Answer::Wait
            << QList {S::SigningOut, S::SignedOut, S::SigningIn, S::Active}
            << QStringList {signedOut, signedIn} << bob << storesBob
            << QStringLiteral("logins=1 refreshes=0 logouts=1");
    QTest::newRow("SignOut (reading) | signOut: Ignore")
            << Running::SignOutReading << QList {Act::SignOut} << Answer::Ignore
            << QList {S::SigningOut, S::SignedOut} << QStringList {signedOut} << QString()
            << storesNothing << QStringLiteral("logins=0 refreshes=0 logouts=1");
}

void tst_SessionInterleaving::callWhileAnOperationRuns()
{
    QFETCH(Running, running);
    QFETCH(QList<Act>, acts);
    QFETCH(Answer, answer);
    QFETCH(QList<State>, states);
    QFETCH(QStringList, events);
    QFETCH(QString, user);
    QFETCH(QString, stored);
    QFETCH(QString, server);

    // The row is the table's cell: if the table changes, so must the row.
    for (Act act : acts)
        QCOMPARE(OperationPolicy::admit(kindOf(running), callOf(act)), answer);

    SessionHarness h(profile());
    startRunning(h, running);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(statesOf(*m_states), states.mid(0, 1));

    for (Act act : acts) {
        switch (act) {
        case Act::Restore:
            h.session->restore();
            break;
        case Act::RestoreBob:
            h.session->restore(Accounts::bob);
            break;
        case Act::SignInBob:
            h.session->signIn(Accounts::bob, Secret(Accounts::bobPassword));
            break;
        case Act::SignOut:
            h.session->signOut();
            break;
        case Act::Refresh:
            h.session->refresh();
            break;
        case Act::Cancel:
            QCOMPARE(h.session->cancel(), answer == Answer::Start);
            break;
        }
    }
    h.store.setHeld(false);

    QTRY_COMPARE(statesOf(*m_states), states);
    // Whatever the server still delays is answered (or, its client gone, dropped) by now; what
    // the session still had to do after its last state shows during the round trips to the
    // server that describeServer() makes.
    if (!m_delayedPath.isEmpty())
        waitOutServerDelays();
    QCOMPARE(h.session->state(), states.last());
    const QString outcome = describe(statesOf(*m_states), m_events, h.session->user(),
                                     describeStore(h), describeServer());
    QCOMPARE(outcome, describe(states, events, user, stored, server));
}

QTEST_MAIN(tst_SessionInterleaving)
#include "tst_session_interleaving.moc"

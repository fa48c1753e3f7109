// SPDX-License-Identifier: BSD-3-Clause
// Session state -> tray look, against real sessions on the dev server.
#include "devserverprocess.h"
#include "sessionharness.h"
#include "trayicons.h"

#include <QApplication>
#include <QIcon>

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;
using State = Session::State;

class tst_TrayIcons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyLookHasItsOwnIcon();
    void sessionStatesMapToLooks();
    void mostUrgentWins_data();
    void mostUrgentWins();

private:
    DevServerProcess m_server;
};

void tst_TrayIcons::initTestCase()
{
    Q_INIT_RESOURCE(tessera_tray);
    QVERIFY(m_server.start());
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
}

void tst_TrayIcons::everyLookHasItsOwnIcon()
{
    QSet<QString> paths;
    for (TrayState state : {TrayState::SignedOut, TrayState::Active, TrayState::ExpiringSoon,
                            TrayState::Refreshing, TrayState::Offline, TrayState::SignInNeeded}) {
        paths.insert(trayIconPath(state));
        // Rendered by the SVG icon engine at panel sizes (needs libqt6svg6's plugins).
        for (int size : {16, 22, 48}) {
            const QPixmap pixmap = trayIcon(state).pixmap(size, size);
            QVERIFY2(!pixmap.isNull(), qPrintable(trayIconPath(state)));
            QCOMPARE(pixmap.width(), size);
        }
    }
    QCOMPARE(paths.size(), 6);
}

void tst_TrayIcons::sessionStatesMapToLooks()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    const auto look = [&](std::chrono::seconds warning = 600s) {
        return trayStateOf(*h.session, h.clock.now(), warning);
    };
    QCOMPARE(look(), TrayState::SignedOut);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QCOMPARE(look(), TrayState::Refreshing); // signing in: busy
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(look(), TrayState::Active);
    // Within the warning time of the session's end (the refresh token's expiry): hourglass.
    QCOMPARE(look(std::chrono::seconds(h.clock.now().secsTo(h.session->refreshExpiresAt()) + 1)),
             TrayState::ExpiringSoon);

    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("status"), 503}});
    h.session->refresh();
    QCOMPARE(look(), TrayState::Refreshing);
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(look(), TrayState::Offline);

    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(look(), TrayState::SignInNeeded);
}

void tst_TrayIcons::mostUrgentWins_data()
{
    QTest::addColumn<QList<TrayState>>("states");
    QTest::addColumn<TrayState>("shown");
    QTest::newRow("none") << QList<TrayState> {} << TrayState::SignedOut;
    QTest::newRow("one") << QList<TrayState> {TrayState::Active} << TrayState::Active;
    QTest::newRow("sign-in needed beats all")
            << QList<TrayState> {TrayState::Active, TrayState::SignInNeeded, TrayState::Offline}
            << TrayState::SignInNeeded;
    QTest::newRow("offline beats expiring")
            << QList<TrayState> {TrayState::ExpiringSoon, TrayState::Offline} << TrayState::Offline;
    QTest::newRow("expiring beats active")
            << QList<TrayState> {TrayState::Active, TrayState::ExpiringSoon}
            << TrayState::ExpiringSoon;
    QTest::newRow("active beats signed out")
            << QList<TrayState> {TrayState::SignedOut, TrayState::Active} << TrayState::Active;
}

void tst_TrayIcons::mostUrgentWins()
{
    QFETCH(QList<TrayState>, states);
    QFETCH(TrayState, shown);
    QCOMPARE(mostUrgent(states), shown);
}

QTEST_MAIN(tst_TrayIcons)
#include "tst_trayicons.moc"

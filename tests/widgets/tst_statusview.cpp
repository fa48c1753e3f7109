// SPDX-License-Identifier: BSD-3-Clause
// The session status view on a real X server, with a session against the real dev server and
// a hand-driven clock.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <Tessera/sessionstatusview.h>

#include <QLabel>
#include <QPushButton>

using namespace Tessera;
using namespace Tessera::Test;
using State = Session::State;

namespace {
QString text(QWidget &view, const QString &accessibleName)
{
    for (QLabel *label : view.findChildren<QLabel *>()) {
        if (label->accessibleName() == accessibleName)
            return label->text();
    }
    return QStringLiteral("<no such label>");
}

QPushButton *button(QWidget &view, const QString &label)
{
    for (QPushButton *b : view.findChildren<QPushButton *>()) {
        if (b->text() == label)
            return b;
    }
    return nullptr;
}
} // namespace

class tst_StatusView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheSession();
    void countdownTicksOnlyWhileVisible();
    void buttonsDriveTheSession();

private:
    DevServerProcess m_server;
};

void tst_StatusView::initTestCase()
{
    QVERIFY(m_server.start());
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
}

void tst_StatusView::showsTheSession()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    QCOMPARE(text(view, QStringLiteral("State")), QStringLiteral("Signed out"));
    QCOMPARE(text(view, QStringLiteral("Access token expiry")), QStringLiteral("—"));
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(text(view, QStringLiteral("User")), Accounts::alice);
    QCOMPARE(text(view, QStringLiteral("Service")), QStringLiteral("Dev Server"));
    QCOMPARE(text(view, QStringLiteral("State")), QStringLiteral("Signed in"));
    QVERIFY2(text(view, QStringLiteral("Access token expiry")).startsWith(QStringLiteral("in 4:5"))
                     || text(view, QStringLiteral("Access token expiry"))
                                .startsWith(QStringLiteral("in 5:00")),
             qPrintable(text(view, QStringLiteral("Access token expiry"))));
    QVERIFY(text(view, QStringLiteral("Refresh token expiry")).startsWith(QStringLiteral("in ")));
    QCOMPARE(text(view, QStringLiteral("Storage")), QStringLiteral("yes"));
    h.advanceTo(h.session->accessExpiresAt().addSecs(-90));
    QTRY_COMPARE(h.session->state(), State::Active); // the refresh it triggered is through
}

void tst_StatusView::countdownTicksOnlyWhileVisible()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    view.setClock(&h.clock);
    QVERIFY(!view.isTicking());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.isTicking());
    view.hide();
    QVERIFY(!view.isTicking());
}

void tst_StatusView::buttonsDriveTheSession()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    SessionStatusView view(h.session.get());
    QSignalSpy reauthenticate(&view, &SessionStatusView::reauthenticateRequested);
    QVERIFY(!button(view, QStringLiteral("&Refresh now"))->isEnabled());
    QVERIFY(!button(view, QStringLiteral("Sign &out"))->isEnabled());
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QTRY_COMPARE(h.session->state(), State::Active);
    m_server.resetStats();

    QTest::mouseClick(button(view, QStringLiteral("&Refresh now")), Qt::LeftButton);
    QTRY_COMPARE(m_server.stats().value(QStringLiteral("refreshes")).toInt(), 1);
    QTRY_COMPARE(h.session->state(), State::Active);
    QTest::mouseClick(button(view, QStringLiteral("Re-&authenticate…")), Qt::LeftButton);
    QCOMPARE(reauthenticate.count(), 1);
    QTest::mouseClick(button(view, QStringLiteral("Sign &out")), Qt::LeftButton);
    QTRY_COMPARE(h.session->state(), State::SignedOut);
    QCOMPARE(text(view, QStringLiteral("State")), QStringLiteral("Signed out"));
}

QTEST_MAIN(tst_StatusView)
#include "tst_statusview.moc"

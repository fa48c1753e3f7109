// SPDX-License-Identifier: BSD-3-Clause
// Notifier: the rate limit (on a hand-moved clock), and the freedesktop notification path
// over the real session bus, with a notification server of the test's own on a second bus
// connection: the notice carries a default action, and the server's ActionInvoked signal
// comes back as clicked() with the notice's key.
#include "notifier.h"

#include <Tessera/manualclock.h>

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVirtualObject>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using namespace Tessera::Tray;

namespace {
// org.freedesktop.Notifications, as far as Notify goes.
class NotificationServer : public QDBusVirtualObject
{
public:
    QString introspect(const QString &) const override { return QString(); }
    bool handleMessage(const QDBusMessage &message, const QDBusConnection &connection) override
    {
        if (message.member() == QStringLiteral("CloseNotification")) {
            closed.append(message.arguments().value(0).toUInt());
            connection.send(message.createReply());
            return true;
        }
        if (message.member() != QStringLiteral("Notify"))
            return false;
        calls.append(message.arguments());
        connection.send(message.createReply(QVariant::fromValue(uint(100 + calls.size()))));
        return true;
    }
    QList<QVariantList> calls;
    QList<uint> closed;
};

const QString serviceName = QStringLiteral("org.freedesktop.Notifications");
const QString objectPath = QStringLiteral("/org/freedesktop/Notifications");
} // namespace

class tst_Notifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void theSameNoticeWaitsForTheInterval();
    void withoutATrayItGoesOverDBusWithADefaultAction();
    void clickingANotificationSaysWhichOne();
    void aWithdrawnNoticeIsClosedAndMayComeAgain();

private:
    QDBusConnection m_serverBus {QStringLiteral("none")};
    NotificationServer m_server;
};

void tst_Notifier::initTestCase()
{
    QVERIFY2(QDBusConnection::sessionBus().isConnected(), "run under scripts/with-keyring.sh");
    m_serverBus = QDBusConnection::connectToBus(QDBusConnection::SessionBus,
                                                QStringLiteral("notification-server"));
    QVERIFY(m_serverBus.isConnected());
    QVERIFY(m_serverBus.registerVirtualObject(objectPath, &m_server));
    QVERIFY2(m_serverBus.registerService(serviceName), "the private bus has a notifier already");
}

void tst_Notifier::cleanupTestCase()
{
    m_serverBus.unregisterService(serviceName);
    m_serverBus.unregisterObject(objectPath);
    QDBusConnection::disconnectFromBus(QStringLiteral("notification-server"));
}

void tst_Notifier::aWithdrawnNoticeIsClosedAndMayComeAgain()
{
    Notifier notifier(nullptr);
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    QVERIFY(notifier.notify(QStringLiteral("signin/a"), QStringLiteral("t"), QStringLiteral("x")));
    QVERIFY(notifier.notify(QStringLiteral("signin/b"), QStringLiteral("t"), QStringLiteral("x")));
    QTRY_COMPARE(delivered.count(), 2);
    const uint idOfA = 100 + m_server.calls.size() - 1; // the server numbers them in turn
    m_server.closed.clear();
    notifier.withdraw([](const QString &key) { return key.endsWith(QStringLiteral("/a")); });
    QTRY_COMPARE(m_server.closed, QList<uint> {idOfA});
    // Withdrawn, its rate limit is gone with it: it may be said again at once.
    QVERIFY(notifier.notify(QStringLiteral("signin/a"), QStringLiteral("t"), QStringLiteral("x")));
    QVERIFY(!notifier.notify(QStringLiteral("signin/b"), QStringLiteral("t"), QStringLiteral("x")));
}

void tst_Notifier::theSameNoticeWaitsForTheInterval()
{
    Tessera::ManualClock clock(QDateTime::currentDateTimeUtc());
    Notifier notifier(nullptr);
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    notifier.setClock(&clock);
    notifier.setInterval(300s);
    QVERIFY(notifier.notify(QStringLiteral("reauth/a"), QStringLiteral("t"), QStringLiteral("x")));
    QVERIFY(!notifier.notify(QStringLiteral("reauth/a"), QStringLiteral("t"), QStringLiteral("x")));
    QVERIFY(notifier.notify(QStringLiteral("reauth/b"), QStringLiteral("t"), QStringLiteral("x")));
    clock.advance(299s);
    QVERIFY(!notifier.notify(QStringLiteral("reauth/a"), QStringLiteral("t"), QStringLiteral("x")));
    clock.advance(1s);
    QVERIFY(notifier.notify(QStringLiteral("reauth/a"), QStringLiteral("t"), QStringLiteral("x")));
    QCOMPARE(notifier.shown(), 3);
    QCOMPARE(notifier.lastKey(), QStringLiteral("reauth/a"));
    QTRY_COMPARE(delivered.count(), 3); // over D-Bus: no tray here
    QTRY_COMPARE(m_server.calls.size(), 3);
}

void tst_Notifier::withoutATrayItGoesOverDBusWithADefaultAction()
{
    m_server.calls.clear();
    Notifier notifier(nullptr);
    QVERIFY(notifier.notify(QStringLiteral("signin/p"), QStringLiteral("Sign in to P"),
                            QStringLiteral("Click to sign in.")));
    QTRY_COMPARE(m_server.calls.size(), 1);
    const QVariantList call = m_server.calls.constFirst();
    QCOMPARE(call.size(), 8);
    QCOMPARE(call.at(0).toString(), QStringLiteral("Tessera"));
    QCOMPARE(call.at(3).toString(), QStringLiteral("Sign in to P"));
    QCOMPARE(call.at(4).toString(), QStringLiteral("Click to sign in."));
    const QStringList actions = call.at(5).toStringList();
    QVERIFY(actions.size() >= 2);
    QCOMPARE(actions.at(0), QStringLiteral("default"));
}

void tst_Notifier::clickingANotificationSaysWhichOne()
{
    m_server.calls.clear();
    Notifier notifier(nullptr);
    QSignalSpy clicked(&notifier, &Notifier::clicked);
    QSignalSpy delivered(&notifier, &Notifier::delivered);
    notifier.notify(QStringLiteral("reauth/one"), QStringLiteral("a"), QStringLiteral("a"));
    notifier.notify(QStringLiteral("ending/two/600"), QStringLiteral("b"), QStringLiteral("b"));
    QTRY_COMPARE(m_server.calls.size(), 2);
    // The server answered ids 101 and 102: the click comes after the answers.
    QTRY_COMPARE(delivered.count(), 2);
    QDBusMessage click =
            QDBusMessage::createSignal(objectPath, serviceName, QStringLiteral("ActionInvoked"));
    click << uint(102) << QStringLiteral("default");
    QVERIFY(m_serverBus.send(click));
    QTRY_COMPARE(clicked.count(), 1);
    QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("ending/two/600"));
}

QTEST_GUILESS_MAIN(tst_Notifier)
#include "tst_notifier.moc"

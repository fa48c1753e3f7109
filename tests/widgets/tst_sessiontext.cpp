// SPDX-License-Identifier: BSD-3-Clause
#include "sessionharness.h"

#include <Tessera/sessiontext.h>

#include <QJsonDocument>
#include <QLocale>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

class tst_SessionText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void countdown_data();
    void countdown();
    void everyStateAndErrorHasWords();
    void aServerOutOfReachIsWordedByTheNetwork_data();
    void aServerOutOfReachIsWordedByTheNetwork();
    void summaryOfASignedOutSession();
    void expiry();
    void clockTimeSaysTheDayWhenItIsNotToday();
};

void tst_SessionText::countdown_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << qint64(-5) << QStringLiteral("0:00");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0:00");
    QTest::newRow("7 s") << qint64(7) << QStringLiteral("0:07");
    QTest::newRow("59 s") << qint64(59) << QStringLiteral("0:59");
    QTest::newRow("60 s") << qint64(60) << QStringLiteral("1:00");
    QTest::newRow("4:32") << qint64(272) << QStringLiteral("4:32");
    QTest::newRow("59:59") << qint64(3599) << QStringLiteral("59:59");
    QTest::newRow("1 h") << qint64(3600) << QStringLiteral("1:00:00");
    QTest::newRow("1:02:03") << qint64(3723) << QStringLiteral("1:02:03");
    QTest::newRow("23:59:59") << qint64(86399) << QStringLiteral("23:59:59");
    QTest::newRow("1 day") << qint64(86400) << QStringLiteral("1 day 0:00:00");
    QTest::newRow("47:59:59") << qint64(2 * 86400 - 1) << QStringLiteral("1 day 23:59:59");
    QTest::newRow("2 days") << qint64(2 * 86400) << QStringLiteral("2 days");
    QTest::newRow("3 days") << qint64(3 * 86400 + 5) << QStringLiteral("3 days");
}

void tst_SessionText::countdown()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(SessionText::countdown(seconds), text);
}

void tst_SessionText::everyStateAndErrorHasWords()
{
    const QMetaEnum states = QMetaEnum::fromType<Session::State>();
    for (int i = 0; i < states.keyCount(); ++i)
        QVERIFY2(!SessionText::stateText(Session::State(states.value(i))).isEmpty(), states.key(i));
    const QMetaEnum errors = QMetaEnum::fromType<Session::Error>();
    for (int i = 1; i < errors.keyCount(); ++i)
        QVERIFY2(!SessionText::errorText(Session::Error(errors.value(i))).isEmpty(), errors.key(i));
    QVERIFY(SessionText::errorText(Session::Error::NoError).isEmpty());
    QCOMPARE(SessionText::errorText(Session::Error::InvalidCredentials),
             QStringLiteral("Wrong user name or password"));
    QCOMPARE(SessionText::errorText(Session::Error::NetworkError),
             QStringLiteral("Server unreachable — check your connection"));
    QCOMPARE(SessionText::errorText(Session::Error::BadResponse),
             QStringLiteral("The server answered with something unexpected"));
}

void tst_SessionText::aServerOutOfReachIsWordedByTheNetwork_data()
{
    using Network = SessionText::Network;
    using Error = Session::Error;
    QTest::addColumn<Error>("error");
    QTest::addColumn<Network>("network");
    QTest::addColumn<QString>("errorText");
    QTest::addColumn<QString>("waitingText");
    const QString offline = QStringLiteral("Offline — waiting for the network");
    const QString server = QStringLiteral("Waiting for the server — retrying");
    QTest::newRow("server down, network up")
            << Error::NetworkError << Network::Online
            << QStringLiteral("The server is not responding — your network is fine") << server;
    QTest::newRow("no network") << Error::NetworkError << Network::Offline
                                << QStringLiteral("You are offline — check your network connection")
                                << offline;
    QTest::newRow("cannot tell") << Error::NetworkError << Network::Unknown
                                 << QStringLiteral("Server unreachable — check your connection")
                                 << offline;
    QTest::newRow("too slow, network up")
            << Error::Timeout << Network::Online
            << QStringLiteral("The server did not answer in time — try again") << server;
    QTest::newRow("the server answered 503, whatever the network")
            << Error::ServerError << Network::Unknown
            << QStringLiteral("The server has a problem right now — try again later") << server;
}

void tst_SessionText::aServerOutOfReachIsWordedByTheNetwork()
{
    QFETCH(Session::Error, error);
    QFETCH(SessionText::Network, network);
    QTEST(SessionText::errorText(error, network), "errorText");
    QTEST(SessionText::stateText(Session::State::WaitingForNetwork, error, network), "waitingText");
    // Every other state reads as it always does.
    QCOMPARE(SessionText::stateText(Session::State::RefreshRetrying, error, network),
             SessionText::stateText(Session::State::RefreshRetrying));
}

void tst_SessionText::summaryOfASignedOutSession()
{
    const ProfileLoadResult loaded = Profile::fromJson(
            R"({"id":"t","name":"Example API","dialect":"json","base_url":"https://api.example.com"})",
            QStringLiteral("t.json"));
    QVERIFY(loaded);
    Session session(loaded.profile());
    QCOMPARE(SessionText::summary(session, QDateTime::currentDateTimeUtc()),
             QStringLiteral("Example API — signed out"));
}

void tst_SessionText::expiry()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QCOMPARE(SessionText::expiry(QDateTime(), now), QStringLiteral("unknown"));
    QCOMPARE(SessionText::expiry(now.addSecs(-1), now), QStringLiteral("expired"));
    QCOMPARE(SessionText::expiry(now.addSecs(272), now), QStringLiteral("in 4:32"));
}

void tst_SessionText::clockTimeSaysTheDayWhenItIsNotToday()
{
    const QDateTime noon(QDate(2030, 3, 4), QTime(12, 0, 0), Qt::LocalTime);
    const QDateTime now = noon.toUTC();
    // Today: the time with its seconds, which a countdown of seconds needs.
    const QString today = SessionText::clockTime(noon.addSecs(65).toUTC(), now);
    QVERIFY2(today.contains(QStringLiteral("01:05")) || today.contains(QStringLiteral("1:05")),
             qPrintable(today));
    QVERIFY2(today.contains(QStringLiteral(":05")), qPrintable(today));
    // In three days: the weekday too; in a month: the date.
    const QDateTime inThreeDays = noon.addDays(3);
    QVERIFY(SessionText::clockTime(inThreeDays.toUTC(), now)
                    .startsWith(QLocale().dayName(inThreeDays.date().dayOfWeek(),
                                                  QLocale::ShortFormat)));
    const QDateTime inAMonth = noon.addDays(30);
    QCOMPARE(SessionText::clockTime(inAMonth.toUTC(), now),
             QLocale().toString(inAMonth, QLocale::ShortFormat));
}

QTEST_MAIN(tst_SessionText)
#include "tst_sessiontext.moc"

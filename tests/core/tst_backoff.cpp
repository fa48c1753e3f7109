// SPDX-License-Identifier: BSD-3-Clause
#include "backoff_p.h"

#include <QTest>

#include <algorithm>

using namespace Tessera;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void growsToTheCap_data();
    void growsToTheCap();
    void jitterCoversTheRange_data();
    void jitterCoversTheRange();
    void resetStartsOver();
    void sameSeedSameSequence_data();
    void sameSeedSameSequence();
    void parseRetryAfter_data();
    void parseRetryAfter();
};

namespace {

const QDateTime now(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

QList<qint64> draw(Backoff &backoff, int count)
{
    QList<qint64> delays;
    for (int i = 0; i < count; ++i)
        delays.append(backoff.next().count());
    return delays;
}

} // namespace

void TestBackoff::growsToTheCap_data()
{
    QTest::addColumn<qint64>("initialMs");
    QTest::addColumn<qint64>("capMs");
    QTest::addColumn<QList<qint64>>("ceilings"); // d of attempts 0, 1, 2, ...

    QTest::newRow("defaults: 2 s doubling to 5 min")
            << qint64(2000) << qint64(300000)
            << QList<qint64> {2000,   4000,   8000,   16000,  32000,  64000, 128000,
                              256000, 300000, 300000, 300000, 300000, 300000};
    QTest::newRow("cap reached between doublings")
            << qint64(100) << qint64(500) << QList<qint64> {100, 200, 400, 500, 500, 500};
    QTest::newRow("cap below the initial delay")
            << qint64(10000) << qint64(3000) << QList<qint64> {3000, 3000, 3000};
    QTest::newRow("zero initial delay retries at once")
            << qint64(0) << qint64(300000) << QList<qint64> {0, 0, 0};
    QList<qint64> held(200, 300000);
    std::copy_n(QList<qint64> {2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000}.cbegin(), 8,
                held.begin());
    QTest::newRow("cap held for 200 attempts without overflow")
            << qint64(2000) << qint64(300000) << held;
}

void TestBackoff::growsToTheCap()
{
    QFETCH(qint64, initialMs);
    QFETCH(qint64, capMs);
    QFETCH(QList<qint64>, ceilings);

    Backoff backoff(milliseconds(initialMs), milliseconds(capMs), 42);
    QCOMPARE(backoff.attempts(), 0);
    for (int attempt = 0; attempt < ceilings.size(); ++attempt) {
        const qint64 d = ceilings.at(attempt);
        const qint64 delay = backoff.next().count();
        QVERIFY2(delay >= d / 2 && delay <= d,
                 qPrintable(QStringLiteral("attempt %1: %2 ms outside [%3, %4]")
                                    .arg(attempt)
                                    .arg(delay)
                                    .arg(d / 2)
                                    .arg(d)));
        QCOMPARE(backoff.attempts(), attempt + 1);
    }
}

void TestBackoff::jitterCoversTheRange_data()
{
    QTest::addColumn<int>("attempt");
    QTest::addColumn<qint64>("ceiling");

    QTest::newRow("first retry: 1 to 2 s") << 0 << qint64(2000);
    QTest::newRow("fourth retry: 8 to 16 s") << 3 << qint64(16000);
    QTest::newRow("capped retry: 2.5 to 5 min") << 12 << qint64(300000);
}

void TestBackoff::jitterCoversTheRange()
{
    QFETCH(int, attempt);
    QFETCH(qint64, ceiling);

    Backoff backoff(2s, 5min, 7);
    qint64 lowest = std::numeric_limits<qint64>::max();
    qint64 highest = 0;
    for (int draw = 0; draw < 5000; ++draw) {
        backoff.reset();
        for (int i = 0; i < attempt; ++i)
            backoff.next();
        const qint64 delay = backoff.next().count();
        lowest = std::min(lowest, delay);
        highest = std::max(highest, delay);
    }
    QVERIFY2(lowest >= ceiling / 2, qPrintable(QString::number(lowest)));
    QVERIFY2(highest <= ceiling, qPrintable(QString::number(highest)));
    // Equal jitter spreads over the whole upper half, not just a point in it.
    const qint64 margin = ceiling / 20;
    QVERIFY2(lowest < ceiling / 2 + margin, qPrintable(QString::number(lowest)));
    QVERIFY2(highest > ceiling - margin, qPrintable(QString::number(highest)));
}

void TestBackoff::resetStartsOver()
{
    Backoff backoff(2s, 5min, 99);
    draw(backoff, 6);
    QCOMPARE(backoff.attempts(), 6);
    backoff.reset();
    QCOMPARE(backoff.attempts(), 0);
    const qint64 delay = backoff.next().count();
    QVERIFY2(delay >= 1000 && delay <= 2000, qPrintable(QString::number(delay)));
    QCOMPARE(backoff.attempts(), 1);
}

void TestBackoff::sameSeedSameSequence_data()
{
    QTest::addColumn<quint32>("seedA");
    QTest::addColumn<quint32>("seedB");
    QTest::addColumn<bool>("same");

    QTest::newRow("same fixed seed repeats the sequence") << quint32(1234) << quint32(1234) << true;
    QTest::newRow("different seeds differ") << quint32(1234) << quint32(4321) << false;
    QTest::newRow("random seeds differ") << quint32(0) << quint32(0) << false;
}

void TestBackoff::sameSeedSameSequence()
{
    QFETCH(quint32, seedA);
    QFETCH(quint32, seedB);
    QFETCH(bool, same);

    // Capped from the third attempt on, so that 20 draws have room to differ.
    Backoff a(1s, 4s, seedA);
    Backoff b(1s, 4s, seedB);
    QCOMPARE(draw(a, 20) == draw(b, 20), same);
}

void TestBackoff::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("expectedMs"); // -1: nullopt

    QTest::newRow("delta seconds") << QByteArray("120") << qint64(120000);
    QTest::newRow("zero seconds") << QByteArray("0") << qint64(0);
    QTest::newRow("seconds with surrounding space") << QByteArray(" 5 ") << qint64(5000);
    QTest::newRow("exactly one hour") << QByteArray("3600") << qint64(3600000);
    QTest::newRow("two hours clamped to one") << QByteArray("7200") << qint64(3600000);
    QTest::newRow("huge number clamped to one hour")
            << QByteArray("99999999999999999999999999") << qint64(3600000);
    QTest::newRow("IMF-fixdate 90 s ahead")
            << QByteArray("Wed, 01 May 2024 12:01:30 GMT") << qint64(90000);
    QTest::newRow("RFC 850 date 90 s ahead")
            << QByteArray("Wednesday, 01-May-24 12:01:30 GMT") << qint64(90000);
    QTest::newRow("asctime date 90 s ahead")
            << QByteArray("Wed May  1 12:01:30 2024") << qint64(90000);
    QTest::newRow("RFC 850 year 30 is 2030, not 1930")
            << QByteArray("Tuesday, 01-Jan-30 00:00:00 GMT") << qint64(3600000);
    QTest::newRow("date in the past means now")
            << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(0);
    QTest::newRow("date two days ahead clamped to one hour")
            << QByteArray("Fri, 03 May 2024 12:00:00 GMT") << qint64(3600000);
    QTest::newRow("absent") << QByteArray() << qint64(-1);
    QTest::newRow("blank") << QByteArray("   ") << qint64(-1);
    QTest::newRow("garbage word") << QByteArray("soon") << qint64(-1);
    QTest::newRow("negative seconds") << QByteArray("-5") << qint64(-1);
    QTest::newRow("fractional seconds") << QByteArray("1.5") << qint64(-1);
    QTest::newRow("seconds with a unit") << QByteArray("30s") << qint64(-1);
    QTest::newRow("date with impossible day")
            << QByteArray("Wed, 32 May 2024 12:01:30 GMT") << qint64(-1);
    QTest::newRow("date with impossible time")
            << QByteArray("Wed, 01 May 2024 25:01:30 GMT") << qint64(-1);
    QTest::newRow("date in another zone")
            << QByteArray("Wed, 01 May 2024 12:01:30 +0200") << qint64(-1);
    QTest::newRow("ISO date is not an HTTP-date")
            << QByteArray("2024-05-01T12:01:30Z") << qint64(-1);
}

void TestBackoff::parseRetryAfter()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, expectedMs);

    const std::optional<milliseconds> delay = Backoff::parseRetryAfter(header, now);
    QCOMPARE(delay.has_value(), expectedMs >= 0);
    if (delay)
        QCOMPARE(delay->count(), expectedMs);
}

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"

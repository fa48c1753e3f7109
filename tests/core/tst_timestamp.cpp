// SPDX-License-Identifier: BSD-3-Clause
#include "timestamp_p.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace Tessera;

class TestTimestamp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesIso_data();
    void parsesIso() { checkTimestamp(); }
    void parsesEpoch_data();
    void parsesEpoch() { checkTimestamp(); }
    void rejectsTimestamp_data();
    void rejectsTimestamp() { checkTimestamp(); }
    void parseSeconds_data();
    void parseSeconds();

private:
    void checkTimestamp();
};

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

} // namespace

void TestTimestamp::parsesIso_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QDateTime>("expected"); // invalid = rejected

    const QDateTime noon = utc(2024, 5, 1, 12, 0, 0);
    QTest::newRow("iso with Z") << QJsonValue(QStringLiteral("2024-05-01T12:00:00Z")) << noon;
    QTest::newRow("iso with lower-case z and t")
            << QJsonValue(QStringLiteral("2024-05-01t12:00:00z")) << noon;
    QTest::newRow("iso with +02:00 offset")
            << QJsonValue(QStringLiteral("2024-05-01T14:00:00+02:00")) << noon;
    QTest::newRow("iso with -0530 offset")
            << QJsonValue(QStringLiteral("2024-05-01T06:30:00-0530")) << noon;
    QTest::newRow("iso with +00:00 offset")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00+00:00")) << noon;
    QTest::newRow("iso with hours-only offset")
            << QJsonValue(QStringLiteral("2024-05-01T13:00:00+01")) << noon;
    QTest::newRow("iso offset crossing midnight")
            << QJsonValue(QStringLiteral("2024-05-02T01:00:00+13:00")) << noon;
    QTest::newRow("iso with milliseconds") << QJsonValue(QStringLiteral("2024-05-01T12:00:00.250Z"))
                                           << utc(2024, 5, 1, 12, 0, 0, 250);
    QTest::newRow("iso with microseconds truncated to milliseconds")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00.123456+00:00"))
            << utc(2024, 5, 1, 12, 0, 0, 123);
    QTest::newRow("iso with one fractional digit")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00.5Z"))
            << utc(2024, 5, 1, 12, 0, 0, 500);
    QTest::newRow("iso without offset is utc")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00")) << noon;
    QTest::newRow("iso with space separator (rfc 3339)")
            << QJsonValue(QStringLiteral("2024-05-01 12:00:00Z")) << noon;
    QTest::newRow("iso without seconds") << QJsonValue(QStringLiteral("2024-05-01T12:00Z")) << noon;
}

void TestTimestamp::parsesEpoch_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QDateTime>("expected"); // invalid = rejected

    const QDateTime noon = utc(2024, 5, 1, 12, 0, 0);
    QTest::newRow("epoch seconds as number") << QJsonValue(1714564800) << noon;
    QTest::newRow("epoch seconds as string") << QJsonValue(QStringLiteral("1714564800")) << noon;
    QTest::newRow("epoch seconds with fraction")
            << QJsonValue(1714564800.75) << utc(2024, 5, 1, 12, 0, 0, 750);
    QTest::newRow("epoch milliseconds as number") << QJsonValue(1714564800000.0) << noon;
    QTest::newRow("epoch milliseconds as string")
            << QJsonValue(QStringLiteral("1714564800123")) << utc(2024, 5, 1, 12, 0, 0, 123);
    QTest::newRow("epoch zero") << QJsonValue(0) << QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
}

void TestTimestamp::rejectsTimestamp_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QDateTime>("expected"); // invalid = rejected

    const QDateTime rejected;
    QTest::newRow("garbage text") << QJsonValue(QStringLiteral("next tuesday")) << rejected;
    QTest::newRow("empty string") << QJsonValue(QStringLiteral("")) << rejected;
    QTest::newRow("date only") << QJsonValue(QStringLiteral("2024-05-01")) << rejected;
    QTest::newRow("february 30th")
            << QJsonValue(QStringLiteral("2024-02-30T12:00:00Z")) << rejected;
    QTest::newRow("hour 25") << QJsonValue(QStringLiteral("2024-05-01T25:00:00Z")) << rejected;
    QTest::newRow("offset beyond 23 hours")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00+24:00")) << rejected;
    QTest::newRow("offset minutes beyond 59")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00+01:75")) << rejected;
    QTest::newRow("trailing junk")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00Zjunk")) << rejected;
    QTest::newRow("leading whitespace")
            << QJsonValue(QStringLiteral(" 2024-05-01T12:00:00Z")) << rejected;
    QTest::newRow("trailing newline")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00Z\n")) << rejected;
    QTest::newRow("offset cut short after its colon")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00+05:")) << rejected;
    QTest::newRow("offset of one digit")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00+5")) << rejected;
    QTest::newRow("fraction without seconds")
            << QJsonValue(QStringLiteral("2024-05-01T12:00.5Z")) << rejected;
    QTest::newRow("fraction of ten digits")
            << QJsonValue(QStringLiteral("2024-05-01T12:00:00.1234567890Z")) << rejected;
    QTest::newRow("three-digit hour")
            << QJsonValue(QStringLiteral("2024-05-01T012:00:00Z")) << rejected;
    QTest::newRow("epoch string of 21 digits")
            << QJsonValue(QStringLiteral("123456789012345678901")) << rejected;
    QTest::newRow("epoch string ending in a point")
            << QJsonValue(QStringLiteral("1714564800.")) << rejected;
    QTest::newRow("negative epoch") << QJsonValue(-5) << rejected;
    QTest::newRow("negative epoch as string") << QJsonValue(QStringLiteral("-5")) << rejected;
    QTest::newRow("numeric string with exponent")
            << QJsonValue(QStringLiteral("1.7e9")) << rejected;
    QTest::newRow("number beyond year 9999") << QJsonValue(1e18) << rejected;
    QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << rejected;
    QTest::newRow("not a number") << QJsonValue(std::numeric_limits<double>::quiet_NaN())
                                  << rejected;
    QTest::newRow("boolean") << QJsonValue(true) << rejected;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << rejected;
    QTest::newRow("undefined") << QJsonValue(QJsonValue::Undefined) << rejected;
    QTest::newRow("object") << QJsonValue(QJsonObject {{QStringLiteral("at"), 1}}) << rejected;
    QTest::newRow("array") << QJsonValue(QJsonArray {1714564800}) << rejected;
}

void TestTimestamp::checkTimestamp()
{
    QFETCH(QJsonValue, value);
    QFETCH(QDateTime, expected);

    const std::optional<QDateTime> parsed = Tessera::parseTimestamp(value);
    QCOMPARE(parsed.has_value(), expected.isValid());
    if (parsed) {
        QCOMPARE(*parsed, expected);
        QCOMPARE(parsed->timeSpec(), Qt::UTC);
    }
}

void TestTimestamp::parseSeconds_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<qint64>("expected"); // -1 = rejected

    QTest::newRow("an hour as number") << QJsonValue(3600) << qint64(3600);
    QTest::newRow("an hour as string") << QJsonValue(QStringLiteral("3600")) << qint64(3600);
    QTest::newRow("zero seconds") << QJsonValue(0) << qint64(0);
    QTest::newRow("fraction rounded down") << QJsonValue(59.9) << qint64(59);
    QTest::newRow("ten years") << QJsonValue(10 * 365 * 86400) << qint64(10 * 365 * 86400);
    QTest::newRow("eleven years") << QJsonValue(11 * 366 * 86400.0) << qint64(-1);
    QTest::newRow("negative") << QJsonValue(-1) << qint64(-1);
    QTest::newRow("garbage string") << QJsonValue(QStringLiteral("an hour")) << qint64(-1);
    QTest::newRow("empty string") << QJsonValue(QStringLiteral("")) << qint64(-1);
    QTest::newRow("iso duration is not supported")
            << QJsonValue(QStringLiteral("PT1H")) << qint64(-1);
    QTest::newRow("boolean") << QJsonValue(false) << qint64(-1);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << qint64(-1);
    QTest::newRow("object") << QJsonValue(QJsonObject()) << qint64(-1);
    QTest::newRow("not a number") << QJsonValue(std::numeric_limits<double>::quiet_NaN())
                                  << qint64(-1);
}

void TestTimestamp::parseSeconds()
{
    QFETCH(QJsonValue, value);
    QFETCH(qint64, expected);

    const std::optional<qint64> parsed = Tessera::parseSeconds(value);
    QCOMPARE(parsed.has_value(), expected >= 0);
    if (parsed)
        QCOMPARE(*parsed, expected);
}

QTEST_GUILESS_MAIN(TestTimestamp)
#include "tst_timestamp.moc"

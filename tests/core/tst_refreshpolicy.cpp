// SPDX-License-Identifier: BSD-3-Clause
#include "refreshpolicy_p.h"

#include <QTest>

using namespace Tessera;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using std::chrono::seconds;

class TestRefreshPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void effectiveLead_data();
    void effectiveLead();
    void refreshAt_data();
    void refreshAt();
};

namespace {

const QDateTime t0(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

} // namespace

void TestRefreshPolicy::effectiveLead_data()
{
    QTest::addColumn<qint64>("lifetimeMs");
    QTest::addColumn<qint64>("leadSecs");
    QTest::addColumn<qint64>("expectedMs");

    struct Row
    {
        const char *name;
        milliseconds lifetime;
        milliseconds withoutLead; // lead 0
        milliseconds withDefaultLead; // lead 300 s
    };
    const Row rows[] = {
            {"3 s token", 3s, 0ms, 600ms}, {"10 s token", 10s, 0ms, 2s},
            {"60 s token", 60s, 0ms, 12s}, {"10 min token", 10min, 0ms, 2min},
            {"1 h token", 1h, 0ms, 5min},  {"7 day token", 7 * 24h, 0ms, 5min},
    };
    for (const Row &row : rows) {
        QTest::addRow("%s, lead 0", row.name)
                << qint64(row.lifetime.count()) << qint64(0) << qint64(row.withoutLead.count());
        QTest::addRow("%s, lead 300 s", row.name) << qint64(row.lifetime.count()) << qint64(300)
                                                  << qint64(row.withDefaultLead.count());
    }
    QTest::newRow("25 min token: exactly the lead")
            << qint64(25 * 60000) << qint64(300) << qint64(300000);
    QTest::newRow("zero lifetime") << qint64(0) << qint64(300) << qint64(0);
    QTest::newRow("negative lifetime") << qint64(-60000) << qint64(300) << qint64(0);
    QTest::newRow("negative lead") << qint64(3600000) << qint64(-10) << qint64(0);
}

void TestRefreshPolicy::effectiveLead()
{
    QFETCH(qint64, lifetimeMs);
    QFETCH(qint64, leadSecs);
    QFETCH(qint64, expectedMs);

    const milliseconds lead =
            RefreshPolicy::effectiveLead(milliseconds(lifetimeMs), seconds(leadSecs));
    QCOMPARE(lead.count(), expectedMs);
}

void TestRefreshPolicy::refreshAt_data()
{
    QTest::addColumn<QDateTime>("obtainedAt");
    QTest::addColumn<QDateTime>("expiresAt");
    QTest::addColumn<qint64>("leadSecs");
    QTest::addColumn<QDateTime>("expected"); // invalid: no scheduled refresh

    QTest::newRow("10 s token refreshed 2 s early")
            << t0 << t0.addSecs(10) << qint64(300) << t0.addSecs(8);
    QTest::newRow("1 h token refreshed 5 min early")
            << t0 << t0.addSecs(3600) << qint64(300) << t0.addSecs(3300);
    QTest::newRow("10 min token refreshed 2 min early")
            << t0 << t0.addSecs(600) << qint64(300) << t0.addSecs(480);
    QTest::newRow("lifetime equal to the lead: no storm")
            << t0 << t0.addSecs(300) << qint64(300) << t0.addSecs(240);
    QTest::newRow("lead 0 refreshes at expiry")
            << t0 << t0.addSecs(3600) << qint64(0) << t0.addSecs(3600);
    // Restored from the store two days after it was issued: due long ago, i.e. refresh now.
    QTest::newRow("restored 1 h token obtained two days ago")
            << t0.addDays(-2) << t0.addDays(-2).addSecs(3600) << qint64(300)
            << t0.addDays(-2).addSecs(3300);
    QTest::newRow("unknown expiry: only the reactive path")
            << t0 << QDateTime() << qint64(300) << QDateTime();
    QTest::newRow("expires before obtained: at expiry")
            << t0 << t0.addSecs(-60) << qint64(300) << t0.addSecs(-60);
    QTest::newRow("expires when obtained: at expiry") << t0 << t0 << qint64(300) << t0;
    QTest::newRow("unknown obtainedAt uses the full lead")
            << QDateTime() << t0.addSecs(3600) << qint64(300) << t0.addSecs(3300);
    QTest::newRow("offsets are compared as instants")
            << t0.toOffsetFromUtc(2 * 3600) << t0.addSecs(600).toOffsetFromUtc(-5 * 3600)
            << qint64(300) << t0.addSecs(480);
}

void TestRefreshPolicy::refreshAt()
{
    QFETCH(QDateTime, obtainedAt);
    QFETCH(QDateTime, expiresAt);
    QFETCH(qint64, leadSecs);
    QFETCH(QDateTime, expected);

    const QDateTime at = RefreshPolicy::refreshAt(obtainedAt, expiresAt, seconds(leadSecs));
    QCOMPARE(at.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(at, expected);
        QCOMPARE(at.timeSpec(), Qt::UTC);
    }
}

QTEST_GUILESS_MAIN(TestRefreshPolicy)
#include "tst_refreshpolicy.moc"

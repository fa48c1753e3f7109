// SPDX-License-Identifier: BSD-3-Clause
// RefreshSchedule on a ManualClock: when the refresh falls due and the token expires, the
// retries after a failure, and which clock jumps make a retry worth trying at once.
#include "refreshpolicy_p.h"
#include "refreshschedule_p.h"
#include "storedsession_p.h"

#include <Tessera/manualclock.h>

#include <QSignalSpy>
#include <QTest>

using namespace Tessera;
using namespace std::chrono_literals;

class tst_RefreshSchedule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void theRefreshFallsDueWhenThePolicySays();
    void tokensThatCannotBeRenewedOnlyExpire();
    void refreshesOfOneGrantAreAtLeastTwoSecondsApart();
    void aRetryWaitsForTheServersRetryAfter();
    void retriesBackOff();
    void aClockJumpMakesARetryWorthTryingNow();
    void aClockJumpDoesNotCutTheServersRetryAfterShort();
    void cancelledAlarmsStaySilent();

private:
    StoredSession grant(std::chrono::seconds lifetime) const;

    const QDateTime m_start = QDateTime(QDate(2026, 12, 6), QTime(12, 0), Qt::UTC);
    Profile m_profile;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<RefreshSchedule> m_schedule;
};

void tst_RefreshSchedule::init()
{
    const ProfileLoadResult loaded = Profile::fromJson(
            R"({"name":"Dev server","dialect":"json","base_url":"http://127.0.0.1:8765"})",
            QStringLiteral("test.json"));
    QVERIFY2(loaded, qPrintable(loaded.errorString()));
    m_profile = loaded.profile();
    m_clock = std::make_unique<ManualClock>(m_start);
    m_schedule = std::make_unique<RefreshSchedule>(m_profile);
    m_schedule->setClock(m_clock.get());
}

void tst_RefreshSchedule::cleanup()
{
    m_schedule.reset();
    m_clock.reset();
}

StoredSession tst_RefreshSchedule::grant(std::chrono::seconds lifetime) const
{
    StoredSession tokens;
    tokens.user = QStringLiteral("alice");
    tokens.accessToken = Secret(QByteArrayLiteral("at"));
    tokens.refreshToken = Secret(QByteArrayLiteral("rt"));
    tokens.obtainedAt = m_clock->now();
    tokens.accessExpiresAt = m_clock->now().addSecs(lifetime.count());
    return tokens;
}

void tst_RefreshSchedule::theRefreshFallsDueWhenThePolicySays()
{
    const StoredSession tokens = grant(1h);
    const QDateTime expected = RefreshPolicy::refreshAt(tokens.obtainedAt, tokens.accessExpiresAt,
                                                        m_profile.refreshLead());
    QVERIFY(expected.isValid());
    QSignalSpy due(m_schedule.get(), &RefreshSchedule::refreshDue);
    QSignalSpy expired(m_schedule.get(), &RefreshSchedule::accessExpired);
    QCOMPARE(m_schedule->plan(tokens, true), expected);

    m_clock->advance(std::chrono::milliseconds(m_start.msecsTo(expected) - 1000));
    QCoreApplication::processEvents();
    QCOMPARE(due.count(), 0);
    m_clock->advance(1s);
    QTRY_COMPARE(due.count(), 1);
    QCOMPARE(expired.count(), 0);
    m_clock->advance(std::chrono::milliseconds(expected.msecsTo(tokens.accessExpiresAt)));
    QTRY_COMPARE(expired.count(), 1);
}

void tst_RefreshSchedule::tokensThatCannotBeRenewedOnlyExpire()
{
    const StoredSession tokens = grant(1h);
    QSignalSpy due(m_schedule.get(), &RefreshSchedule::refreshDue);
    QSignalSpy expired(m_schedule.get(), &RefreshSchedule::accessExpired);
    QVERIFY(!m_schedule->plan(tokens, false).isValid());
    m_clock->advance(1h);
    QTRY_COMPARE(expired.count(), 1);
    QCOMPARE(due.count(), 0);
}

void tst_RefreshSchedule::refreshesOfOneGrantAreAtLeastTwoSecondsApart()
{
    StoredSession tokens = grant(1s);
    QCOMPARE(m_schedule->plan(tokens, true), tokens.obtainedAt.addMSecs(2000));
}

void tst_RefreshSchedule::aRetryWaitsForTheServersRetryAfter()
{
    const QDateTime at = m_schedule->planRetry(std::chrono::milliseconds(10min), false);
    QCOMPARE(at, m_start.addSecs(600));
    QSignalSpy due(m_schedule.get(), &RefreshSchedule::refreshDue);
    m_clock->advance(9min);
    QCoreApplication::processEvents();
    QCOMPARE(due.count(), 0);
    m_clock->advance(1min);
    QTRY_COMPARE(due.count(), 1);
}

void tst_RefreshSchedule::retriesBackOff()
{
    const qint64 first = m_start.msecsTo(m_schedule->planRetry(std::nullopt, false));
    QVERIFY(first > 0);
    qint64 later = first;
    for (int attempt = 0; attempt < 6; ++attempt)
        later = m_start.msecsTo(m_schedule->planRetry(std::nullopt, false));
    QVERIFY2(later > first, qPrintable(QStringLiteral("%1 ms, then %2 ms").arg(first).arg(later)));
    m_schedule->resetBackoff();
    QVERIFY(m_start.msecsTo(m_schedule->planRetry(std::nullopt, false)) < later);
}

void tst_RefreshSchedule::aClockJumpMakesARetryWorthTryingNow()
{
    m_schedule->planRetry(std::nullopt, true);
    QSignalSpy worth(m_schedule.get(), &RefreshSchedule::worthRetryingNow);
    m_clock->jump(m_start.addSecs(1));
    QCOMPARE(worth.count(), 1);
}

void tst_RefreshSchedule::aClockJumpDoesNotCutTheServersRetryAfterShort()
{
    m_schedule->planRetry(std::chrono::milliseconds(10min), false);
    QSignalSpy worth(m_schedule.get(), &RefreshSchedule::worthRetryingNow);
    m_clock->jump(m_start.addSecs(60));
    QCOMPARE(worth.count(), 0);
    m_clock->jump(m_start.addSecs(600));
    QCOMPARE(worth.count(), 1);
}

void tst_RefreshSchedule::cancelledAlarmsStaySilent()
{
    m_schedule->plan(grant(1h), true);
    m_schedule->cancel();
    QSignalSpy due(m_schedule.get(), &RefreshSchedule::refreshDue);
    QSignalSpy expired(m_schedule.get(), &RefreshSchedule::accessExpired);
    m_clock->advance(2h);
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(due.count(), 0);
    QCOMPARE(expired.count(), 0);
}

QTEST_GUILESS_MAIN(tst_RefreshSchedule)
#include "tst_refreshschedule.moc"

// SPDX-License-Identifier: BSD-3-Clause
// RefreshDecision::decide(), row by row of the table in refreshdecision_p.h, and the edges of
// supersedes(): which tokens are the newest, and who may send a refresh token.
#include "refreshdecision_p.h"

#include <QTest>

using namespace Tessera;
using Action = RefreshDecision::Action;

Q_DECLARE_METATYPE(Tessera::RefreshDecision::Action)
Q_DECLARE_METATYPE(Tessera::LockedRead)
Q_DECLARE_METATYPE(Tessera::StoredSession)

class tst_RefreshDecision : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decide_data();
    void decide();
    void supersedes_data();
    void supersedes();
};

namespace {

StoredSession tokens(quint64 generation, const char *refreshToken = "rt-1")
{
    StoredSession s;
    s.user = QStringLiteral("alice");
    s.accessToken = Secret(QByteArray("at-") + refreshToken);
    s.refreshToken = Secret(refreshToken);
    s.generation = generation;
    return s;
}

LockedRead lockedWith(std::optional<StoredSession> stored, quint64 unsavedElsewhere = 0)
{
    LockedRead read;
    read.locked = true;
    read.answered = true;
    read.removed = !stored;
    read.stored = std::move(stored);
    read.unsavedElsewhere = unsavedElsewhere;
    return read;
}

} // namespace

void tst_RefreshDecision::decide_data()
{
    QTest::addColumn<LockedRead>("read");
    QTest::addColumn<StoredSession>("held");
    QTest::addColumn<bool>("heldSaved");
    QTest::addColumn<Action>("action");
    const StoredSession held = tokens(5);

    LockedRead unshared;
    unshared.unshared = true;
    QTest::newRow("not shared: refresh") << unshared << held << true << Action::Proceed;

    LockedRead noLock;
    QTest::newRow("no lock: wait") << noLock << held << true << Action::HoldBack;
    QTest::newRow("no lock, even with unsaved tokens: wait")
            << noLock << held << false << Action::HoldBack;

    QTest::newRow("nothing stored: ended elsewhere")
            << lockedWith(std::nullopt) << held << true << Action::Ended;

    LockedRead silent;
    silent.locked = true;
    silent.problem = QStringLiteral("the keychain did not answer");
    QTest::newRow("store silent, held tokens saved: wait")
            << silent << held << true << Action::HoldBack;
    QTest::newRow("store silent, held tokens never saved: refresh (nobody else has them)")
            << silent << held << false << Action::Proceed;
    QTest::newRow("store silent, nothing held: wait")
            << silent << StoredSession() << false << Action::HoldBack;

    QTest::newRow("stored newer: adopt")
            << lockedWith(tokens(6, "rt-2")) << held << true << Action::Adopt;
    QTest::newRow("stored, nothing held: adopt")
            << lockedWith(tokens(1)) << StoredSession() << true << Action::Adopt;
    QTest::newRow("same generation, other tokens: the store wins")
            << lockedWith(tokens(5, "rt-other")) << held << true << Action::Adopt;

    QTest::newRow("a newer rotation announced but not stored: wait")
            << lockedWith(tokens(5), 6) << held << true << Action::HoldBack;
    QTest::newRow("an announced rotation no newer than the held: refresh")
            << lockedWith(tokens(5), 5) << held << true << Action::Proceed;

    QTest::newRow("stored older than held: store the held first")
            << lockedWith(tokens(4, "rt-0")) << held << false << Action::SaveFirst;
    QTest::newRow("an unsaved newer rotation beats storing the held first")
            << lockedWith(tokens(4, "rt-0"), 7) << held << false << Action::HoldBack;

    QTest::newRow("the store holds the held tokens: refresh")
            << lockedWith(tokens(5)) << held << true << Action::Proceed;
}

void tst_RefreshDecision::decide()
{
    QFETCH(LockedRead, read);
    QFETCH(StoredSession, held);
    QFETCH(bool, heldSaved);
    QTEST(RefreshDecision::decide(read, held, heldSaved), "action");
}

void tst_RefreshDecision::supersedes_data()
{
    QTest::addColumn<StoredSession>("stored");
    QTest::addColumn<StoredSession>("held");
    QTest::addColumn<bool>("supersedes");
    QTest::newRow("nothing held") << tokens(1) << StoredSession() << true;
    QTest::newRow("later generation") << tokens(6, "rt-2") << tokens(5) << true;
    QTest::newRow("earlier generation, even with other tokens")
            << tokens(4, "rt-0") << tokens(5) << false;
    QTest::newRow("same generation, same tokens") << tokens(5) << tokens(5) << false;
    QTest::newRow("same generation, other refresh token") << tokens(5, "rt-x") << tokens(5) << true;
    StoredSession otherAccess = tokens(5);
    otherAccess.accessToken = Secret("at-x");
    QTest::newRow("same generation, other access token") << otherAccess << tokens(5) << true;
}

void tst_RefreshDecision::supersedes()
{
    QFETCH(StoredSession, stored);
    QFETCH(StoredSession, held);
    QTEST(RefreshDecision::supersedes(stored, held), "supersedes");
}

QTEST_GUILESS_MAIN(tst_RefreshDecision)
#include "tst_refreshdecision.moc"

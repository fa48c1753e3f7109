// SPDX-License-Identifier: BSD-3-Clause
// OperationPolicy::admit(), cell by cell of the table in operationpolicy_p.h: what each call does
// while each operation runs.
#include "operationpolicy_p.h"

#include <QTest>

using namespace Tessera;
using Kind = SessionOperation::Kind;
using Call = OperationPolicy::Call;
using Answer = OperationPolicy::Answer;
using Running = std::optional<Kind>;

Q_DECLARE_METATYPE(Running)
Q_DECLARE_METATYPE(Tessera::OperationPolicy::Call)
Q_DECLARE_METATYPE(Tessera::OperationPolicy::Answer)

class tst_OperationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void admit_data();
    void admit();
    void aGrantedSignInIsNeverReplaced();
    void aSignOutIsNeverReplaced();
    void onlyASignInInFlightCanBeCancelled();
};

namespace {
const QList<std::pair<const char *, Running>> runnings = {
        {"nothing", std::nullopt},          {"Restore", Kind::Restore}, {"SignIn", Kind::SignIn},
        {"StoreSignIn", Kind::StoreSignIn}, {"Refresh", Kind::Refresh}, {"SignOut", Kind::SignOut},
        {"Follow", Kind::Follow},           {"Expire", Kind::Expire},
};
const QList<std::pair<const char *, Call>> calls = {
        {"restore", Call::Restore}, {"signIn", Call::SignIn},
        {"signOut", Call::SignOut}, {"refresh", Call::Refresh},
        {"cancel", Call::Cancel},   {"change elsewhere", Call::ChangeElsewhere},
};
} // namespace

// The table of operationpolicy_p.h, written out again: a change to one must be made to both.
void tst_OperationPolicy::admit_data()
{
    QTest::addColumn<Running>("running");
    QTest::addColumn<Call>("call");
    QTest::addColumn<Answer>("answer");
    constexpr Answer S = Answer::Start, W = Answer::Wait, I = Answer::Ignore, R = Answer::Refuse;
    // restore, signIn, signOut, refresh, cancel, change elsewhere
    const QList<QList<Answer>> table = {
            {S, S, S, S, R, S}, // nothing
            {S, S, W, R, R, W}, // Restore
            {S, S, S, R, S, W}, // SignIn
            {W, W, W, R, R, W}, // StoreSignIn
            {S, S, S, I, R, W}, // Refresh
            {W, W, I, R, R, W}, // SignOut
            {S, S, S, S, R, S}, // Follow
            {S, S, S, I, R, W}, // Expire
    };
    for (int row = 0; row < runnings.size(); ++row) {
        for (int column = 0; column < calls.size(); ++column) {
            QTest::addRow("%s / %s", runnings[row].first, calls[column].first)
                    << runnings[row].second << calls[column].second << table[row][column];
        }
    }
}

void tst_OperationPolicy::admit()
{
    QFETCH(Running, running);
    QFETCH(Call, call);
    QFETCH(Answer, answer);
    QCOMPARE(OperationPolicy::admit(running, call), answer);
}

void tst_OperationPolicy::aGrantedSignInIsNeverReplaced()
{
    for (const auto &[name, call] : calls)
        QVERIFY2(OperationPolicy::admit(Kind::StoreSignIn, call) != Answer::Start, name);
}

// It wipes the store before it revokes: abandoned, it would leave tokens valid at the server
// that no store holds.
void tst_OperationPolicy::aSignOutIsNeverReplaced()
{
    for (const auto &[name, call] : calls)
        QVERIFY2(OperationPolicy::admit(Kind::SignOut, call) != Answer::Start, name);
}

void tst_OperationPolicy::onlyASignInInFlightCanBeCancelled()
{
    for (const auto &[name, running] : runnings) {
        const bool cancellable = running == Kind::SignIn;
        QCOMPARE(OperationPolicy::admit(running, Call::Cancel) == Answer::Start, cancellable);
    }
}

QTEST_GUILESS_MAIN(tst_OperationPolicy)
#include "tst_operationpolicy.moc"

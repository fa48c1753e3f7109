// SPDX-License-Identifier: BSD-3-Clause
// Secret's promises (lib/include/Tessera/secret.h): its only textual form is the redacted one,
// comparison looks at every byte whatever the first difference, copies and moves keep the bytes
// where they belong, and scrubbing never reaches bytes that another QByteArray still shares.
#include <Tessera/secret.h>

#include <QCryptographicHash>
#include <QDebug>
#include <QTest>

using namespace Tessera;

class tst_Secret : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void redactedNamesLengthAndHashOnly();
    void debugStreamPrintsTheRedactedForm();
    void comparesEveryByte_data();
    void comparesEveryByte();
    void copiesAndMovesKeepTheBytes();
    void neverScrubsBytesSomeoneElseShares();
};

namespace {
const QByteArray Token("tr0ub4dor-bob-5Kp"); // from tests/test-secrets.txt: the log scan looks
} // namespace

void tst_Secret::redactedNamesLengthAndHashOnly()
{
    const Secret secret(Token);
    const QByteArray hash =
            QCryptographicHash::hash(Token, QCryptographicHash::Sha256).toHex().left(4);
    QCOMPARE(secret.redacted(), "<redacted len=17 sha:" + hash + '>');
    QVERIFY(!secret.redacted().contains(Token.left(4)));
    QCOMPARE(Secret().redacted(), QByteArray("<redacted len=0 sha:e3b0>")); // SHA-256 of nothing
    // Two secrets of one length can be told apart in a log.
    QVERIFY(Secret("aaaa").redacted() != Secret("aaab").redacted());
}

void tst_Secret::debugStreamPrintsTheRedactedForm()
{
    QString logged;
    QDebug(&logged) << Secret(Token);
    QCOMPARE(logged.trimmed(), QString::fromLatin1(Secret(Token).redacted()));
    QVERIFY(!logged.contains(QString::fromLatin1(Token)));
}

void tst_Secret::comparesEveryByte_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << Token << Token << true;
    QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    QTest::newRow("first byte differs") << QByteArray("xbc") << QByteArray("abc") << false;
    QTest::newRow("last byte differs") << QByteArray("abx") << QByteArray("abc") << false;
    QTest::newRow("prefix") << QByteArray("ab") << QByteArray("abc") << false;
    QTest::newRow("NUL inside") << QByteArray("a\0b", 3) << QByteArray("a\0c", 3) << false;
    QTest::newRow("empty and not") << QByteArray() << QByteArray("a") << false;
}

void tst_Secret::comparesEveryByte()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, equal);
    QCOMPARE(Secret(a) == Secret(b), equal);
    QCOMPARE(Secret(a) != Secret(b), !equal);
    QCOMPARE(Secret(b) == Secret(a), equal);
}

void tst_Secret::copiesAndMovesKeepTheBytes()
{
    Secret original(Token);
    Secret copy(original);
    QCOMPARE(copy.reveal(), Token);
    Secret assigned;
    assigned = copy;
    QCOMPARE(assigned.reveal(), Token);
    assigned = assigned; // self-assignment keeps the bytes
    QCOMPARE(assigned.reveal(), Token);
    Secret moved(std::move(original));
    QCOMPARE(moved.reveal(), Token);
    Secret moveAssigned(QByteArray("old"));
    moveAssigned = std::move(moved);
    QCOMPARE(moveAssigned.reveal(), Token);
    QCOMPARE(moveAssigned.size(), Token.size());
    QVERIFY(!moveAssigned.isEmpty());
}

void tst_Secret::neverScrubsBytesSomeoneElseShares()
{
    // A Secret made from a QByteArray shares its buffer; scrubbing it when the Secret goes would
    // zero the caller's bytes behind its back.
    QByteArray callers = Token;
    {
        Secret secret(callers);
        Secret copy = secret;
        Secret replaced(callers);
        replaced = Secret(QByteArray("other"));
    }
    QCOMPARE(callers, Token);
    // And a copy of a Secret still holds the bytes after the original is gone.
    auto original = std::make_unique<Secret>(QByteArray(Token.constData(), Token.size()));
    const Secret survivor = *original;
    original.reset();
    QCOMPARE(survivor.reveal(), Token);
}

QTEST_GUILESS_MAIN(tst_Secret)
#include "tst_secret.moc"

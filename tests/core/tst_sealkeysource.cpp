// SPDX-License-Identifier: BSD-3-Clause
// SealKeySource (lib/redis/sealkeysource_p.h): the key file's two forms and nothing else, the
// credentials file's JSON, PrivateFile's rule applied to both, a generated key file that loads
// and opens what it sealed, and problems that never quote a file's content.
#include "privatefiletesting.h"
#include "sealedbox_p.h"
#include "sealkeysource_p.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using namespace PrivateFileTesting;

class tst_SealKeySource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void keyFileForms_data();
    void keyFileForms();
    void malformedKeyFileIsRefused_data();
    void malformedKeyFileIsRefused();
    void keyFileReadableByOthersIsRefused();
    void keyFileMustBeAPrivateRegularFile();
    void keyFileThroughALink();
    void generatedKeyFileLoads();
    void generateNeverOverwrites();
    void credentials_data();
    void credentials();
    void malformedCredentialsAreRefused_data();
    void malformedCredentialsAreRefused();
    void credentialsFileMustBePrivate();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

const QByteArray Password("correct-horse-7Qx9"); // from tests/test-secrets.txt
const uint Me = PrivateFile::currentUser();

// 32 bytes, 0x00 .. 0x1f, in each form a key file may use.
QByteArray keyBytes()
{
    QByteArray key;
    for (char c = 0; c < 32; ++c)
        key.append(c);
    return key;
}

} // namespace

void tst_SealKeySource::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_SealKeySource::keyFileForms_data()
{
    QTest::addColumn<QByteArray>("content");
    const QByteArray base64 = keyBytes().toBase64();
    QCOMPARE(base64.size(), 44);
    const QByteArray hex = keyBytes().toHex();
    QTest::newRow("base64 and a newline (openssl rand -base64 32)") << base64 + '\n';
    QTest::newRow("base64 alone") << base64;
    QTest::newRow("base64 and CRLF") << base64 + "\r\n";
    QTest::newRow("hex and a newline (openssl rand -hex 32)") << hex + '\n';
    QTest::newRow("hex alone") << hex;
    QTest::newRow("hex in capitals") << hex.toUpper();
    QTest::newRow("hex and CRLF") << hex + "\r\n";
}

void tst_SealKeySource::keyFileForms()
{
    QFETCH(QByteArray, content);
    const QString file = path(QStringLiteral("fleet.key"));
    QVERIFY(writeFile(file, content));
    const SealKeySource::LoadedKey loaded = SealKeySource::loadKeyFile(file);
    QCOMPARE(loaded.problem, QString());
    QVERIFY(loaded.key);
    QVERIFY2(loaded.key->reveal() == keyBytes(), "the key read differs from the key written");
}

void tst_SealKeySource::malformedKeyFileIsRefused_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("problem"); // after "key file <path> "
    const QByteArray base64 = keyBytes().toBase64();
    const QByteArray hex = keyBytes().toHex();
    const QString notBase64 = QStringLiteral("is not a base64-encoded 32-byte key");
    const QString notHex = QStringLiteral("is not a 32-byte key in hex digits");
    const auto length = [](int bytes) {
        return QStringLiteral("holds %1 bytes; a 32-byte key is written as 44 base64 characters "
                              "or 64 hex digits, with at most a line end after them "
                              "(openssl rand -base64 32)")
                .arg(bytes);
    };
    QTest::newRow("empty") << QByteArray() << length(0);
    QTest::newRow("only a newline") << QByteArray("\n") << length(1);
    QTest::newRow("32 raw bytes") << keyBytes() << length(32);
    QTest::newRow("32 raw bytes and a newline") << keyBytes() + '\n' << length(33);
    QTest::newRow("base64 without its padding") << base64.chopped(1) << length(43);
    QTest::newRow("base64 of 33 bytes, also 44 characters")
            << (keyBytes() + 'x').toBase64() << notBase64;
    QTest::newRow("base64 of 34 bytes") << (keyBytes() + "xy").toBase64() << length(48);
    QTest::newRow("base64 and two newlines") << base64 + "\n\n" << length(46);
    QTest::newRow("base64 and a space") << base64 + ' ' << length(45);
    QTest::newRow("a space and base64") << ' ' + base64 << length(45);
    QTest::newRow("base64 and a lone CR") << base64 + '\r' << length(45);
    QTest::newRow("base64 of 31 bytes, also 44 characters")
            << keyBytes().left(31).toBase64() << notBase64;
    QTest::newRow("base64 with '=' inside") << base64.left(20) + '=' + base64.mid(21) << notBase64;
    QTest::newRow("base64url alphabet") << QByteArray(43, '-') + '=' << notBase64;
    QTest::newRow("a '*' in base64") << '*' + base64.mid(1) << notBase64;
    QTest::newRow("62 hex digits") << hex.chopped(2) << length(62);
    QTest::newRow("66 hex digits") << hex + "00" << length(66);
    QTest::newRow("a 'g' in hex") << 'g' + hex.mid(1) << notHex;
    QTest::newRow("hex with a space inside") << hex.left(31) + ' ' + hex.mid(32) << notHex;
    QTest::newRow("32 zero bytes in base64")
            << QByteArray(32, '\0').toBase64() << QStringLiteral("holds a key of zero bytes only");
    QTest::newRow("32 zero bytes in hex")
            << QByteArray(64, '0') << QStringLiteral("holds a key of zero bytes only");
    QTest::newRow("129 bytes") << QByteArray(129, 'A')
                               << QStringLiteral("is longer than 128 bytes");
}

void tst_SealKeySource::malformedKeyFileIsRefused()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    const QString file = path(QStringLiteral("fleet %2.key"));
    QVERIFY(writeFile(file, content));
    const SealKeySource::LoadedKey loaded = SealKeySource::loadKeyFile(file);
    QVERIFY(!loaded.key);
    QCOMPARE(loaded.problem, QStringLiteral("key file %1 %2").arg(file, problem));
    if (content.trimmed().size() >= 8)
        QVERIFY(!loaded.problem.contains(QString::fromLatin1(content.trimmed().left(8))));
}

void tst_SealKeySource::keyFileReadableByOthersIsRefused()
{
    const QString file = path(QStringLiteral("fleet.key"));
    QVERIFY(writeFile(file, keyBytes().toBase64() + '\n', 0644));
    const SealKeySource::LoadedKey loaded = SealKeySource::loadKeyFile(file);
    QVERIFY(!loaded.key);
    QCOMPARE(loaded.problem,
             QStringLiteral("key file %1 is readable by others (mode 0644); it must give no "
                            "access to group or others: chmod 600 %1")
                     .arg(file));
    QVERIFY(::chmod(native(file).constData(), 0400) == 0);
    QVERIFY(SealKeySource::loadKeyFile(file).key);
}

void tst_SealKeySource::keyFileMustBeAPrivateRegularFile()
{
    const QString directory = path(QStringLiteral("directory.key"));
    QVERIFY(QDir().mkdir(directory));
    QCOMPARE(SealKeySource::loadKeyFile(directory).problem,
             QStringLiteral("key file %1 is a directory, not a regular file").arg(directory));

    const QString fifo = path(QStringLiteral("fifo.key"));
    QVERIFY(makeFifo(fifo));
    QCOMPARE(SealKeySource::loadKeyFile(fifo).problem,
             QStringLiteral("key file %1 is a named pipe (FIFO), not a regular file").arg(fifo));

    const QString missing = path(QStringLiteral("missing.key"));
    QCOMPARE(SealKeySource::loadKeyFile(missing).problem,
             QStringLiteral("key file %1 does not exist").arg(missing));

    const QString file = path(QStringLiteral("fleet.key"));
    QVERIFY(writeFile(file, keyBytes().toBase64()));
    QVERIFY(SealKeySource::loadKeyFile(file, Me).key);
    QCOMPARE(SealKeySource::loadKeyFile(file, Me + 1).problem,
             QStringLiteral("key file %1 belongs to user %2, not to this user (%3)")
                     .arg(file, QString::number(Me), QString::number(Me + 1)));
}

void tst_SealKeySource::keyFileThroughALink()
{
    const QString target = path(QStringLiteral("secrets-fleet.key"));
    const QString link = path(QStringLiteral("fleet.key"));
    QVERIFY(writeFile(target, keyBytes().toHex() + '\n'));
    QVERIFY(makeLink(target, link));
    const SealKeySource::LoadedKey loaded = SealKeySource::loadKeyFile(link);
    QVERIFY(loaded.key);
    QVERIFY(loaded.key->reveal() == keyBytes());
    QVERIFY(::chmod(native(target).constData(), 0640) == 0);
    QVERIFY(SealKeySource::loadKeyFile(link).problem.startsWith(
            QStringLiteral("key file %1 is readable by its group (mode 0640)").arg(link)));
}

void tst_SealKeySource::generatedKeyFileLoads()
{
    const QString first = path(QStringLiteral("fleet.key"));
    const QString second = path(QStringLiteral("other.key"));
    QCOMPARE(SealKeySource::generateKeyFile(first), QString());
    QCOMPARE(SealKeySource::generateKeyFile(second), QString());
    QCOMPARE(modeOf(first), 0600);
    QFile written(first);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QByteArray text = written.readAll();
    QCOMPARE(text.size(), 45);
    QVERIFY(text.endsWith('\n'));
    QCOMPARE(
            QByteArray::fromBase64Encoding(text.chopped(1), QByteArray::AbortOnBase64DecodingErrors)
                    .decoded.size(),
            32);

    const SealKeySource::LoadedKey key = SealKeySource::loadKeyFile(first);
    const SealKeySource::LoadedKey otherKey = SealKeySource::loadKeyFile(second);
    QVERIFY(key.key);
    QVERIFY(otherKey.key);
    QVERIFY(*key.key != *otherKey.key);
    const std::optional<SealedBox> box = SealedBox::fromKey(*key.key);
    const std::optional<SealedBox> otherBox = SealedBox::fromKey(*otherKey.key);
    QVERIFY(box);
    QVERIFY(otherBox);
    const Secret sealed = box->seal(Secret(Password), "name");
    QVERIFY(box->open(sealed, "name"));
    QVERIFY(!otherBox->open(sealed, "name"));
}

void tst_SealKeySource::generateNeverOverwrites()
{
    const QString file = path(QStringLiteral("fleet.key"));
    const QByteArray existing = keyBytes().toBase64() + '\n';
    QVERIFY(writeFile(file, existing, 0400));
    QCOMPARE(SealKeySource::generateKeyFile(file),
             QStringLiteral("%1 exists already; it is never overwritten").arg(file));
    const SealKeySource::LoadedKey loaded = SealKeySource::loadKeyFile(file);
    QVERIFY(loaded.key);
    QVERIFY(loaded.key->reveal() == keyBytes());
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size(), 1);
}

void tst_SealKeySource::credentials_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("password");
    QTest::newRow("user and password")
            << R"({"user": "tessera", "password": ")" + Password + R"("})" + '\n'
            << QStringLiteral("tessera") << Password;
    QTest::newRow("password only: the default user")
            << R"({"password":")" + Password + R"("})" << QString() << Password;
    QTest::newRow("an empty user: the default user")
            << R"({"user":"","password":")" + Password + R"("})" << QString() << Password;
    QTest::newRow("a password with spaces, a line end and quotes")
            << QByteArray(R"({"password":"  a \"b\"\nc  "})") << QString()
            << QByteArray("  a \"b\"\nc  ");
    QTest::newRow("a password beyond ASCII")
            << QByteArray(R"({"user":"ops","password":"p\u00e4ss-\u20ac"})")
            << QStringLiteral("ops") << QByteArray("p\xc3\xa4ss-\xe2\x82\xac");
}

void tst_SealKeySource::credentials()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, user);
    QFETCH(QByteArray, password);
    const QString file = path(QStringLiteral("redis.json"));
    QVERIFY(writeFile(file, content));
    const SealKeySource::LoadedCredentials loaded = SealKeySource::loadCredentialsFile(file);
    QCOMPARE(loaded.problem, QString());
    QVERIFY(loaded.credentials);
    QCOMPARE(loaded.credentials->user, user);
    QVERIFY2(loaded.credentials->password.reveal() == password, "another password was read");
}

void tst_SealKeySource::malformedCredentialsAreRefused_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("problem"); // after "Redis credentials file <path>"
    const QByteArray password = R"("password":")" + Password + '"';
    // Where Qt's JSON parser stops, and its words, are Qt's; only the start is checked.
    const QString notJson = QStringLiteral(" is not valid JSON (at byte ");
    QTest::newRow("empty") << QByteArray() << notJson;
    QTest::newRow("two lines, not JSON") << "tessera\n" + Password + '\n' << notJson;
    QTest::newRow("cut short") << "{" + password << notJson;
    QTest::newRow("an array") << "[" + QByteArray('"' + Password + '"') + "]"
                              << QStringLiteral(" must hold one JSON object, "
                                                "{\"user\": ..., \"password\": ...}");
    QTest::newRow("no password") << QByteArray(R"({"user":"tessera"})")
                                 << QStringLiteral(" has no \"password\"");
    QTest::newRow("a number for a password") << QByteArray(R"({"password":1234})")
                                             << QStringLiteral(": \"password\" must be a string");
    QTest::newRow("an empty password")
            << QByteArray(R"({"password":""})") << QStringLiteral(": \"password\" is empty");
    QTest::newRow("a number for a user")
            << "{\"user\":7," + password + "}" << QStringLiteral(": \"user\" must be a string");
    QTest::newRow("a misspelt password")
            << "{\"pasword\":\"" + Password + "\"}"
            << QStringLiteral(" has an unknown key \"pasword\"; it may hold only \"user\" and "
                              "\"password\"");
    QTest::newRow("a key that may be a pasted value")
            << "{" + password + ",\"" + Password + " \":1}"
            << QStringLiteral(" has an unknown key (not shown); it may hold only \"user\" and "
                              "\"password\"");
    QTest::newRow("larger than 64 KiB")
            << "{" + password + ",\"user\":\"" + QByteArray(64 * 1024, 'u') + "\"}"
            << QStringLiteral(" is longer than 65536 bytes");
}

void tst_SealKeySource::malformedCredentialsAreRefused()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    const QString file = path(QStringLiteral("redis %2.json"));
    QVERIFY(writeFile(file, content));
    const SealKeySource::LoadedCredentials loaded = SealKeySource::loadCredentialsFile(file);
    QVERIFY(!loaded.credentials);
    const QString expected = QStringLiteral("Redis credentials file %1%2").arg(file, problem);
    if (problem.endsWith(QLatin1String("(at byte ")))
        QVERIFY2(loaded.problem.startsWith(expected) && loaded.problem.endsWith(QLatin1Char(')')),
                 qPrintable(loaded.problem));
    else
        QCOMPARE(loaded.problem, expected);
    QVERIFY(!loaded.problem.contains(QString::fromLatin1(Password)));
}

void tst_SealKeySource::credentialsFileMustBePrivate()
{
    const QString file = path(QStringLiteral("redis.json"));
    QVERIFY(writeFile(file, R"({"password":")" + Password + R"("})", 0640));
    const SealKeySource::LoadedCredentials loaded = SealKeySource::loadCredentialsFile(file);
    QVERIFY(!loaded.credentials);
    QCOMPARE(loaded.problem,
             QStringLiteral("Redis credentials file %1 is readable by its group (mode 0640); it "
                            "must give no access to group or others: chmod 600 %1")
                     .arg(file));
    QVERIFY(::chmod(native(file).constData(), 0600) == 0);
    QVERIFY(SealKeySource::loadCredentialsFile(file).credentials);
    QCOMPARE(SealKeySource::loadCredentialsFile(file, Me + 1).problem,
             QStringLiteral("Redis credentials file %1 belongs to user %2, not to this user (%3)")
                     .arg(file, QString::number(Me), QString::number(Me + 1)));
}

QTEST_GUILESS_MAIN(tst_SealKeySource)
#include "tst_sealkeysource.moc"

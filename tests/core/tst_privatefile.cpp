// SPDX-License-Identifier: BSD-3-Clause
// PrivateFile (lib/storage/privatefile_p.h): ssh's rule for a private key file (a regular file of
// this user's, nothing for group or others; a link is followed and its target checked), problems
// that name the path and never the content, and creation that is all-or-nothing and never
// overwrites.
#include "privatefile_p.h"
#include "privatefiletesting.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Tessera;
using namespace PrivateFileTesting;

class tst_PrivateFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void privateFileIsRead_data();
    void privateFileIsRead();
    void openFileIsRefused_data();
    void openFileIsRefused();
    void whatIsNotARegularFileIsRefused_data();
    void whatIsNotARegularFileIsRefused();
    void missingFileIsNamed();
    void anotherUsersFileIsRefused();
    void linkIsFollowedAndItsTargetChecked();
    void sizeLimit();
    void createWritesAPrivateFile_data();
    void createWritesAPrivateFile();
    void createNeverOverwrites();
    void createDoesNotFollowALink();
    void createNeedsTheDirectory();

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    QStringList entries() const
    {
        return QDir(m_dir->path())
                .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

const QByteArray Password("correct-horse-7Qx9"); // from tests/test-secrets.txt
const uint Me = PrivateFile::currentUser();

} // namespace

void tst_PrivateFile::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_PrivateFile::privateFileIsRead_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("0600") << 0600 << Password;
    QTest::newRow("0400") << 0400 << Password;
    QTest::newRow("0700") << 0700 << Password;
    QTest::newRow("0600, empty") << 0600 << QByteArray();
    QTest::newRow("0600, binary") << 0600 << QByteArray("\0\n\xff", 3);
}

void tst_PrivateFile::privateFileIsRead()
{
    QFETCH(int, mode);
    QFETCH(QByteArray, content);
    QVERIFY(writeFile(path(QStringLiteral("secret")), content, mode_t(mode)));
    const PrivateFile::Contents read = PrivateFile::read(path(QStringLiteral("secret")), 100, Me);
    QCOMPARE(read.problem, QString());
    QVERIFY(read.bytes);
    QVERIFY(read.bytes->reveal() == content);
}

void tst_PrivateFile::openFileIsRefused_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("what");
    QTest::newRow("0644: readable by everyone") << 0644 << QStringLiteral("readable by others");
    QTest::newRow("0604") << 0604 << QStringLiteral("readable by others");
    QTest::newRow("0640") << 0640 << QStringLiteral("readable by its group");
    QTest::newRow("0440") << 0440 << QStringLiteral("readable by its group");
    QTest::newRow("0602") << 0602 << QStringLiteral("writable by others");
    QTest::newRow("0620") << 0620 << QStringLiteral("writable by its group");
    QTest::newRow("0610: group may execute")
            << 0610 << QStringLiteral("open to its group or others");
    QTest::newRow("0601") << 0601 << QStringLiteral("open to its group or others");
    QTest::newRow("0666") << 0666 << QStringLiteral("readable by others");
}

void tst_PrivateFile::openFileIsRefused()
{
    QFETCH(int, mode);
    QFETCH(QString, what);
    // A path with placeholders of its own must come out as it is.
    const QString file = path(QStringLiteral("fleet %1%2%3.key"));
    QVERIFY(writeFile(file, Password, mode_t(mode)));
    const PrivateFile::Contents read = PrivateFile::read(file, 100, Me);
    QVERIFY(!read.bytes);
    const QString octal = QStringLiteral("0%1").arg(mode, 3, 8, QLatin1Char('0'));
    QCOMPARE(read.problem,
             QStringLiteral("%1 is %2 (mode %3); it must give no access to group or others: "
                            "chmod 600 %1")
                     .arg(file, what, octal));
    QVERIFY(!read.problem.contains(QString::fromLatin1(Password)));
}

void tst_PrivateFile::whatIsNotARegularFileIsRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a directory") << QStringLiteral("directory") << QStringLiteral("a directory");
    QTest::newRow("a FIFO, which must not block")
            << QStringLiteral("fifo") << QStringLiteral("a named pipe (FIFO)");
    QTest::newRow("a socket") << QStringLiteral("socket") << QStringLiteral("a socket");
    QTest::newRow("a device") << QStringLiteral("device") << QStringLiteral("a device");
}

void tst_PrivateFile::whatIsNotARegularFileIsRefused()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QString file = path(QStringLiteral("fleet.key"));
    int socket = -1;
    if (kind == QLatin1String("directory"))
        QVERIFY(QDir().mkdir(file));
    else if (kind == QLatin1String("fifo"))
        QVERIFY(makeFifo(file));
    else if (kind == QLatin1String("socket"))
        QVERIFY((socket = bindSocket(file)) >= 0);
    else
        file = QStringLiteral("/dev/null");
    const PrivateFile::Contents read = PrivateFile::read(file, 100, Me);
    if (socket >= 0)
        ::close(socket);
    QVERIFY(!read.bytes);
    QCOMPARE(read.problem, QStringLiteral("%1 is %2, not a regular file").arg(file, expected));
}

void tst_PrivateFile::missingFileIsNamed()
{
    const QString file = path(QStringLiteral("missing.key"));
    const PrivateFile::Contents read = PrivateFile::read(file, 100, Me);
    QVERIFY(!read.bytes);
    QCOMPARE(read.problem, QStringLiteral("%1 does not exist").arg(file));
}

void tst_PrivateFile::anotherUsersFileIsRefused()
{
    const QString file = path(QStringLiteral("fleet %2%3.key"));
    QVERIFY(writeFile(file, Password));
    const PrivateFile::Contents read = PrivateFile::read(file, 100, Me + 1);
    QVERIFY(!read.bytes);
    QCOMPARE(read.problem, QStringLiteral("%1 belongs to user %2, not to this user (%3)")
                                   .arg(file, QString::number(Me), QString::number(Me + 1)));
}

void tst_PrivateFile::linkIsFollowedAndItsTargetChecked()
{
    const QString target = path(QStringLiteral("target.key"));
    const QString link = path(QStringLiteral("fleet.key"));
    QVERIFY(writeFile(target, Password));
    QVERIFY(makeLink(target, link));
    PrivateFile::Contents read = PrivateFile::read(link, 100, Me);
    QVERIFY(read.bytes);
    QVERIFY(read.bytes->reveal() == Password);

    // The target's mode is what counts (a link's own mode is always 0777).
    QVERIFY(::chmod(native(target).constData(), 0644) == 0);
    read = PrivateFile::read(link, 100, Me);
    QVERIFY(!read.bytes);
    QVERIFY2(read.problem.startsWith(link + QStringLiteral(" is readable by others (mode 0644)")),
             qPrintable(read.problem));

    const QString directoryLink = path(QStringLiteral("directory.key"));
    QVERIFY(makeLink(m_dir->path(), directoryLink));
    QCOMPARE(PrivateFile::read(directoryLink, 100, Me).problem,
             QStringLiteral("%1 is a directory, not a regular file").arg(directoryLink));

    const QString dangling = path(QStringLiteral("dangling.key"));
    QVERIFY(makeLink(path(QStringLiteral("nowhere")), dangling));
    QCOMPARE(PrivateFile::read(dangling, 100, Me).problem,
             QStringLiteral("%1 does not exist").arg(dangling));
}

void tst_PrivateFile::sizeLimit()
{
    const QString file = path(QStringLiteral("secret %2"));
    QVERIFY(writeFile(file, QByteArray(64, 'a')));
    QVERIFY(PrivateFile::read(file, 64, Me).bytes);
    const PrivateFile::Contents read = PrivateFile::read(file, 63, Me);
    QVERIFY(!read.bytes);
    QCOMPARE(read.problem, QStringLiteral("%1 is longer than 63 bytes").arg(file));
}

void tst_PrivateFile::createWritesAPrivateFile_data()
{
    QTest::addColumn<int>("umask");
    QTest::newRow("umask 022") << 022;
    QTest::newRow("umask 077") << 077;
    QTest::newRow("umask 0277, which would leave 0400") << 0277;
    QTest::newRow("umask 0, which would leave 0666") << 0;
}

void tst_PrivateFile::createWritesAPrivateFile()
{
    QFETCH(int, umask);
    const QString file = path(QStringLiteral("fleet.key"));
    const mode_t previous = ::umask(mode_t(umask));
    const QString problem = PrivateFile::create(file, Secret(Password));
    ::umask(previous);
    QCOMPARE(problem, QString());
    QCOMPARE(modeOf(file), 0600);
    const PrivateFile::Contents read = PrivateFile::read(file, 100, Me);
    QVERIFY(read.bytes);
    QVERIFY(read.bytes->reveal() == Password);
    QCOMPARE(entries(), QStringList {QStringLiteral("fleet.key")}); // no temporary file left
}

void tst_PrivateFile::createNeverOverwrites()
{
    const QString file = path(QStringLiteral("fleet.key"));
    QVERIFY(writeFile(file, "the old key\n"));
    QCOMPARE(PrivateFile::create(file, Secret(Password)),
             QStringLiteral("%1 exists already; it is never overwritten").arg(file));
    QVERIFY(PrivateFile::read(file, 100, Me).bytes->reveal() == "the old key\n");
    QCOMPARE(entries(), QStringList {QStringLiteral("fleet.key")});
}

void tst_PrivateFile::createDoesNotFollowALink()
{
    const QString link = path(QStringLiteral("fleet.key"));
    const QString target = path(QStringLiteral("target"));
    QVERIFY(makeLink(target, link));
    QCOMPARE(PrivateFile::create(link, Secret(Password)),
             QStringLiteral("%1 exists already; it is never overwritten").arg(link));
    QVERIFY(!QFileInfo::exists(target));
    QCOMPARE(entries(), QStringList {QStringLiteral("fleet.key")});
}

void tst_PrivateFile::createNeedsTheDirectory()
{
    const QString directory = path(QStringLiteral("tessera"));
    const QString file = directory + QStringLiteral("/fleet.key");
    QCOMPARE(PrivateFile::create(file, Secret(Password)),
             QStringLiteral("%1 cannot be created: the directory %2 does not exist")
                     .arg(file, directory));
    QVERIFY(entries().isEmpty());
}

QTEST_GUILESS_MAIN(tst_PrivateFile)
#include "tst_privatefile.moc"

// SPDX-License-Identifier: BSD-3-Clause
#include "sharingdirectory_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Tessera;

class tst_SharingDirectory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void privateDirectoryIsAccepted();
    void unsafeDirectoryIsRefused_data();
    void unsafeDirectoryIsRefused();
    void missingDirectoryIsMadePrivate();
    void tooOpenDirectoryIsNotRepaired();
    void runtimeDirectoryIsUsed();
    void unsafeRuntimeDirectoryIsIgnored();
    void sameDirectoryWithoutRuntimeVariable();

private:
    static int mode(const QString &path);
    static QString fallback();

    std::unique_ptr<QTemporaryDir> m_dir;
    QByteArray m_runtime;
    bool m_hadRuntime = false;
};

void tst_SharingDirectory::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_hadRuntime = qEnvironmentVariableIsSet("XDG_RUNTIME_DIR");
    m_runtime = qgetenv("XDG_RUNTIME_DIR");
}

void tst_SharingDirectory::cleanup()
{
    if (m_hadRuntime)
        qputenv("XDG_RUNTIME_DIR", m_runtime);
    else
        qunsetenv("XDG_RUNTIME_DIR");
}

int tst_SharingDirectory::mode(const QString &path)
{
    struct stat info
    {
    };
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

// Where a process without a usable XDG_RUNTIME_DIR meets the others.
QString tst_SharingDirectory::fallback()
{
    const uint uid = SharingDirectory::currentUser();
    const QString userRuntime = QStringLiteral("/run/user/%1").arg(uid);
    if (QFileInfo(userRuntime).isDir() && mode(userRuntime) == 0700)
        return userRuntime + QStringLiteral("/tessera");
    return QStringLiteral("/tmp/tessera-%1").arg(uid);
}

void tst_SharingDirectory::privateDirectoryIsAccepted()
{
    QCOMPARE(mode(m_dir->path()), 0700);
    QCOMPARE(SharingDirectory::checkPrivate(m_dir->path(), SharingDirectory::currentUser()),
             QString());
}

void tst_SharingDirectory::unsafeDirectoryIsRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("problem");
    QTest::newRow("open to others") << QStringLiteral("open") << QStringLiteral("open to group");
    QTest::newRow("owned by someone else") << QStringLiteral("other") << QStringLiteral("belongs");
    QTest::newRow("a symbolic link to a private directory")
            << QStringLiteral("link") << QStringLiteral("symbolic link");
    QTest::newRow("a file") << QStringLiteral("file") << QStringLiteral("not a directory");
    QTest::newRow("missing") << QStringLiteral("missing") << QStringLiteral("No such file");
}

void tst_SharingDirectory::unsafeDirectoryIsRefused()
{
    QFETCH(QString, kind);
    QFETCH(QString, problem);
    const QString path = m_dir->filePath(QStringLiteral("shared"));
    uint uid = SharingDirectory::currentUser();
    if (kind == QLatin1String("open")) {
        QVERIFY(QDir().mkdir(path));
        QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions(0x7777)));
    } else if (kind == QLatin1String("other")) {
        QVERIFY(QDir().mkdir(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                           | QFileDevice::ExeOwner));
        ++uid; // as seen by another user: the directory is not theirs
    } else if (kind == QLatin1String("link")) {
        QVERIFY(QFile::link(m_dir->path(), path));
    } else if (kind == QLatin1String("file")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    const QString found = SharingDirectory::checkPrivate(path, uid);
    QVERIFY2(found.contains(problem), qPrintable(found));
    QVERIFY(found.contains(path));
}

void tst_SharingDirectory::missingDirectoryIsMadePrivate()
{
    const QString path = m_dir->filePath(QStringLiteral("a/b/tessera"));
    QCOMPARE(SharingDirectory::ensurePrivate(path, SharingDirectory::currentUser()), QString());
    QCOMPARE(mode(path), 0700);
    QCOMPARE(mode(m_dir->filePath(QStringLiteral("a"))), 0700);
}

void tst_SharingDirectory::tooOpenDirectoryIsNotRepaired()
{
    // Someone may have put files in it already: it is refused, not chmod-ed and used.
    const QString path = m_dir->filePath(QStringLiteral("tessera"));
    QVERIFY(QDir().mkdir(path));
    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions(0x7777)));
    const QString problem = SharingDirectory::ensurePrivate(path, SharingDirectory::currentUser());
    QVERIFY2(problem.contains(QLatin1String("open to group or others")), qPrintable(problem));
    QCOMPARE(mode(path), 0777);
}

void tst_SharingDirectory::runtimeDirectoryIsUsed()
{
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir->path()));
    const SharingDirectory::Location location = SharingDirectory::locate();
    QVERIFY2(location.isUsable(), qPrintable(location.problem));
    QCOMPARE(location.path, m_dir->filePath(QStringLiteral("tessera")));
    QCOMPARE(mode(location.path), 0700);
}

void tst_SharingDirectory::unsafeRuntimeDirectoryIsIgnored()
{
    // Qt would fall back to /tmp/runtime-$USER; Tessera goes where the others are.
    QVERIFY(QFile::setPermissions(m_dir->path(), QFileDevice::Permissions(0x7777)));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_dir->path()));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("ignoring XDG_RUNTIME_DIR")));
    const SharingDirectory::Location location = SharingDirectory::locate();
    QVERIFY2(location.isUsable(), qPrintable(location.problem));
    QCOMPARE(location.path, fallback());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("tessera"))));
}

void tst_SharingDirectory::sameDirectoryWithoutRuntimeVariable()
{
    qunsetenv("XDG_RUNTIME_DIR");
    const SharingDirectory::Location location = SharingDirectory::locate();
    QVERIFY2(location.isUsable(), qPrintable(location.problem));
    QCOMPARE(location.path, fallback());
    QCOMPARE(mode(location.path), 0700);
    QCOMPARE(SharingDirectory::locate().path, location.path); // and again: the same
}

QTEST_GUILESS_MAIN(tst_SharingDirectory)
#include "tst_sharingdirectory.moc"

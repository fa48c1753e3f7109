// SPDX-License-Identifier: BSD-3-Clause
// `tessera login` on browser and device profiles, as a separate process against the dev server
// and the real keychain: the link on stderr (and xdg-open where a desktop is), the device code
// and its QR code, Ctrl-C, and the session it leaves refreshing, rotating and signing out from
// other processes like any other. The test plays the browser (BrowserDriver).
#include "browserdriver.h"
#include "clitesting.h"

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

#include <csignal>

using namespace Tessera;
using namespace Tessera::Test;

class tst_CliBrowser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void noBrowserPrintsTheLinkAndWaits();
    void theBrowserIsOpenedWhereADesktopIs();
    void theSessionIsSharedWithOtherProcesses();
    void ctrlCCancelsAndFreesThePort();
    void deviceCodeWithQrCode();
    void deviceOnABrowserProfile();
    void deniedInTheBrowserIsRejected();

private:
    QString writeProfile(const QString &kind);
    /*! \brief Starts `tessera login ARGS` in the background. */
    void
    startLogin(QProcess &process, const QString &profile, const QStringList &arguments,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    /*! \brief Waits until the stderr read so far matches \a pattern; its first capture. */
    QString waitForStderr(QProcess &process, const QRegularExpression &pattern);
    int finish(QProcess &process);

    DevServerProcess m_server;
    Cli m_cli {m_server};
    BrowserDriver m_browser;
    QByteArray m_stderr;
    int m_profiles = 0;
};

void tst_CliBrowser::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no D-Bus session: run this test under scripts/with-keyring.sh");
    QVERIFY(m_cli.isValid());
    QVERIFY(m_server.start());
}

void tst_CliBrowser::init()
{
    m_cli.resetServer(300);
    m_server.configure({{QStringLiteral("device_interval"), 1},
                        {QStringLiteral("device_slow_down"), QStringLiteral("never")}});
    m_stderr.clear();
}

QString tst_CliBrowser::writeProfile(const QString &kind)
{
    const QString id = QStringLiteral("tst_cli_browser-%1").arg(++m_profiles);
    const QJsonObject json = m_server.issuerProfileJson(kind, {{QStringLiteral("id"), id}});
    const QString path = m_cli.directory() + QLatin1Char('/') + id + QStringLiteral(".json");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_CliBrowser::startLogin(QProcess &process, const QString &profile,
                                const QStringList &arguments,
                                const QProcessEnvironment &environment)
{
    QProcessEnvironment env = environment;
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (environment.contains(QStringLiteral("DISPLAY")))
        env.insert(QStringLiteral("DISPLAY"), environment.value(QStringLiteral("DISPLAY")));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(TESSERA_CLI_PATH),
                  QStringList {QStringLiteral("--profile"), profile, QStringLiteral("login")}
                          + arguments);
    process.closeWriteChannel();
}

QString tst_CliBrowser::waitForStderr(QProcess &process, const QRegularExpression &pattern)
{
    QRegularExpressionMatch match;
    const bool found = QTest::qWaitFor(
            [&] {
                m_stderr += process.readAllStandardError();
                match = pattern.match(QString::fromUtf8(m_stderr));
                return match.hasMatch() || process.state() == QProcess::NotRunning;
            },
            15000);
    if (!found || !match.hasMatch())
        qWarning("not on stderr: %s", qPrintable(pattern.pattern()));
    return match.captured(1);
}

int tst_CliBrowser::finish(QProcess &process)
{
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    m_stderr += process.readAllStandardError();
    // The secret scan reads this test's stderr.
    std::fwrite(m_stderr.constData(), 1, size_t(m_stderr.size()), stderr);
    std::fflush(stderr);
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void tst_CliBrowser::noBrowserPrintsTheLinkAndWaits()
{
    const QString profile = writeProfile(QStringLiteral("browser"));
    QProcess login;
    startLogin(login, profile, {QStringLiteral("--no-browser")});
    const QUrl url(waitForStderr(login, QRegularExpression(QStringLiteral("\\n  (http\\S+)\\n"))));
    QCOMPARE(url.adjusted(QUrl::RemoveQuery), m_server.url(QStringLiteral("/oauth/authorize")));
    QVERIFY(m_stderr.contains("open this link in a browser on this computer"));
    QCOMPARE(login.state(), QProcess::Running);

    QCOMPARE(m_browser.signIn(url, Accounts::alice, Accounts::alicePassword).status, 200);
    QCOMPARE(finish(login), 0);
    QCOMPARE(login.readAllStandardOutput(), QByteArray("Signed in as alice to Dev Server.\n"));
    const QJsonObject stored = m_cli.storedSession(Cli::idOf(profile));
    QCOMPARE(stored.value(QStringLiteral("tokenEndpoint")).toString(),
             m_server.url(QStringLiteral("/oauth/token")).toString());
}

void tst_CliBrowser::theBrowserIsOpenedWhereADesktopIs()
{
    // A desktop (DISPLAY) and an xdg-open that writes down what it was asked to open.
    const QString bin = m_cli.directory() + QStringLiteral("/bin");
    QVERIFY(QDir().mkpath(bin));
    const QString opened = m_cli.directory() + QStringLiteral("/opened.txt");
    QFile script(bin + QStringLiteral("/xdg-open"));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + opened.toUtf8() + "'\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"), bin + QLatin1Char(':') + env.value(QStringLiteral("PATH")));
    env.insert(QStringLiteral("DISPLAY"), QStringLiteral(":99"));

    const QString profile = writeProfile(QStringLiteral("browser"));
    QProcess login;
    startLogin(login, profile, {}, env);
    const QString printed =
            waitForStderr(login, QRegularExpression(QStringLiteral("\\n  (http\\S+)\\n")));
    QVERIFY(m_stderr.contains("Your browser has been opened"));
    QFile file(opened);
    QVERIFY(QTest::qWaitFor([&] { return file.exists() && file.size() > 0; }, 10000));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString url = QString::fromUtf8(file.readAll()).trimmed();
    QCOMPARE(url, printed);
    m_browser.signIn(QUrl(url), Accounts::alice, Accounts::alicePassword);
    QCOMPARE(finish(login), 0);
}

void tst_CliBrowser::theSessionIsSharedWithOtherProcesses()
{
    m_cli.resetServer(3);
    const QString profile = writeProfile(QStringLiteral("browser"));
    QProcess login;
    startLogin(login, profile, {QStringLiteral("--no-browser")});
    m_browser.signIn(
            QUrl(waitForStderr(login, QRegularExpression(QStringLiteral("\\n  (http\\S+)\\n")))),
            Accounts::alice, Accounts::alicePassword);
    QCOMPARE(finish(login), 0);
    const QString id = Cli::idOf(profile);
    const QByteArray first =
            m_cli.storedSession(id).value(QStringLiteral("refreshToken")).toString().toLatin1();

    // Another process refreshes with the endpoint kept at sign-in, and rotates.
    const CliRun refresh = m_cli.run(profile, {QStringLiteral("refresh")});
    QCOMPARE(refresh.exitCode, 0);
    const QByteArray second =
            m_cli.storedSession(id).value(QStringLiteral("refreshToken")).toString().toLatin1();
    QVERIFY(second != first);
    QCOMPARE(m_server.refreshTokenState(first), QStringLiteral("rotated"));
    QCOMPARE(m_cli.run(profile, {QStringLiteral("token")}).exitCode, 0);

    // And a third signs out, revoking at the endpoint kept at sign-in.
    QCOMPARE(m_cli.run(profile, {QStringLiteral("logout")}).exitCode, 0);
    QCOMPARE(m_server.refreshTokenState(second), QStringLiteral("revoked"));
    QCOMPARE(m_cli.keychainEntries(id), 0);
}

void tst_CliBrowser::ctrlCCancelsAndFreesThePort()
{
    const QString profile = writeProfile(QStringLiteral("browser"));
    QProcess login;
    startLogin(login, profile, {QStringLiteral("--no-browser")});
    const QUrl url(waitForStderr(login, QRegularExpression(QStringLiteral("\\n  (http\\S+)\\n"))));
    const QUrl redirect(
            QUrlQuery(url).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
    ::kill(pid_t(login.processId()), SIGINT);
    QCOMPARE(finish(login), 1);
    QVERIFY2(m_stderr.contains("sign-in cancelled"), m_stderr.constData());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(redirect.port()));
    QVERIFY(!socket.waitForConnected(2000));
    QCOMPARE(m_cli.keychainEntries(Cli::idOf(profile)), 0);
}

void tst_CliBrowser::deviceCodeWithQrCode()
{
    const QString profile = writeProfile(QStringLiteral("device"));
    QProcess login;
    startLogin(login, profile, {});
    const QString code =
            waitForStderr(login, QRegularExpression(QStringLiteral("\\n    (\\S+)\\n")));
    QVERIFY2(m_stderr.contains(m_server.url(QStringLiteral("/device")).toEncoded()),
             m_stderr.constData());
    waitForStderr(login, QRegularExpression(QStringLiteral("(Waiting until)")));
    QVERIFY(m_stderr.contains("Or scan this with a phone"));
    QVERIFY(m_stderr.contains("\xe2\x96\x80") || m_stderr.contains("\xe2\x96\x84")); // half blocks
    QCOMPARE(m_browser
                     .enterCode(m_server.url(QStringLiteral("/device")), code, Accounts::alice,
                                Accounts::alicePassword)
                     .status,
             200);
    QCOMPARE(finish(login), 0);
    QCOMPARE(login.readAllStandardOutput(), QByteArray("Signed in as alice to Dev Server.\n"));
}

void tst_CliBrowser::deviceOnABrowserProfile()
{
    const QString profile = writeProfile(QStringLiteral("browser"));
    QProcess login;
    startLogin(login, profile, {QStringLiteral("--device")});
    const QString code =
            waitForStderr(login, QRegularExpression(QStringLiteral("\\n    (\\S+)\\n")));
    m_browser.enterCode(m_server.url(QStringLiteral("/device")), code, Accounts::alice,
                        Accounts::alicePassword);
    QCOMPARE(finish(login), 0);
}

void tst_CliBrowser::deniedInTheBrowserIsRejected()
{
    const QString profile = writeProfile(QStringLiteral("browser"));
    QProcess login;
    startLogin(login, profile, {QStringLiteral("--no-browser")});
    const QUrl url(waitForStderr(login, QRegularExpression(QStringLiteral("\\n  (http\\S+)\\n"))));
    m_browser.signIn(url, Accounts::alice, Accounts::alicePassword, QStringLiteral("deny"));
    QCOMPARE(finish(login), 5); // Rejected
    QVERIFY(m_stderr.contains("sign-in failed"));
    QCOMPARE(m_cli.keychainEntries(Cli::idOf(profile)), 0);
}

QTEST_GUILESS_MAIN(tst_CliBrowser)
#include "tst_cli_browser.moc"

// SPDX-License-Identifier: BSD-3-Clause
// What the `tessera` command line does to and shows on a terminal: the password prompt on a real
// pseudo-terminal (Ctrl-C there gives the terminal its echo back; Ctrl-Z lends it to the shell
// until fg), no terminal at all, and each failure said once on stderr.
#include "clitesting.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

using namespace Tessera;
using namespace Tessera::Test;
using Dialect = Profile::Dialect;

namespace {

// A pseudo-terminal whose slave becomes the controlling terminal of a child process.
class PseudoTerminal
{
public:
    PseudoTerminal()
    {
        m_master = posix_openpt(O_RDWR | O_NOCTTY);
        if (m_master >= 0 && grantpt(m_master) == 0 && unlockpt(m_master) == 0)
            m_slave = QByteArray(ptsname(m_master));
    }
    ~PseudoTerminal()
    {
        if (m_master >= 0)
            close(m_master);
    }
    bool isValid() const { return !m_slave.isEmpty(); }

    // Makes \a process a session leader whose controlling terminal is the slave; with
    // \a standardStreams, also its stdin, stdout and stderr (as a shell's are).
    void attach(QProcess &process, bool standardStreams = false) const
    {
        const QByteArray slave = m_slave;
        process.setChildProcessModifier([slave, standardStreams] {
            setsid();
            const int fd = open(slave.constData(), O_RDWR);
            if (fd < 0)
                return;
            ioctl(fd, TIOCSCTTY, 0);
            if (standardStreams) {
                for (int stream = 0; stream < 3; ++stream)
                    dup2(fd, stream);
            }
        });
    }
    // Reads what the child wrote to the terminal until \a text shows up or \a ms pass.
    bool waitFor(const QByteArray &text, int ms)
    {
        QDeadlineTimer deadline(ms);
        while (!m_seen.contains(text) && !deadline.hasExpired()) {
            pollfd ready {m_master, POLLIN, 0};
            if (poll(&ready, 1, int(std::min<qint64>(100, deadline.remainingTime()))) > 0) {
                char buffer[256];
                const ssize_t n = read(m_master, buffer, sizeof buffer);
                if (n > 0)
                    m_seen.append(buffer, int(n));
            }
        }
        return m_seen.contains(text);
    }
    bool echoing() const
    {
        termios settings {};
        return tcgetattr(m_master, &settings) == 0 && (settings.c_lflag & ECHO);
    }
    void type(const QByteArray &keys) const
    {
        if (write(m_master, keys.constData(), size_t(keys.size())) != keys.size())
            qWarning("could not type on the pseudo-terminal");
    }
    QByteArray seen() const { return m_seen; }

private:
    int m_master = -1;
    QByteArray m_slave;
    QByteArray m_seen;
};

} // namespace

class tst_CliTerminal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void ctrlCAtThePasswordPromptRestoresEcho_data();
    void ctrlCAtThePasswordPromptRestoresEcho();
    void ctrlZAtThePasswordPromptLendsTheEchoBack();
    void refusesToReadSecretsWithoutTerminal();
    void eachFailureIsSaidOnce();

private:
    DevServerProcess m_server;
    Cli m_cli {m_server};
};

void tst_CliTerminal::initTestCase()
{
    QVERIFY(m_cli.isValid());
    QVERIFY(m_server.start());
}

void tst_CliTerminal::ctrlCAtThePasswordPromptRestoresEcho_data()
{
    QTest::addColumn<QByteArray>("interrupt");
    QTest::addColumn<int>("signal");
    QTest::newRow("Ctrl-C") << QByteArray("\x03") << 0;
    QTest::newRow("SIGTERM") << QByteArray() << int(SIGTERM);
}

void tst_CliTerminal::ctrlCAtThePasswordPromptRestoresEcho()
{
    QFETCH(QByteArray, interrupt);
    QFETCH(int, signal);
    PseudoTerminal terminal;
    QVERIFY(terminal.isValid());
    QVERIFY(terminal.echoing());
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    terminal.attach(process);
    process.start(QStringLiteral(TESSERA_CLI_PATH),
                  {QStringLiteral("--profile"), m_cli.writeProfile(Dialect::Json),
                   QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice});
    QVERIFY(process.waitForStarted());
    QVERIFY2(terminal.waitFor("Password for alice", 10000), terminal.seen());
    QTRY_VERIFY(!terminal.echoing()); // the prompt switched echo off

    if (signal)
        ::kill(pid_t(process.processId()), signal);
    else
        terminal.type(interrupt);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit); // it died of the signal, as it should
    QVERIFY2(terminal.echoing(), "the terminal was left without echo");
}

void tst_CliTerminal::ctrlZAtThePasswordPromptLendsTheEchoBack()
{
    // Job control needs a shell: an interactive dash on the terminal runs the command, Ctrl-Z
    // stops it at the prompt (the shell gets its echo back meanwhile), and fg brings the
    // prompt back, without echo again, so the password typed next is not shown.
    PseudoTerminal terminal;
    QVERIFY(terminal.isValid());
    QProcess shell;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PS1"), QStringLiteral("shell> "));
    shell.setProcessEnvironment(environment);
    terminal.attach(shell, true);
    shell.start(QStringLiteral("dash"), {QStringLiteral("-i")});
    QVERIFY(shell.waitForStarted());
    QVERIFY2(terminal.waitFor("shell> ", 10000), terminal.seen());
    const QByteArray command = QByteArray(TESSERA_CLI_PATH) + " --profile "
                               + m_cli.writeProfile(Dialect::Json).toUtf8() + " login --user "
                               + Accounts::alice.toUtf8() + "\n";
    terminal.type(command);
    QVERIFY2(terminal.waitFor("Password for alice", 10000), terminal.seen());
    QTRY_VERIFY(!terminal.echoing());

    terminal.type("\x1a"); // Ctrl-Z
    QVERIFY2(terminal.waitFor("Stopped", 10000), terminal.seen());
    // dash, unlike bash, leaves the terminal as the stopped job had it: the echo is back only
    // because the command gave it back before it stopped.
    QTRY_VERIFY2(terminal.echoing(), "the shell was left without echo");
    terminal.type("fg\n");
    QTRY_VERIFY2(!terminal.echoing(), "the prompt came back with echo on");
    terminal.type(Accounts::alicePassword + "\n");
    QVERIFY2(terminal.waitFor("Signed in", 10000), terminal.seen());
    QVERIFY(!terminal.seen().contains(Accounts::alicePassword));
    terminal.type("exit\n");
    QVERIFY(shell.waitForFinished(10000));
}

void tst_CliTerminal::refusesToReadSecretsWithoutTerminal()
{
    const QString profile = m_cli.writeProfile(Dialect::Json);
    QProcess process;
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QStringLiteral("setsid"),
                  {QStringLiteral(TESSERA_CLI_PATH), QStringLiteral("--profile"), profile,
                   QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    const QByteArray err = process.readAllStandardError();
    std::fwrite(err.constData(), 1, size_t(err.size()), stderr);
    QVERIFY(err.contains("--password-stdin"));
}

void tst_CliTerminal::eachFailureIsSaidOnce()
{
    // With the library's debug lines off (as a user runs it), stderr says each problem once.
    const QString rules = QStringLiteral("tessera.*.debug=false");
    const QString profile = m_cli.writeProfile(Dialect::OAuth2);
    CliRun run = m_cli.run(profile,
                           {QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                            QStringLiteral("--password-stdin")},
                           "wrong-password\n", rules);
    QCOMPARE(run.exitCode, 5);
    QCOMPARE(run.err.count("rejected the credentials"), 1);
    QCOMPARE(run.err.count('\n'), 1);

    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/oauth/token")},
                       {QStringLiteral("status"), 503}});
    run = m_cli.run(profile,
                    {QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                     QStringLiteral("--password-stdin")},
                    Accounts::alicePassword + '\n', rules);
    QCOMPARE(run.exitCode, 4);
    QCOMPARE(run.err.count("could not answer right now"), 1);
    QCOMPARE(run.err.count('\n'), 1);
}

QTEST_GUILESS_MAIN(tst_CliTerminal)
#include "tst_cli_terminal.moc"

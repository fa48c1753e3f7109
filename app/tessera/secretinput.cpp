// SPDX-License-Identifier: BSD-3-Clause
#include "secretinput.h"

#include <QCoreApplication>
#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iterator>
#include <termios.h>
#include <unistd.h>

namespace Tessera::Cli {

namespace {

constexpr qint64 maxSecretBytes = 64 * 1024;

QByteArray chompNewline(QByteArray bytes)
{
    if (bytes.endsWith('\n'))
        bytes.chop(1);
    if (bytes.endsWith('\r'))
        bytes.chop(1);
    return bytes;
}

// What a signal handler needs to put the terminal back: plain data, set before echo goes off.
int g_quietFd = -1;
termios g_saved {};
constexpr int restoringSignals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

// Async-signal-safe: gives \a signal its default action; what it had goes to \a previous.
void setDefaultAction(int signal, struct sigaction *previous = nullptr)
{
    struct sigaction fallback
    {
    };
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(signal, &fallback, previous);
}

// Sets \a handler (with \a flags) for each of \a signals; what each had goes to \a previous.
template<size_t N>
void catchSignals(const int (&signals)[N], void (*handler)(int), int flags,
                  struct sigaction (&previous)[N])
{
    struct sigaction action
    {
    };
    action.sa_handler = handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < N; ++i)
        sigaction(signals[i], &action, &previous[i]);
}

template<size_t N>
void restoreSignals(const int (&signals)[N], const struct sigaction (&previous)[N])
{
    for (size_t i = 0; i < N; ++i)
        sigaction(signals[i], &previous[i], nullptr);
}

// Async-signal-safe: restores the terminal, then dies of the signal as if nothing had caught it.
extern "C" void restoreTerminalAndDie(int signal)
{
    if (g_quietFd >= 0)
        tcsetattr(g_quietFd, TCSANOW, &g_saved);
    setDefaultAction(signal);
    raise(signal);
}

// Async-signal-safe: Ctrl-Z (or a read or write from the background) at the prompt. The
// terminal gets its echo back while the process is stopped, and loses it again when it
// continues (fg), as readpassphrase(3) does.
constexpr int stoppingSignals[] = {SIGTSTP, SIGTTIN, SIGTTOU};

extern "C" void restoreTerminalWhileStopped(int signal)
{
    const int savedErrno = errno;
    termios quiet {};
    const bool wasQuiet = g_quietFd >= 0 && tcgetattr(g_quietFd, &quiet) == 0;
    if (wasQuiet)
        tcsetattr(g_quietFd, TCSANOW, &g_saved);
    struct sigaction self
    {
    };
    setDefaultAction(signal, &self);
    sigset_t unblocked;
    sigemptyset(&unblocked);
    sigaddset(&unblocked, signal);
    sigprocmask(SIG_UNBLOCK, &unblocked, nullptr);
    raise(signal); // stops here, until SIGCONT
    sigaction(signal, &self, nullptr);
    if (wasQuiet)
        tcsetattr(g_quietFd, TCSANOW, &quiet);
    errno = savedErrno;
}

// Switches echo off, and restores it when it goes out of scope or the process is interrupted
// (Ctrl-C, SIGTERM, a closed terminal) or stopped (Ctrl-Z) at the prompt.
class EchoOff
{
public:
    explicit EchoOff(int fd)
        : m_fd(fd)
    {
        m_active = tcgetattr(fd, &m_saved) == 0;
        if (!m_active)
            return;
        g_saved = m_saved;
        g_quietFd = fd;
        catchSignals(restoringSignals, restoreTerminalAndDie, 0, m_previous);
        // SA_RESTART: the read at the prompt goes on after fg.
        catchSignals(stoppingSignals, restoreTerminalWhileStopped, SA_RESTART, m_previousStopping);
        termios quiet = m_saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    ~EchoOff()
    {
        if (!m_active)
            return;
        tcsetattr(m_fd, TCSAFLUSH, &m_saved);
        restoreSignals(restoringSignals, m_previous);
        restoreSignals(stoppingSignals, m_previousStopping);
        g_quietFd = -1;
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    int m_fd;
    bool m_active = false;
    termios m_saved {};
    struct sigaction m_previous[std::size(restoringSignals)] {};
    struct sigaction m_previousStopping[std::size(stoppingSignals)] {};
};

std::optional<QByteArray> askTerminal(const QString &prompt, bool echo, QString *error)
{
    QFile tty(QStringLiteral("/dev/tty"));
    if (!tty.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        *error = QCoreApplication::translate(
                "tessera", "no terminal to ask on; use --password-stdin or --api-key-stdin");
        return std::nullopt;
    }
    tty.write(prompt.toUtf8());
    std::optional<EchoOff> quiet;
    if (!echo)
        quiet.emplace(tty.handle());
    QByteArray line = tty.readLine(maxSecretBytes);
    return chompNewline(line);
}

} // namespace

std::optional<Secret> readSecret(const QString &prompt, bool fromStdin, QString *error)
{
    QByteArray bytes;
    if (fromStdin) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            *error = QCoreApplication::translate("tessera", "cannot read standard input");
            return std::nullopt;
        }
        // Up to the end of the input: a pipe hands it over in as many pieces as the writer
        // wrote, and a piece is not the whole secret.
        QByteArray all;
        while (all.size() <= maxSecretBytes) {
            const QByteArray piece = in.read(maxSecretBytes + 1 - all.size());
            if (piece.isEmpty())
                break;
            all += piece;
        }
        bytes = chompNewline(all);
        if (bytes.size() > maxSecretBytes) {
            *error = QCoreApplication::translate("tessera", "standard input is too long");
            return std::nullopt;
        }
    } else {
        const std::optional<QByteArray> typed = askTerminal(prompt, false, error);
        if (!typed)
            return std::nullopt;
        bytes = *typed;
    }
    if (bytes.isEmpty()) {
        *error = QCoreApplication::translate("tessera", "nothing was entered");
        return std::nullopt;
    }
    return Secret(bytes);
}

std::optional<QString> readLine(const QString &prompt, QString *error)
{
    const std::optional<QByteArray> typed = askTerminal(prompt, true, error);
    if (!typed)
        return std::nullopt;
    return QString::fromUtf8(*typed).trimmed();
}

} // namespace Tessera::Cli

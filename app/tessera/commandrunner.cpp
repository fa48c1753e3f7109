// SPDX-License-Identifier: BSD-3-Clause
#include "commandrunner.h"

#include "exitcode.h"
#include "interruptwatcher.h"
#include "secretinput.h"
#include "signinprompter.h"
#include "statusreport.h"

#include <Tessera/clock.h>

#include <QCoreApplication>
#include <QTextStream>

namespace Tessera::Cli {

namespace {

bool isSettled(Session::State state)
{
    switch (state) {
    case Session::State::Restoring:
    case Session::State::SigningIn:
    case Session::State::Refreshing:
    case Session::State::SigningOut:
        return false;
    default:
        return true;
    }
}

} // namespace

CommandRunner::CommandRunner(const Options &options, Session *session, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_session(session)
{
    connect(m_session, &Session::stateChanged, this, &CommandRunner::onStateChanged);
}

void CommandRunner::start()
{
    using Command = Options::Command;
    if (m_options.command == Command::Login) {
        login();
        return;
    }
    const std::function<void()> next =
            m_options.command == Command::Status
                    ? std::function<void()>([this] { m_options.watch ? watch() : status(); })
            : m_options.command == Command::Token   ? std::function<void()>([this] { token(); })
            : m_options.command == Command::Refresh ? std::function<void()>([this] { refresh(); })
                                                    : std::function<void()>([this] { logout(); });
    whenSettled(next);
    // Restoring refreshes a token that is due: `tessera refresh` must not do it a second time.
    connect(m_session, &Session::refreshed, this, [this] { m_refreshedWhileRestoring = true; });
    m_session->restore(m_options.user);
}

void CommandRunner::whenSettled(std::function<void()> next)
{
    m_whenSettled = std::move(next);
}

void CommandRunner::onStateChanged()
{
    if (!m_whenSettled || !isSettled(m_session->state()))
        return;
    // Queued, so that everything the session announces with this change has been announced.
    QMetaObject::invokeMethod(this, std::move(m_whenSettled), Qt::QueuedConnection);
    m_whenSettled = nullptr;
}

void CommandRunner::login()
{
    const Profile profile = m_session->profile();
    if (m_options.device || profile.loginKind() == Profile::LoginKind::Device) {
        if (!profile.offersDeviceSignIn()) {
            finish(failWith(
                    tr("the profile %1 offers no sign-in with a device code").arg(profile.id()),
                    UsageError));
            return;
        }
        interactiveLogin([this] { m_session->signInWithDeviceCode(); });
        return;
    }
    if (profile.loginKind() == Profile::LoginKind::Browser) {
        interactiveLogin([this] { m_session->signInWithBrowser(m_options.user); });
        return;
    }
    const bool apiKey = profile.loginKind() == Profile::LoginKind::ApiKey;
    QString error;
    QString user = m_options.user;
    if (user.isEmpty() && !apiKey) {
        const std::optional<QString> typed =
                readLine(tr("User name for %1: ").arg(profile.name()), &error);
        if (!typed || typed->isEmpty()) {
            // Without a terminal the reader's advice (the stdin options) is not what is missing.
            finish(failWith(tr("a user name is needed: give --user NAME"), UsageError));
            return;
        }
        user = *typed;
    }
    const bool fromStdin = apiKey ? m_options.apiKeyStdin : m_options.passwordStdin;
    const QString prompt = apiKey ? tr("API key for %1: ").arg(profile.name())
                                  : tr("Password for %1 at %2: ").arg(user, profile.name());
    const std::optional<Secret> secret = readSecret(prompt, fromStdin, &error);
    if (!secret) {
        finish(failWith(error, UsageError));
        return;
    }
    whenSettled([this] { reportSignIn(); });
    if (apiKey)
        m_session->signInWithApiKey(user, *secret, m_options.rememberKey);
    else
        m_session->signIn(user, *secret);
}

// A sign-in in the browser or with a device code: the prompt on stderr, and Ctrl-C cancels.
void CommandRunner::interactiveLogin(const std::function<void()> &signIn)
{
    m_prompter =
            std::make_unique<SignInPrompter>(m_session->profile().name(), !m_options.noBrowser);
    connect(m_session, &Session::signInPromptChanged, m_prompter.get(), &SignInPrompter::show);
    m_interrupts = std::make_unique<InterruptWatcher>();
    connect(m_interrupts.get(), &InterruptWatcher::interrupted, this, [this] {
        if (m_session->cancel())
            finish(failWith(tr("sign-in cancelled"), Failure));
    });
    whenSettled([this] { reportSignIn(); });
    signIn();
}

void CommandRunner::reportSignIn()
{
    if (!m_session->hasValidAccessToken()) {
        finish(failWith(tr("sign-in failed: %1").arg(m_session->errorString()),
                        exitCodeForError()));
        return;
    }
    QTextStream(stdout)
            << tr("Signed in as %1 to %2.\n").arg(whoIs(*m_session), m_session->profile().name());
    finish(Success);
}

void CommandRunner::status()
{
    const QDateTime now = Clock::system()->now();
    if (m_options.json)
        QTextStream(stdout) << statusJson(*m_session, now) << '\n';
    else
        QTextStream(stdout) << statusText(*m_session, now);
    finish(exitCodeForState());
}

void CommandRunner::watch()
{
    const auto print = [this] {
        const QDateTime now = Clock::system()->now();
        if (m_options.json)
            QTextStream(stdout) << statusJson(*m_session, now) << Qt::endl;
        else
            QTextStream(stdout) << statusLine(*m_session, now) << Qt::endl;
    };
    // One line per wall-clock second, just after the second turns, so that every countdown
    // goes down by exactly one from line to line (a plain 1000 ms timer drifts and skips).
    const auto tick = [this, print] {
        print();
        const int msec = Clock::system()->now().time().msec();
        m_ticker.start(1000 - msec + 5);
    };
    m_ticker.setSingleShot(true);
    m_ticker.setTimerType(Qt::PreciseTimer);
    connect(&m_ticker, &QTimer::timeout, this, tick);
    connect(m_session, &Session::stateChanged, this, print);
    tick();
}

void CommandRunner::token()
{
    const Secret token = m_session->exportAccessToken();
    if (token.isEmpty()) {
        finish(failWith(m_session->error() != Session::Error::NoError
                                ? tr("no valid access token: %1").arg(m_session->errorString())
                                : tr("not signed in; run `tessera login`"),
                        exitCodeForState()));
        return;
    }
    QTextStream(stdout) << token.reveal() << '\n';
    finish(Success);
}

void CommandRunner::refresh()
{
    if (!m_session->hasValidAccessToken() && !m_session->isSignedIn()
        && m_session->state() != Session::State::WaitingForNetwork) {
        // A keychain that could not be read says nothing about whether there is a session.
        finish(failWith(m_session->error() == Session::Error::StorageError
                                ? tr("cannot refresh: %1").arg(m_session->errorString())
                                : tr("not signed in; run `tessera login`"),
                        exitCodeForState()));
        return;
    }
    const auto report = [this] {
        QTextStream(stdout) << tr("Refreshed; the access token expires %1.\n")
                                       .arg(m_session->accessExpiresAt().isValid()
                                                    ? localDateTime(m_session->accessExpiresAt())
                                                    : tr("at an unknown time"));
    };
    if (m_refreshedWhileRestoring && m_session->state() == Session::State::Active) {
        report();
        finish(Success);
        return;
    }
    connect(m_session, &Session::refreshed, this, report);
    whenSettled([this] {
        if (m_session->state() != Session::State::Active) {
            finish(failWith(tr("refresh failed: %1").arg(m_session->errorString()),
                            exitCodeForError()));
            return;
        }
        finish(Success);
    });
    m_session->refresh();
}

void CommandRunner::logout()
{
    if (m_session->error() == Session::Error::StorageError && m_session->user().isEmpty()) {
        // Whether there is a session to end cannot be told: saying "not signed in" would lie.
        finish(failWith(tr("cannot sign out: %1").arg(m_session->errorString()), StorageError));
        return;
    }
    if (m_session->state() == Session::State::SignedOut && m_session->user().isEmpty()) {
        QTextStream(stdout) << tr("Not signed in.\n");
        finish(Success);
        return;
    }
    whenSettled([this] {
        if (m_session->error() != Session::Error::NoError)
            QTextStream(stderr) << tr("warning: %1\n").arg(m_session->errorString());
        QTextStream(stdout) << tr("Signed out.\n");
        finish(m_session->error() == Session::Error::StorageError ? StorageError : Success);
    });
    m_session->signOut();
}

void CommandRunner::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished(exitCode);
}

int CommandRunner::failWith(const QString &message, int exitCode)
{
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message << '\n';
    return exitCode;
}

int CommandRunner::exitCodeForError() const
{
    switch (m_session->error()) {
    case Session::Error::NoError:
        return Success;
    case Session::Error::NetworkError:
    case Session::Error::Timeout:
    case Session::Error::ServerError:
    case Session::Error::RateLimited:
        return Unreachable;
    case Session::Error::InvalidCredentials:
    case Session::Error::Forbidden:
        return Rejected;
    case Session::Error::SessionExpired:
    case Session::Error::NotSignedIn:
        return NotSignedIn;
    case Session::Error::StorageError:
        return StorageError;
    case Session::Error::BadResponse:
    case Session::Error::Cancelled:
        return Failure;
    }
    return Failure;
}

int CommandRunner::exitCodeForState() const
{
    if (m_session->hasValidAccessToken())
        return Success;
    if (m_session->error() == Session::Error::StorageError)
        return StorageError;
    if (m_session->state() == Session::State::WaitingForNetwork)
        return Unreachable;
    return NotSignedIn;
}

} // namespace Tessera::Cli

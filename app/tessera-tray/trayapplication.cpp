// SPDX-License-Identifier: BSD-3-Clause
#include "trayapplication.h"

#include "autostart.h"
#include "statuswindow.h"
#include "trayentry_p.h"
#include "traylogging.h"

#include <Tessera/clock.h>
#include <Tessera/logindialog.h>
#include <Tessera/session.h>
#include <Tessera/sessionstatusview.h>
#include <Tessera/sessiontext.h>

#include <QApplication>
#include <QEvent>

#ifdef __GLIBC__
#    include <malloc.h>
#endif

#include <algorithm>

static void initResources()
{
    // The icons live in this static library's resources, which are not registered by
    // themselves. Q_INIT_RESOURCE() must be called outside any namespace.
    Q_INIT_RESOURCE(tessera_tray);
}

namespace Tessera::Tray {

using Tessera::Session;
using State = Session::State;

TrayApplication::TrayApplication(const QList<Tessera::Profile> &profiles, const Options &options,
                                 QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_clock(options.clock ? options.clock : Tessera::Clock::system())
    , m_menu(m_clock)
    , m_dock(&m_tray)
    , m_notifier(&m_tray)
    , m_watch(m_clock, options.warnings)
    , m_look(&m_tray, &m_dock, &m_menu, &m_watch, m_clock, options.refreshingShownFor)
{
    initResources();
    m_notifier.setClock(m_clock);
    for (const Tessera::Profile &profile : profiles)
        addSession(profile);
    m_menu.addGeneralActions(Autostart::isEnabled());
    m_tray.setContextMenu(m_menu.menu());
    connectParts();
}

TrayApplication::~TrayApplication()
{
    m_quitting = true; // no queued dialog opens while the dialogs go
}

void TrayApplication::addSession(const Tessera::Profile &profile)
{
    auto entry = std::make_unique<Entry>();
    entry->session = std::make_unique<Session>(profile);
    if (m_options.clock)
        entry->session->setClock(m_options.clock);
    Entry *raw = entry.get();
    Session *session = raw->session.get();
    connect(session, &Session::stateChanged, this,
            [this, raw](State state) { onStateChanged(*raw, int(state)); });
    m_look.addSession(session);
    connect(session, &Session::signedOut, this, [this, raw] { onSignedOut(*raw); });
    connect(session, &Session::signedIn, this, [this, raw] { withdrawNotices(*raw); });
    connect(session, &Session::refreshed, this, [this, raw] {
        raw->lastRefreshedAt = m_clock->now();
        raw->accessObtainedAt = raw->lastRefreshedAt;
    });
    // For the status window's remaining-life bar, which is made only when first shown.
    connect(session, &Session::accessExpiresAtChanged, this,
            [this, raw] { raw->accessObtainedAt = m_clock->now(); });
    m_menu.addSession(session);
    m_watch.watch(session);
    m_entries.push_back(std::move(entry));
}

void TrayApplication::connectParts()
{
    connect(&m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason why) {
                if (why == QSystemTrayIcon::Trigger || why == QSystemTrayIcon::DoubleClick)
                    showStatus();
            });
    connect(&m_menu, &TrayMenu::statusRequested, this, &TrayApplication::showStatus);
    connect(&m_menu, &TrayMenu::signInRequested, this, &TrayApplication::signIn);
    connect(&m_menu, &TrayMenu::signOutRequested, this,
            [](Session *session) { session->signOut(); });
    connect(&m_menu, &TrayMenu::autostartToggled, this, &TrayApplication::onAutostartToggled);
    connect(&m_menu, &TrayMenu::quitRequested, this, &TrayApplication::quit);
    connect(&m_notifier, &Notifier::clicked, this, &TrayApplication::onNotificationClicked);
    connect(&m_watch, &ExpiryWatch::warningDue, this, &TrayApplication::onWarning);
    connect(&m_dock, &TrayDock::dockedChanged, this, &TrayApplication::onDockedChanged);
    connect(&m_look, &TrayLook::ready, this, &TrayApplication::ready);
    connect(&m_look, &TrayLook::lookChanged, this, &TrayApplication::lookChanged);
}

Session *TrayApplication::session(int index) const
{
    return m_entries.at(size_t(index))->session.get();
}

TrayApplication::Entry *TrayApplication::entryFor(const Session *session) const
{
    for (const auto &entry : m_entries) {
        if (entry->session.get() == session)
            return entry.get();
    }
    return nullptr;
}

TrayApplication::Entry *TrayApplication::entryFor(const QString &profileId) const
{
    for (const auto &entry : m_entries) {
        if (entry->session->profile().id() == profileId)
            return entry.get();
    }
    return nullptr;
}

Tessera::LoginDialog *TrayApplication::loginDialog(const Session *session) const
{
    const Entry *entry = entryFor(session);
    return entry ? entry->dialog.data() : nullptr;
}

void TrayApplication::start()
{
    for (auto &entry : m_entries)
        entry->session->restore();
    m_look.update();
    // Shown even without a tray: Qt then watches for one (the X11 tray selection) and docks
    // the icon when it appears.
    m_tray.show();
    m_dock.start();
    if (!m_dock.isDocked() && !QSystemTrayIcon::isSystemTrayAvailable()) {
        // No tray: the status window stands in (and notices go over D-Bus), --minimized or
        // not. Minimized, there would be nothing on screen at all: on a desktop without a tray
        // (GNOME without an extension) Tessera would start at login unseen and unreachable.
        showStatus();
        m_look.announceReadyIfSo();
    }
}

void TrayApplication::onStateChanged(Entry &entry, int state)
{
    entry.previous = entry.current;
    entry.current = State(state);
    if (entry.current == State::Refreshing)
        m_look.sessionRefreshing();
    if (!entry.restored && entry.current != State::Restoring) {
        entry.restored = true;
        m_look.sessionRestored();
        onRestored(entry);
    }
    // From SigningIn, it is a sign-in that failed or was cancelled, in an ended session the
    // user was told about, and the login dialog says what went wrong.
    if (entry.current == State::ReauthenticationRequired && entry.previous != State::SigningIn)
        onSessionEnded(entry);
    // Signed in elsewhere (a sign-in here says signedIn()). Not SigningIn -> Active: that is
    // also a sign-in that failed or was cancelled in a session still on, whose "ending soon"
    // is as true as before.
    if (entry.current == State::Active
        && (entry.previous == State::SignedOut
            || entry.previous == State::ReauthenticationRequired))
        withdrawNotices(entry);
    if (entry.current != State::Restoring && entry.current != State::Refreshing)
        entry.startingUp = false;
    m_look.update();
}

// Signed in: the "sign in", "signed out" and "ending soon" notices of the session are untrue.
void TrayApplication::withdrawNotices(Entry &entry)
{
    const QString id = entry.session->profile().id();
    m_notifier.withdraw(
            [id](const QString &key) { return key.section(QLatin1Char('/'), 1, 1) == id; });
}

void TrayApplication::onRestored(Entry &entry)
{
    if (m_look.allRestored()) {
        // Start-up is over (profiles parsed, keychain read, icons rendered): hand the heap's
        // leftovers back, for a program that then idles for days.
#ifdef __GLIBC__
        malloc_trim(0);
#endif
    }
    // First start with no session at all: ask for one.
    if (entry.current == State::SignedOut && entry.session->user().isEmpty())
        askForFirstSignIn(entry);
}

void TrayApplication::onSessionEnded(Entry &entry)
{
    Session *session = entry.session.get();
    const QString name = session->profile().name();
    // The stored session was already dead at start-up: ask right away, as at a first start.
    if (entry.startingUp && !m_options.minimized) {
        signIn(session);
        return;
    }
    m_notifier.notify(QStringLiteral("reauth/") + session->profile().id(), tr("Sign in again"),
                      tr("Your session with %1 has ended. Click to sign in again.").arg(name),
                      QSystemTrayIcon::Warning);
}

void TrayApplication::onSignedOut(Entry &entry)
{
    // Every sign-out from this process (menu, status window, anything calling signOut())
    // passes through SigningOut; one from elsewhere goes straight to SignedOut.
    if (entry.previous == State::SigningOut)
        return;
    const Tessera::Profile profile = entry.session->profile();
    m_notifier.notify(QStringLiteral("signed-out/") + profile.id(), tr("Signed out"),
                      tr("You were signed out of %1 elsewhere.").arg(profile.name()));
}

void TrayApplication::onWarning(Session *session, qint64 secondsLeft, qint64 warning)
{
    const QDateTime now = m_clock->now();
    m_notifier.notify(
            QStringLiteral("ending/%1/%2").arg(session->profile().id()).arg(warning),
            tr("Session ending soon"),
            tr("Your session with %1 ends in %2 (at %3). Click to sign in again and stay "
               "signed in.")
                    .arg(session->profile().name(), Tessera::SessionText::countdown(secondsLeft),
                         Tessera::SessionText::clockTime(session->refreshExpiresAt(), now)));
    m_look.update();
}

void TrayApplication::onNotificationClicked(const QString &key)
{
    const QString kind = key.section(QLatin1Char('/'), 0, 0);
    Entry *entry = entryFor(key.section(QLatin1Char('/'), 1, 1));
    if (kind == QStringLiteral("still-running") || !entry)
        showStatus();
    else if (kind == QStringLiteral("signed-out"))
        showStatus(entry->session.get());
    else
        signIn(entry->session.get()); // "reauth", "signin", "ending"
}

void TrayApplication::onAutostartToggled(bool enabled)
{
    QString error;
    const bool done = enabled ? Autostart::enable(QCoreApplication::applicationFilePath(),
                                                  m_options.launchArguments, &error)
                              : Autostart::disable(&error);
    if (!done) {
        qCWarning(lcTray).noquote() << "autostart entry:" << error;
        m_menu.setAutostartChecked(Autostart::isEnabled());
    }
}

void TrayApplication::askForFirstSignIn(Entry &entry)
{
    const Tessera::Profile profile = entry.session->profile();
    if (m_options.minimized) {
        m_notifier.notify(
                QStringLiteral("signin/") + profile.id(), tr("Sign in to %1").arg(profile.name()),
                tr("Tessera has no session for %1 yet. Click to sign in.").arg(profile.name()));
        return;
    }
    const bool dialogOpen = std::any_of(m_entries.cbegin(), m_entries.cend(),
                                        [](const auto &e) { return !e->dialog.isNull(); });
    if (dialogOpen)
        m_queuedDialogs.push_back(&entry);
    else
        signIn(entry.session.get());
}

void TrayApplication::openNextQueuedDialog()
{
    while (!m_quitting && !m_queuedDialogs.empty()) {
        Entry *next = m_queuedDialogs.front();
        m_queuedDialogs.erase(m_queuedDialogs.begin());
        if (next->session->state() == State::SignedOut) {
            signIn(next->session.get());
            return;
        }
    }
}

void TrayApplication::signIn(Session *session)
{
    Entry *entry = entryFor(session);
    if (!entry || m_quitting)
        return;
    if (!entry->dialog) {
        entry->dialog = new Tessera::LoginDialog(session);
        entry->dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(entry->dialog, &QObject::destroyed, this, &TrayApplication::openNextQueuedDialog,
                Qt::QueuedConnection);
    }
    entry->dialog->show();
    entry->dialog->raise();
    entry->dialog->activateWindow();
}

StatusWindow *TrayApplication::statusWindow()
{
    if (!m_window) {
        std::vector<Session *> sessions;
        for (const auto &entry : m_entries)
            sessions.push_back(entry->session.get());
        m_window = std::make_unique<StatusWindow>(sessions, m_clock);
        for (const auto &entry : m_entries) {
            Tessera::SessionStatusView *view = m_window->view(entry->session.get());
            view->setLastRefreshedAt(entry->lastRefreshedAt);
            view->setAccessTokenObtainedAt(entry->accessObtainedAt);
        }
        m_window->setTrayless(!m_dock.isDocked());
        connect(m_window.get(), &StatusWindow::signInRequested, this, &TrayApplication::signIn);
        connect(m_window.get(), &StatusWindow::quitRequested, this, &TrayApplication::quit);
        connect(m_window.get(), &StatusWindow::closed, this,
                &TrayApplication::onStatusWindowClosed);
    }
    return m_window.get();
}

void TrayApplication::showStatus(Session *session)
{
    StatusWindow *window = statusWindow();
    if (session)
        window->showSession(session);
    window->show();
    window->raise();
    window->activateWindow();
}

void TrayApplication::onStatusWindowClosed()
{
    // Without a tray the window was the only thing on screen: say where Tessera went.
    if (m_dock.isDocked() || m_quitting)
        return;
    m_notifier.notify(QStringLiteral("still-running"), tr("Tessera is still running"),
                      tr("It keeps your sessions alive and tells you when one needs you. Click "
                         "here, or start Tessera again, to see them; Quit is in that window."));
}

void TrayApplication::quit()
{
    m_quitting = true;
    // Closing a dialog cancels its sign-in; then nothing is left to refuse the quit.
    for (const auto &entry : m_entries) {
        if (entry->dialog)
            entry->dialog->close();
    }
    if (m_window)
        m_window->close();
    QCoreApplication::quit();
}

void TrayApplication::onDockedChanged(bool docked)
{
    // Qt draws its own balloons only over an XEmbed icon (which has a window).
    m_notifier.setTrayBalloons(docked && m_dock.iconWindow());
    if (m_window)
        m_window->setTrayless(!docked);
}

} // namespace Tessera::Tray

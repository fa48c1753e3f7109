// SPDX-License-Identifier: BSD-3-Clause
#include "trayapplication.h"

#include "autostart.h"
#include "notifier.h"

#include <Tessera/clock.h>
#include <Tessera/logindialog.h>
#include <Tessera/session.h>
#include <Tessera/sessionstatusview.h>
#include <Tessera/sessiontext.h>

#include <QApplication>
#include <QEvent>
#include <QTabBar>
#include <QTabWidget>

#ifdef __GLIBC__
#    include <malloc.h>
#endif

#include <algorithm>

using Tessera::Session;
using Tessera::SessionText::summary;

struct TrayApplication::Entry
{
    std::unique_ptr<Session> session;
    QAction *header = nullptr;
    QAction *refresh = nullptr;
    QAction *reauthenticate = nullptr;
    QAction *signOut = nullptr;
    bool signingOutHere = false;
    bool restored = false;
    bool warned = false; //!< the "session ends soon" notice for the current refresh token
};

static void initResources()
{
    // The icons live in this static library's resources, which are not registered by
    // themselves.
    Q_INIT_RESOURCE(tessera_tray);
}

TrayApplication::TrayApplication(const QList<Tessera::Profile> &profiles, const Options &options,
                                 QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_notifier(std::make_unique<Notifier>(&m_tray))
{
    initResources();
    for (const Tessera::Profile &profile : profiles) {
        auto entry = std::make_unique<Entry>();
        entry->session = std::make_unique<Session>(profile);
        Entry *raw = entry.get();
        connect(raw->session.get(), &Session::stateChanged, this,
                [this, raw] { onStateChanged(*raw); });
        connect(raw->session.get(), &Session::refreshExpiresAtChanged, this, [this, raw] {
            raw->warned = false;
            scheduleWarning();
        });
        connect(raw->session.get(), &Session::signedOut, this, [this, raw] {
            if (!raw->signingOutHere)
                m_notifier->notify(QStringLiteral("signed-out/") + raw->session->profile().id(),
                                   tr("Signed out"),
                                   tr("You were signed out of %1 elsewhere.")
                                           .arg(raw->session->profile().name()));
            raw->signingOutHere = false;
        });
        m_entries.push_back(std::move(entry));
    }
    buildMenu();
    m_tray.setContextMenu(&m_menu);
    connect(&m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason why) {
                if (why == QSystemTrayIcon::Trigger || why == QSystemTrayIcon::DoubleClick)
                    showStatus();
            });
    connect(m_notifier.get(), &Notifier::clicked, this, [this](const QString &key) {
        for (const auto &entry : m_entries) {
            if (key == QStringLiteral("reauth/") + entry->session->profile().id())
                reauthenticate(entry->session.get());
        }
    });

    // The countdown in the menu ticks only while the menu is open.
    m_secondTicker.setTimerType(Qt::PreciseTimer);
    m_secondTicker.setInterval(1000);
    connect(&m_secondTicker, &QTimer::timeout, this, &TrayApplication::updateTexts);
    connect(&m_menu, &QMenu::aboutToShow, this, [this] {
        updateTexts();
        m_secondTicker.start();
    });
    connect(&m_menu, &QMenu::aboutToHide, &m_secondTicker, &QTimer::stop);
    // Idle, the tray does not wake at all: the tooltip's countdown is brought up to date when
    // the tooltip is about to show (see eventFilter()), and the only timer left is the one
    // for the next "session ends soon" moment.
    m_warningTimer.setSingleShot(true);
    m_warningTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_warningTimer, &QTimer::timeout, this, &TrayApplication::checkExpiryWarnings);
    qApp->installEventFilter(this);
    // TESSERA_TRAY_PROBE_MS shortens the wait for the tests.
    bool probeSet = false;
    const int probe = qEnvironmentVariableIntValue("TESSERA_TRAY_PROBE_MS", &probeSet);
    m_trayProbe.setInterval(probeSet && probe > 0 ? probe : 30000);
    m_trayProbe.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_trayProbe, &QTimer::timeout, this, &TrayApplication::showTrayIfAvailable);
}

TrayApplication::~TrayApplication() = default;

Session *TrayApplication::session(int index) const
{
    return m_entries.at(size_t(index))->session.get();
}

void TrayApplication::buildMenu()
{
    for (auto &entry : m_entries)
        addSessionSection(*entry);
    m_menu.addSeparator();
    m_menu.addAction(tr("Show &status…"), this, &TrayApplication::showStatus);
    m_autostart = m_menu.addAction(tr("Start at &login"));
    m_autostart->setCheckable(true);
    m_autostart->setChecked(Autostart::isEnabled());
    connect(m_autostart, &QAction::toggled, this, [this](bool on) {
        QString error;
        const bool done = on ? Autostart::enable(QCoreApplication::applicationFilePath(),
                                                 m_options.launchArguments, &error)
                             : Autostart::disable(&error);
        if (!done) {
            qWarning().noquote() << "autostart:" << error;
            const QSignalBlocker blocker(m_autostart);
            m_autostart->setChecked(Autostart::isEnabled());
        }
    });
    m_menu.addAction(tr("&Quit"), qApp, &QCoreApplication::quit);
}

void TrayApplication::addSessionSection(Entry &entry)
{
    Session *session = entry.session.get();
    entry.header = m_menu.addAction(QString());
    entry.header->setEnabled(false);
    entry.refresh = m_menu.addAction(tr("&Refresh now"), session, &Session::refresh);
    entry.reauthenticate = m_menu.addAction(tr("Re-&authenticate…"), this,
                                            [this, session] { reauthenticate(session); });
    entry.signOut = m_menu.addAction(tr("Sign &out"), this, [&entry] {
        entry.signingOutHere = true;
        entry.session->signOut();
    });
    if (m_entries.size() > 1 && &entry != m_entries.back().get())
        m_menu.addSeparator();
}

void TrayApplication::start()
{
    for (auto &entry : m_entries)
        entry->session->restore();
    updateLook();
    showTrayIfAvailable();
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        qInfo("no system tray on this desktop: showing the status window, looking for a tray "
              "every 30 s");
        m_trayProbe.start();
        if (!m_options.minimized)
            showStatus();
    }
    scheduleWarning();
}

void TrayApplication::showTrayIfAvailable()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable() || m_tray.isVisible())
        return;
    m_trayProbe.stop();
    m_tray.show();
    if (!m_iconShownOnce)
        qInfo("tray icon shown");
    m_iconShownOnce = true;
}

void TrayApplication::onStateChanged(Entry &entry)
{
    Session *session = entry.session.get();
    const Session::State state = session->state();
    if (state == Session::State::ReauthenticationRequired) {
        m_notifier->notify(QStringLiteral("reauth/") + session->profile().id(), tr("Sign in again"),
                           tr("Your session with %1 has ended. Click to sign in again.")
                                   .arg(session->profile().name()),
                           QSystemTrayIcon::Warning);
    }
    if (!entry.restored && state != Session::State::Restoring) {
        entry.restored = true;
        if (std::all_of(m_entries.begin(), m_entries.end(),
                        [](const auto &e) { return e->restored; }))
            settled();
        // First start with no session at all: ask for one.
        if (state == Session::State::SignedOut && session->user().isEmpty()
            && m_entries.front().get() == &entry)
            reauthenticate(session);
    }
    updateLook();
}

TrayState TrayApplication::currentState() const
{
    QList<TrayState> states;
    const QDateTime now = Tessera::Clock::system()->now();
    for (const auto &entry : m_entries)
        states.append(trayStateOf(*entry->session, now, m_options.expiryWarning));
    return mostUrgent(states);
}

void TrayApplication::updateLook()
{
    const TrayState state = currentState();
    if (state != m_shownState || m_tray.icon().isNull()) {
        m_shownState = state;
        m_tray.setIcon(::trayIcon(state));
    }
    for (const auto &entry : m_entries) {
        const Session::State s = entry->session->state();
        entry->refresh->setEnabled(s == Session::State::Active
                                   || s == Session::State::RefreshRetrying
                                   || s == Session::State::WaitingForNetwork);
        entry->signOut->setEnabled(entry->session->isSignedIn()
                                   || s == Session::State::WaitingForNetwork);
    }
    updateTexts();
}

void TrayApplication::updateTexts()
{
    const QDateTime now = Tessera::Clock::system()->now();
    QStringList lines;
    for (const auto &entry : m_entries) {
        const QString line = summary(*entry->session, now);
        entry->header->setText(line);
        lines.append(line);
    }
    m_tray.setToolTip(lines.join(QLatin1Char('\n')));
}

void TrayApplication::checkExpiryWarnings()
{
    const QDateTime now = Tessera::Clock::system()->now();
    for (const auto &entry : m_entries) {
        Session *session = entry->session.get();
        const QDateTime end = session->refreshExpiresAt();
        if (entry->warned || !session->isSignedIn() || !end.isValid())
            continue;
        const qint64 left = now.secsTo(end);
        if (left > 0 && left <= m_options.expiryWarning.count()) {
            entry->warned = true;
            m_notifier->notify(
                    QStringLiteral("ending/") + session->profile().id(), tr("Session ending soon"),
                    tr("Your session with %1 ends in %2; sign in again to stay "
                       "signed in.")
                            .arg(session->profile().name(), Tessera::SessionText::countdown(left)));
        }
    }
    updateLook();
}

void TrayApplication::scheduleWarning()
{
    // The next moment a session enters its warning time (its look turns to the hourglass).
    const QDateTime now = Tessera::Clock::system()->now();
    qint64 next = -1;
    for (const auto &entry : m_entries) {
        const QDateTime end = entry->session->refreshExpiresAt();
        if (entry->warned || !entry->session->isSignedIn() || !end.isValid())
            continue;
        const qint64 ms = now.msecsTo(end.addSecs(-m_options.expiryWarning.count()));
        next = next < 0 ? std::max<qint64>(ms, 0) : std::min(next, std::max<qint64>(ms, 0));
    }
    if (next < 0)
        m_warningTimer.stop();
    else
        m_warningTimer.start(std::chrono::milliseconds(next + 1000));
}

void TrayApplication::settled()
{
    // Start-up is over (profiles parsed, keychain read, icons rendered): hand the heap's
    // leftovers back, for a program that then idles for days.
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

bool TrayApplication::eventFilter(QObject *watched, QEvent *event)
{
    // QSystemTrayIcon's own window on X11 gets a ToolTip event right before the tooltip shows.
    if (event->type() == QEvent::ToolTip && watched->inherits("QSystemTrayIconSys"))
        updateTexts();
    return QObject::eventFilter(watched, event);
}

QWidget *TrayApplication::statusWindow()
{
    if (!m_window) {
        m_window = std::make_unique<QTabWidget>();
        m_window->setWindowTitle(tr("Tessera"));
        m_window->setDocumentMode(true);
        for (const auto &entry : m_entries) {
            auto *view = new Tessera::SessionStatusView(entry->session.get());
            connect(view, &Tessera::SessionStatusView::reauthenticateRequested, this,
                    [this, session = entry->session.get()] { reauthenticate(session); });
            m_window->addTab(view, entry->session->profile().name());
        }
        m_window->tabBar()->setVisible(m_entries.size() > 1);
        m_window->setMinimumWidth(440);
        m_window->adjustSize();
    }
    return m_window.get();
}

void TrayApplication::showStatus()
{
    QWidget *window = statusWindow();
    window->show();
    window->raise();
    window->activateWindow();
}

void TrayApplication::reauthenticate(Session *session)
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    m_dialog = new Tessera::LoginDialog(session);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
}

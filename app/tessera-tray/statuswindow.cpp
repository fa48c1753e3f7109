// SPDX-License-Identifier: BSD-3-Clause
#include "statuswindow.h"

#include <Tessera/session.h>
#include <Tessera/sessionstatusview.h>

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tessera::Tray {

using Tessera::Session;
using Tessera::SessionStatusView;

StatusWindow::StatusWindow(const std::vector<Session *> &sessions, Tessera::Clock *clock,
                           QWidget *parent)
    : QWidget(parent)
    , m_sessions(sessions)
{
    setWindowTitle(tr("Tessera"));
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    for (Session *session : sessions) {
        auto *view = new SessionStatusView(session);
        view->setClock(clock);
        connect(view, &SessionStatusView::reauthenticateRequested, this,
                [this, session] { Q_EMIT signInRequested(session); });
        // A '&' in a name ("R&D API") is the name's, not a mnemonic.
        QString name = session->profile().name();
        const int tab = m_tabs->addTab(view, name.replace(QLatin1Char('&'), QStringLiteral("&&")));
        m_tabs->setTabToolTip(tab, tr("The session with %1").arg(session->profile().name()));
        m_views.push_back(view);
    }
    m_tabs->tabBar()->setVisible(sessions.size() > 1);
    m_tabs->tabBar()->setAccessibleName(tr("Sessions"));
    m_tabs->tabBar()->setAccessibleDescription(
            tr("A page for each session; the arrow keys go from one to the next"));
    // The arrows that scroll through more tabs than fit (Qt names them "Scroll Left" and
    // "Scroll Right").
    for (QToolButton *arrow : m_tabs->tabBar()->findChildren<QToolButton *>())
        arrow->setAccessibleDescription(tr("Shows the sessions' tabs that do not fit"));

    m_trayless = new QLabel(tr("There is no system tray on this desktop. Tessera keeps your "
                               "sessions alive after you close this window; start Tessera "
                               "again to bring it back."));
    m_trayless->setWordWrap(true);
    m_quit = new QPushButton(tr("&Quit Tessera"));
    m_quit->setAccessibleDescription(tr("Stops Tessera and its refreshes; a saved session is "
                                        "restored when Tessera starts again"));
    connect(m_quit, &QPushButton::clicked, this, &StatusWindow::quitRequested);
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_trayless, 1);
    footer->addWidget(m_quit);
    // The pages run to the window's edges (document mode) and bring their margins with them:
    // the footer gets the same ones, so that it lines up with the page above it.
    QMargins margins = m_views.empty() ? QMargins() : m_views.front()->layout()->contentsMargins();
    margins.setTop(0);
    footer->setContentsMargins(margins);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    layout->addLayout(footer);
    setTrayless(false);
    setMinimumWidth(440);
    adjustSize();
}

StatusWindow::~StatusWindow() = default;

void StatusWindow::showSession(const Session *session)
{
    if (SessionStatusView *shown = view(session))
        m_tabs->setCurrentWidget(shown);
}

SessionStatusView *StatusWindow::view(const Session *session) const
{
    for (size_t i = 0; i < m_sessions.size(); ++i) {
        if (m_sessions.at(i) == session)
            return m_views.at(i);
    }
    return nullptr;
}

void StatusWindow::setTrayless(bool trayless)
{
    m_trayless->setVisible(trayless);
    m_quit->setVisible(trayless);
}

bool StatusWindow::event(QEvent *event)
{
    const bool handled = QWidget::event(event);
    // A line that wraps once the window is on screen (a long last error) needs more height
    // than the window's minimum size tells: grow, rather than cut it off.
    if (event->type() == QEvent::LayoutRequest && layout() && layout()->hasHeightForWidth()) {
        const int needed = layout()->heightForWidth(width());
        if (needed > height())
            resize(width(), needed);
    }
    return handled;
}

void StatusWindow::keyPressEvent(QKeyEvent *event)
{
    // Escape closes the window, as its close button does: the keyboard's way out.
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void StatusWindow::closeEvent(QCloseEvent *event)
{
    QWidget::closeEvent(event);
    if (event->isAccepted())
        Q_EMIT closed();
}

} // namespace Tessera::Tray

// SPDX-License-Identifier: BSD-3-Clause
#include "traydock.h"

#include "traylogging.h"

#include <QApplication>
#include <QEvent>
#include <QHelpEvent>
#include <QSystemTrayIcon>
#include <QWidget>

namespace Tessera::Tray {

TrayDock::TrayDock(QSystemTrayIcon *icon, QObject *parent)
    : QObject(parent)
    , m_icon(icon)
{
    // Qt makes the icon window by itself (also later, when a tray appears): it is seen here
    // when it is polished, shown and painted.
    qApp->installEventFilter(this);
}

TrayDock::~TrayDock()
{
    qApp->removeEventFilter(this);
}

QWidget *TrayDock::iconWindow() const
{
    return m_window;
}

void TrayDock::start()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        qCInfo(lcTray) << "no system tray on this desktop; the icon follows when one appears";
        return;
    }
    const QWidgetList windows = QApplication::topLevelWidgets();
    const bool xembed = std::any_of(windows.cbegin(), windows.cend(), [](const QWidget *w) {
        return w->inherits("QSystemTrayIconSys");
    });
    if (!xembed && m_icon->isVisible()) {
        // A StatusNotifierItem host: nothing here to watch; the icon is handed over.
        setDocked(true);
        Q_EMIT painted();
    }
}

bool TrayDock::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::Show:
    case QEvent::Paint:
    case QEvent::ToolTip:
        break;
    default:
        return false;
    }
    if (!watched->isWidgetType() || !watched->inherits("QSystemTrayIconSys"))
        return false;
    auto *window = static_cast<QWidget *>(watched);
    if (m_window != window) {
        m_window = window;
        connect(window, &QObject::destroyed, this, [this] { setDocked(false); });
    }
    if (event->type() == QEvent::Paint) {
        setDocked(true);
        Q_EMIT painted();
    } else if (event->type() == QEvent::ToolTip) {
        Q_EMIT toolTipAboutToShow(static_cast<QHelpEvent *>(event)->globalPos());
    }
    return false;
}

void TrayDock::setDocked(bool docked)
{
    if (docked == m_docked)
        return;
    m_docked = docked;
    if (docked)
        qCInfo(lcTray) << "tray icon docked";
    else
        qCInfo(lcTray) << "the tray went away; the icon follows when one appears";
    Q_EMIT dockedChanged(docked);
}

} // namespace Tessera::Tray

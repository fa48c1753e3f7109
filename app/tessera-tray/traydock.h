// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QWidget;

namespace Tessera::Tray {

/*!
 * \brief Whether a QSystemTrayIcon is really in a tray, seen from Qt's own XEmbed icon window
 * (the QSystemTrayIconSys widget): Qt maps that window only once the tray host embedded it
 * (XEMBED_EMBEDDED_NOTIFY), so its first paint means "docked and visible". When the tray host
 * goes away Qt deletes the window, and makes a new one when a tray appears again (Qt follows
 * the _NET_SYSTEM_TRAY_S0 selection through X events, without polling).
 *
 * A tray served over D-Bus (StatusNotifierItem) has no such window; the icon then counts as
 * docked as soon as it is shown and a tray is available.
 */
class TrayDock : public QObject
{
    Q_OBJECT
public:
    explicit TrayDock(QSystemTrayIcon *icon, QObject *parent = nullptr);
    ~TrayDock() override;

    /*! \brief Call right after showing the icon. */
    void start();
    bool isDocked() const { return m_docked; }
    /*! \brief Qt's XEmbed icon window, while there is one. */
    QWidget *iconWindow() const;

Q_SIGNALS:
    void dockedChanged(bool docked);
    /*! \brief The icon was painted in the tray (each time it is). */
    void painted();
    /*! \brief A tooltip is about to show over the icon, at \a globalPos (XEmbed only). */
    void toolTipAboutToShow(const QPoint &globalPos);

private:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void setDocked(bool docked);

    QSystemTrayIcon *const m_icon;
    QPointer<QWidget> m_window;
    bool m_docked = false;
};

} // namespace Tessera::Tray

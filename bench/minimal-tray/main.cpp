// SPDX-License-Identifier: BSD-3-Clause
// tessera-minimal-tray: the smallest useful QSystemTrayIcon program (an icon, a tooltip, a
// menu with Quit), the baseline scripts/measure-tray.sh compares tessera-tray with.
#include <QApplication>
#include <QMenu>
#include <QStyle>
#include <QSystemTrayIcon>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    QMenu menu;
    menu.addAction(QStringLiteral("Quit"), &app, &QCoreApplication::quit);
    QSystemTrayIcon tray(app.style()->standardIcon(QStyle::SP_ComputerIcon));
    tray.setToolTip(QStringLiteral("minimal tray"));
    tray.setContextMenu(&menu);
    tray.show();
    std::fprintf(stderr, "tray icon shown\n");
    return app.exec();
}

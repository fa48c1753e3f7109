// SPDX-License-Identifier: BSD-3-Clause
// tessera-minimal-tray: the smallest useful QSystemTrayIcon program (an icon, a tooltip, a
// menu with Quit), the baseline scripts/measure-tray.sh compares tessera-tray with.
//
// It says "ready" by the same rule as tessera-tray: when Qt's XEmbed icon window is first
// painted, which Qt does only once the tray host embedded and mapped it.
#include <QApplication>
#include <QMenu>
#include <QStyle>
#include <QSystemTrayIcon>

#include <cstdio>

namespace {
class FirstPaint : public QObject
{
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && watched->inherits("QSystemTrayIconSys")) {
            std::fprintf(stderr, "ready: tray icon docked and painted\n");
            qApp->removeEventFilter(this);
        }
        return false;
    }
};
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    FirstPaint firstPaint;
    app.installEventFilter(&firstPaint);
    QMenu menu;
    menu.addAction(QStringLiteral("Quit"), &app, &QCoreApplication::quit);
    QSystemTrayIcon tray(app.style()->standardIcon(QStyle::SP_ComputerIcon));
    tray.setToolTip(QStringLiteral("minimal tray"));
    tray.setContextMenu(&menu);
    tray.show();
    return app.exec();
}

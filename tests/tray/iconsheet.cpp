// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray-icon-sheet OUT.png [SIZE]: the six tray looks side by side, on a light and on
// a dark panel, at panel size and enlarged, with their names; for docs/tray.md
// (scripts/take-screenshots.sh) and for looking at the icons while drawing them.
#include "trayicons.h"

#include <QApplication>
#include <QPainter>

using namespace Tessera::Tray;

namespace {
QString label(TrayState state)
{
    switch (state) {
    case TrayState::Active:
        return QStringLiteral("signed in");
    case TrayState::ExpiringSoon:
        return QStringLiteral("ending soon");
    case TrayState::Refreshing:
        return QStringLiteral("refreshing");
    case TrayState::Offline:
        return QStringLiteral("retrying");
    case TrayState::SignInNeeded:
        return QStringLiteral("sign-in needed");
    case TrayState::SignedOut:
        break;
    }
    return QStringLiteral("signed out");
}
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(tessera_tray);
    if (argc < 2) {
        std::fprintf(stderr, "usage: tessera-tray-icon-sheet OUT.png [SIZE]\n");
        return 2;
    }
    const int small = 22;
    const int large = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 48;
    const QList<TrayState> looks {TrayState::Active,       TrayState::ExpiringSoon,
                                  TrayState::Refreshing,   TrayState::Offline,
                                  TrayState::SignInNeeded, TrayState::SignedOut};
    const int cell = std::max(large + 24, 96);
    const int rowHeight = small + large + 44;
    QImage sheet(cell * int(looks.size()), 2 * rowHeight, QImage::Format_ARGB32);
    QPainter painter(&sheet);
    const QList<QPair<QColor, QColor>> panels {
            {QColor(0xee, 0xee, 0xec), QColor(0x20, 0x20, 0x20)},
            {QColor(0x2b, 0x2b, 0x2b), QColor(0xee, 0xee, 0xee)}};
    for (int row = 0; row < panels.size(); ++row) {
        const QRect band(0, row * rowHeight, sheet.width(), rowHeight);
        painter.fillRect(band, panels.at(row).first);
        painter.setPen(panels.at(row).second);
        for (int i = 0; i < looks.size(); ++i) {
            const int x = i * cell;
            const QIcon icon = trayIcon(looks.at(i));
            icon.paint(&painter, QRect(x + (cell - small) / 2, band.top() + 8, small, small));
            icon.paint(&painter,
                       QRect(x + (cell - large) / 2, band.top() + small + 14, large, large));
            painter.drawText(QRect(x, band.top() + small + large + 18, cell, 20), Qt::AlignCenter,
                             label(looks.at(i)));
        }
    }
    painter.end();
    return sheet.save(QString::fromLocal8Bit(argv[1])) ? 0 : 1;
}

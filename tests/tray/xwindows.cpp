// SPDX-License-Identifier: BSD-3-Clause
#include "xwindows.h"

#include <QProcess>
#include <QRegularExpression>

namespace Tessera::Test::XWindows {

namespace {
QString xwininfo(const QString &display, const QStringList &arguments)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral("xwininfo"),
                  QStringList {QStringLiteral("-display"), display} + arguments);
    if (!process.waitForFinished(10000))
        qWarning("xwininfo did not finish");
    return QString::fromLocal8Bit(process.readAllStandardOutput());
}

QString hex(quint64 window)
{
    return QStringLiteral("0x") + QString::number(window, 16);
}
} // namespace

QList<quint64> byInstance(const QString &display, const QString &instance, const QString &title)
{
    // Lines like:  0x1c00007 "Tessera": ("instance" "tessera-tray")  440x300+0+0  +0+0
    const QRegularExpression line(
            QStringLiteral("^\\s*(0x[0-9a-f]+) \"%1\": \\(\"%2\" ")
                    .arg(QRegularExpression::escape(title), QRegularExpression::escape(instance)),
            QRegularExpression::MultilineOption);
    QList<quint64> windows;
    auto matches =
            line.globalMatch(xwininfo(display, {QStringLiteral("-root"), QStringLiteral("-tree")}));
    while (matches.hasNext())
        windows.append(matches.next().captured(1).toULongLong(nullptr, 16));
    return windows;
}

bool isViewable(const QString &display, quint64 window)
{
    return xwininfo(display, {QStringLiteral("-id"), hex(window)})
            .contains(QStringLiteral("Map State: IsViewable"));
}

bool hasViewableWindow(const QString &display, const QString &instance, const QString &title)
{
    const QList<quint64> windows = byInstance(display, instance, title);
    return std::any_of(windows.cbegin(), windows.cend(),
                       [&](quint64 window) { return isViewable(display, window); });
}

quint64 trayerPanel(const QString &display)
{
    const QRegularExpression line(QStringLiteral("^\\s*(0x[0-9a-f]+) \"panel\": \\(\"panel\" "
                                                 "\"trayer\"\\)"),
                                  QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match =
            line.match(xwininfo(display, {QStringLiteral("-root"), QStringLiteral("-tree")}));
    return match.hasMatch() ? match.captured(1).toULongLong(nullptr, 16) : 0;
}

bool isInside(const QString &display, quint64 window, quint64 ancestor)
{
    const QString tree =
            xwininfo(display, {QStringLiteral("-id"), hex(ancestor), QStringLiteral("-tree")});
    // The first line names the ancestor itself; its descendants follow, one per line.
    const QRegularExpression child(QStringLiteral("^\\s+%1 ").arg(hex(window)),
                                   QRegularExpression::MultilineOption);
    return child.match(tree).hasMatch();
}

} // namespace Tessera::Test::XWindows

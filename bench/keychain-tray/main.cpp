// SPDX-License-Identifier: BSD-3-Clause
// tessera-keychain-tray SERVICE KEY: the smallest tray program that must show something stored
// in the keychain: bench/minimal-tray's icon, tooltip and Quit menu, plus one QtKeychain read
// (the product's keychain library, with the same settings as Tessera's keychain store). Its
// look says whether the entry was found. The second baseline scripts/measure-tray.sh compares
// tessera-tray with: the floor for a tray that shows a stored session.
//
// Like tessera-tray, it shows its icon at once and reads the keychain meanwhile, and says
// "ready" at the first paint of Qt's XEmbed icon window (which Qt does only once the tray host
// embedded and mapped it) that follows setting the look the entry decided. It never prints what
// it read.
#include <QApplication>
#include <QMenu>
#include <QStyle>
#include <QSystemTrayIcon>

#include <qt6keychain/keychain.h>

#include <cstdio>

namespace {
class ReadyWhenPainted : public QObject
{
public:
    // The look the keychain's answer decided is set: the next paint shows it.
    void lookSet(const char *look)
    {
        m_look = look;
        m_paintedSinceLook = false;
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || !watched->inherits("QSystemTrayIconSys"))
            return false;
        if (!m_docked) {
            m_docked = true;
            std::fprintf(stderr, "tray icon docked\n");
        }
        if (m_look && !m_paintedSinceLook) {
            m_paintedSinceLook = true;
            std::fprintf(stderr, "ready: tray icon docked, showing %s\n", m_look);
            qApp->removeEventFilter(this);
        }
        return false;
    }

private:
    const char *m_look = nullptr;
    bool m_docked = false;
    bool m_paintedSinceLook = false;
};
} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setQuitOnLastWindowClosed(false);
    const QStringList arguments = QApplication::arguments();
    if (arguments.size() != 3) {
        std::fprintf(stderr, "usage: tessera-keychain-tray SERVICE KEY\n");
        return 2;
    }
    ReadyWhenPainted ready;
    app.installEventFilter(&ready);
    QMenu menu;
    menu.addAction(QStringLiteral("Quit"), &app, &QCoreApplication::quit);
    QSystemTrayIcon tray(app.style()->standardIcon(QStyle::SP_ComputerIcon));
    tray.setToolTip(QStringLiteral("keychain tray: reading"));
    tray.setContextMenu(&menu);
    tray.show();

    auto *read = new QKeychain::ReadPasswordJob(arguments.at(1));
    read->setKey(arguments.at(2));
    read->setInsecureFallback(false);
    read->setAutoDelete(true);
    QObject::connect(read, &QKeychain::Job::finished, &app, [&](QKeychain::Job *job) {
        const bool found =
                job->error() == QKeychain::NoError
                && !static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData().isEmpty();
        if (!found)
            std::fprintf(stderr, "no stored entry: %s\n", qPrintable(job->errorString()));
        tray.setIcon(app.style()->standardIcon(found ? QStyle::SP_DialogApplyButton
                                                     : QStyle::SP_MessageBoxWarning));
        tray.setToolTip(found ? QStringLiteral("keychain tray: entry found")
                              : QStringLiteral("keychain tray: no entry"));
        ready.lookSet(found ? "the stored entry (found)" : "no stored entry");
    });
    read->start();
    return app.exec();
}

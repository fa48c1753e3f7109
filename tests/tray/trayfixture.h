// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "devserverprocess.h"
#include "statuswindow.h"
#include "trayapplication.h"

#include <Tessera/logindialog.h>
#include <Tessera/session.h>

#include <QApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace Tessera::Test {

using Tray::StatusWindow;
using Tray::TrayApplication;

/*!
 * \brief What the tray tests share: the dev server, profile files with ids of their own (the
 * keychain is shared by the whole suite), TrayApplications and the `tessera` command line.
 */
class TrayFixture
{
public:
    explicit TrayFixture(const QString &prefix)
        : m_prefix(prefix)
    { }

    /*! \brief Checks the environment (loudly) and starts the server. */
    bool setUp()
    {
        if (!qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS")
            || !QSystemTrayIcon::isSystemTrayAvailable()) {
            qWarning("no keyring or no tray host: run under scripts/with-keyring.sh and "
                     "scripts/with-display.sh");
            return false;
        }
        return server.start();
    }

    /*! \brief A profile file with an id of its own: the prefix, this process, a count (the
     *  keychain outlives a test run when it is repeated in the same session). */
    QString newProfile()
    {
        return server.writeProfile(m_dir.path(), QStringLiteral("%1-%2-%3")
                                                         .arg(m_prefix)
                                                         .arg(QCoreApplication::applicationPid())
                                                         .arg(++m_count));
    }

    static Profile load(const QString &path)
    {
        const ProfileLoadResult loaded = Profile::load(path);
        if (!loaded)
            qFatal("%s", qPrintable(loaded.errorString()));
        return loaded.profile();
    }

    std::unique_ptr<TrayApplication> makeTray(const QStringList &profiles,
                                              TrayApplication::Options options = {})
    {
        QList<Profile> loaded;
        for (const QString &path : profiles) {
            loaded.append(load(path));
            options.launchArguments << QStringLiteral("--profile") << path;
        }
        return std::make_unique<TrayApplication>(loaded, options);
    }

    /*! \brief Runs `tessera --profile PROFILE ARGUMENTS`, spinning the event loop meanwhile. */
    static int cli(const QString &profile, const QStringList &arguments,
                   const QByteArray &input = {})
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::ForwardedChannels);
        process.start(QStringLiteral(TESSERA_CLI_PATH),
                      QStringList {QStringLiteral("--profile"), profile} + arguments);
        process.write(input);
        process.closeWriteChannel();
        // Waiting here would block the tray's event loop; spin it instead.
        if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000))
            process.kill();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    static int cliLogin(const QString &profile)
    {
        return cli(profile,
                   {QStringLiteral("login"), QStringLiteral("--user"), Accounts::alice,
                    QStringLiteral("--password-stdin")},
                   Accounts::alicePassword + '\n');
    }

    /*! \brief Every login dialog on screen. */
    static QList<LoginDialog *> openLoginDialogs()
    {
        QList<LoginDialog *> open;
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (auto *dialog = qobject_cast<LoginDialog *>(widget); dialog && dialog->isVisible())
                open.append(dialog);
        }
        return open;
    }

    static void closeAllWindows()
    {
        for (QWidget *widget : QApplication::topLevelWidgets())
            widget->close();
    }

    DevServerProcess server;

private:
    QString m_prefix;
    QTemporaryDir m_dir;
    int m_count = 0;
};

} // namespace Tessera::Test

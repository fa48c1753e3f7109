// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "interruptwatcher.h"
#include "options.h"
#include "signinprompter.h"

#include <Tessera/session.h>

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace Tessera::Cli {

/*!
 * \brief Carries out one `tessera` command on a Session and says how it ended.
 *
 * Every command except login first restores the stored session and waits for it to settle
 * (a refresh that restoring starts is waited for too), then acts.
 */
class CommandRunner : public QObject
{
    Q_OBJECT
public:
    CommandRunner(const Options &options, Session *session, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void login();
    void interactiveLogin(const std::function<void()> &signIn);
    void reportSignIn();
    void status();
    void watch();
    void token();
    void refresh();
    void logout();

    void whenSettled(std::function<void()> next);
    void onStateChanged();
    void finish(int exitCode);
    int failWith(const QString &message, int exitCode);
    int exitCodeForError() const;
    int exitCodeForState() const;

    Options m_options;
    Session *m_session;
    std::function<void()> m_whenSettled;
    QTimer m_ticker;
    std::unique_ptr<SignInPrompter> m_prompter;
    std::unique_ptr<InterruptWatcher> m_interrupts;
    bool m_finished = false;
    bool m_refreshedWhileRestoring = false;
};

} // namespace Tessera::Cli

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>

#include <memory>

QT_BEGIN_NAMESPACE
class QSocketNotifier;
QT_END_NAMESPACE

namespace Tessera::Cli {

/*!
 * \brief Turns Ctrl-C (SIGINT) and SIGTERM into a signal on the event loop, while it lives: a
 * sign-in that waits for a browser is cancelled cleanly (the port closed, nothing stored) instead
 * of the process dying mid-way. The handler only writes a byte to a pipe (async-signal-safe);
 * the previous handlers come back when the watcher goes.
 */
class InterruptWatcher : public QObject
{
    Q_OBJECT
public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace Tessera::Cli

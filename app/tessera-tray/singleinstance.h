// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QLocalServer>
#include <QLockFile>
#include <QObject>

#include <chrono>

namespace Tessera::Tray {

/*!
 * \brief One tray per user. A lock file in the user's runtime directory decides who is first,
 * so two instances started at the same moment cannot both win; the first then listens on a
 * local socket next to it, and a later one asks it, through that socket, to show itself.
 *
 * The lock of an instance that died is released by the OS (and its stale socket replaced by
 * the next first instance), so a crash never locks the user out.
 */
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    /*! \brief An instance guarded by `<directory>/tray.lock` and `<directory>/tray.socket`. */
    explicit SingleInstance(const QString &directory = defaultDirectory(),
                            QObject *parent = nullptr);
    ~SingleInstance() override;

    /*! \brief Takes the lock and listens: true if this is now the running instance. */
    bool claim();
    /*!
     * \brief Asks the running instance to show its status window. It may have taken the lock
     * an instant ago and not listen yet, so this retries for up to \a patience. True if it
     * answered.
     */
    bool notifyRunning(std::chrono::milliseconds patience = std::chrono::seconds(5));
    /*! \brief The process id holding the lock, 0 if unknown. */
    qint64 holder() const;

    QString socketPath() const { return m_socketPath; }
    /*! \brief `$XDG_RUNTIME_DIR/tessera` (or the temp directory without one). */
    static QString defaultDirectory();

Q_SIGNALS:
    void showRequested();

private:
    void onConnection();

    QString m_socketPath;
    QLockFile m_lock;
    QLocalServer m_server;
};

} // namespace Tessera::Tray

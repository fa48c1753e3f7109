// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "refreshcoordinator_p.h"

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>

#include <optional>

namespace Tessera {

/*!
 * \brief Tells the other processes that use a profile that its stored session changed, and
 * hears them tell it: a small file in the user's private sharing directory, rewritten
 * atomically by announce() and watched with inotify (QFileSystemWatcher) by everyone else. No
 * polling. If the directory is removed (a clean-up of /tmp, the end of the login session), it
 * is created again (0700, ownership checked) and watched again.
 *
 * The file carries only the kind of change, the account name and the stored session's
 * generation, never token material; the listeners read the tokens from the TokenStore
 * themselves. Two ChangeNotifier objects in one process hear each other too (each ignores only
 * what it wrote itself).
 */
class TESSERACORE_AUTOTEST_EXPORT ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    using Change = RefreshCoordinator::Change;

    /*! \brief One notice: what changed, for which account, at which StoredSession generation. */
    struct Notice
    {
        Change change = Change::Renewed;
        QString user;
        quint64 generation = 0;
        qint64 pid = 0; //!< the process that announced it
        /*! \brief Whether the announcing process still runs (or may: its pid is unknown). */
        bool fromLiveProcess() const;
    };

    /*! \brief Watches \a path (created, with its directory, if missing). */
    explicit ChangeNotifier(const QString &path, QObject *parent = nullptr);
    ~ChangeNotifier() override;

    void announce(Change change, const QString &user, quint64 generation = 0);
    /*! \brief The notice in the file now, read at once (whoever wrote it); nullopt if none. */
    std::optional<Notice> latest() const;
    QString path() const { return m_path; }
    /*! \brief False if the file could not be watched; changes elsewhere then go unheard. */
    bool isWatching() const;

Q_SIGNALS:
    void changedElsewhere(Tessera::RefreshCoordinator::Change change, const QString &user);

private:
    bool watch();
    void check();

    QString m_path;
    QString m_directory;
    QFileSystemWatcher m_watcher;
    QByteArray m_last;
    quint64 m_serial = 0;
};

} // namespace Tessera

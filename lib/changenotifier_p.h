// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>

namespace Tessera {

/*!
 * \brief Tells the other processes that use a profile that its stored session changed, and
 * hears them tell it: a small file in the user's runtime directory, rewritten atomically by
 * announce() and watched with inotify (QFileSystemWatcher) by everyone else. No polling.
 *
 * The file carries only the kind of change and the account name, never token material; the
 * listeners read the tokens from the TokenStore themselves. Two ChangeNotifier objects in one
 * process hear each other too (each ignores only what it wrote itself).
 */
class TESSERACORE_AUTOTEST_EXPORT ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    enum class Change {
        SignedIn, //!< a new session was stored
        Renewed, //!< the stored tokens were refreshed or rotated
        SignedOut, //!< the session was signed out (the account pointer is gone)
        Expired, //!< the session expired or was rejected; re-authentication is needed
    };
    Q_ENUM(Change)

    /*! \brief Watches \a path (created, with its directory, if missing). */
    explicit ChangeNotifier(const QString &path, QObject *parent = nullptr);
    ~ChangeNotifier() override;

    void announce(Change change, const QString &user);
    QString path() const { return m_path; }
    /*! \brief False if the file could not be watched; changes elsewhere then go unheard. */
    bool isWatching() const;

Q_SIGNALS:
    void changedElsewhere(Tessera::ChangeNotifier::Change change, const QString &user);

private:
    void check();

    QString m_path;
    QFileSystemWatcher m_watcher;
    QByteArray m_last;
    quint64 m_serial = 0;
};

} // namespace Tessera

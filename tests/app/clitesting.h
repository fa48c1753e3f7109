// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "devserverprocess.h"

#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>

namespace Tessera::Test {

/*! \brief How one run of the `tessera` binary ended. */
struct CliRun
{
    int exitCode = -1;
    QByteArray out; //!< may hold a token: never print it
    QByteArray err; //!< already copied to this test's stderr, where the secret scan reads it
};

QJsonObject parseJson(const QByteArray &bytes);

/*!
 * \brief Runs the `tessera` command line against a dev server, with profiles in a temporary
 * directory, and looks at what it left in the real Secret Service with `secret-tool`.
 */
class Cli
{
public:
    explicit Cli(DevServerProcess &server)
        : m_server(server)
    { }

    bool isValid() const { return m_dir.isValid(); }
    /*! \brief For init(): the dev server as it started (no faults, fresh stats, its start-up
     *  config), with these token lifetimes (seconds). */
    void resetServer(int accessLifetime, int refreshLifetime = 3600);
    /*! \brief For a _data() function: a "dialect" column with a row per dialect. */
    static void addDialectRows();
    QString directory() const { return m_dir.path(); }
    /*! \brief A new profile file for the dev server, with an id no other test uses (the
     *  program's name and a counter): no keychain entry is shared. */
    QString writeProfile(Profile::Dialect dialect,
                         Profile::LoginKind kind = Profile::LoginKind::Password);
    static QString idOf(const QString &profile);

    /*! \brief Runs `tessera --profile PROFILE ARGUMENTS...` with \a input on stdin;
     *  \a loggingRules replaces QT_LOGGING_RULES when given. */
    CliRun run(const QString &profile, const QStringList &arguments, const QByteArray &input = {},
               const QString &loggingRules = QString()) const;
    CliRun login(const QString &profile) const;

    /*! \brief The stored session of alice for \a profileId, parsed (empty if none). */
    QJsonObject storedSession(const QString &profileId) const;
    /*! \brief Number of keychain entries that belong to \a profileId. */
    int keychainEntries(const QString &profileId) const;

private:
    DevServerProcess &m_server;
    QTemporaryDir m_dir;
    int m_profiles = 0;
};

} // namespace Tessera::Test

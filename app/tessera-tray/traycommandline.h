// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QStringList>

#include <chrono>

namespace Tessera::Tray {

/*!
 * \brief tessera-tray's command line: `[--profile FILE]... [--minimized] [--warn-before
 * MINUTES]... [--help] [--version]`. Parsed before any QApplication exists, so that --help,
 * --version and a usage error work without a display.
 */
class TrayCommandLine
{
public:
    TrayCommandLine();

    /*! \brief Parses \a arguments (argv, program name first); false on a usage error. */
    bool parse(const QStringList &arguments);
    QString errorText() const { return m_error; }
    bool helpRequested() const;
    bool versionRequested() const;
    QString helpText() const;
    static QString versionText();

    /*! \brief The profiles given, or the default location when none is. */
    QStringList profilePaths() const;
    bool minimized() const;
    /*! \brief Every --warn-before, or 10 minutes when none is given. */
    QList<std::chrono::seconds> warnings() const { return m_warnings; }
    /*!
     * \brief What a launch at login repeats: every profile (as an absolute path) and every
     * warning time; not --minimized (the autostart entry adds it).
     */
    QStringList startAtLoginArguments() const;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_help;
    QCommandLineOption m_version;
    QCommandLineOption m_profile;
    QCommandLineOption m_minimized;
    QCommandLineOption m_warnBefore;
    QList<std::chrono::seconds> m_warnings;
    QString m_error;
};

} // namespace Tessera::Tray

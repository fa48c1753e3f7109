// SPDX-License-Identifier: BSD-3-Clause
// The autostart entry's Exec line, escaped as the Desktop Entry Specification says, for paths
// with every character that needs it; read back with the specification's own rules.
#include "autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera::Tray;

namespace {
// The reading side of the specification, first step: the string escapes (\\ \n \t \r \s).
// Null on an unknown escape.
QString unescapeString(const QString &value)
{
    QString unescaped;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c != QLatin1Char('\\') || i + 1 == value.size()) {
            unescaped += c;
            continue;
        }
        const QChar next = value.at(++i);
        const QString known = QStringLiteral("\\ntrs");
        const QString meant = QStringLiteral("\\\n\t\r ");
        if (!known.contains(next))
            return QString();
        unescaped += meant.at(known.indexOf(next));
    }
    return unescaped;
}

// Then the quoting of arguments and field codes (%% is a literal %). Empty on a malformed line.
QStringList parseExec(const QString &value)
{
    const QString unescaped = unescapeString(value);
    if (unescaped.isNull())
        return {};
    QStringList arguments;
    QString current;
    bool quoted = false;
    bool any = false;
    for (qsizetype i = 0; i < unescaped.size(); ++i) {
        const QChar c = unescaped.at(i);
        if (quoted && c == QLatin1Char('\\') && i + 1 < unescaped.size()
            && QStringLiteral("\"`$\\").contains(unescaped.at(i + 1))) {
            current += unescaped.at(++i);
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
            any = true;
        } else if (c == QLatin1Char(' ') && !quoted) {
            if (any || !current.isEmpty())
                arguments.append(current);
            current.clear();
            any = false;
        } else if (c == QLatin1Char('%')) {
            if (i + 1 == unescaped.size() || unescaped.at(i + 1) != QLatin1Char('%'))
                return {}; // a field code: nothing Tessera writes should contain one
            current += c;
            ++i;
        } else if (!quoted && QStringLiteral("\"'\\><~|&;$*?#()`").contains(c)) {
            return {}; // reserved outside quotes
        } else {
            current += c;
        }
    }
    if (quoted)
        return {};
    if (any || !current.isEmpty())
        arguments.append(current);
    return arguments;
}
} // namespace

class tst_Autostart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void execLineReadsBackAsWritten_data();
    void execLineReadsBackAsWritten();
    void backslashesAreEscapedTwice();
    void theEntryFileCarriesTheLine();
    void aSystemEntryIsFollowedAndHiddenOnRequest();
};

void tst_Autostart::execLineReadsBackAsWritten_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("plain") << QStringLiteral("/usr/bin/tessera-tray")
                           << QStringList {QStringLiteral("--profile"),
                                           QStringLiteral("/home/a/p.json")};
    QTest::newRow("spaces") << QStringLiteral("/opt/My Apps/tessera-tray")
                            << QStringList {QStringLiteral("--profile"),
                                            QStringLiteral("/home/a/My Profiles/work api.json")};
    QTest::newRow("quotes, dollar, backtick")
            << QStringLiteral("/opt/\"odd\"/tessera-tray")
            << QStringList {QStringLiteral("/home/a/$HOME `date`/p.json")};
    QTest::newRow("backslashes") << QStringLiteral("/opt/back\\slash/tessera-tray")
                                 << QStringList {QStringLiteral("C:\\\\profiles\\p.json")};
    QTest::newRow("percent") << QStringLiteral("/opt/100%/tessera-tray")
                             << QStringList {QStringLiteral("/home/a/%u %f %%.json")};
    QTest::newRow("newline and tab") << QStringLiteral("/opt/a\nb/tessera-tray")
                                     << QStringList {QStringLiteral("tab\there")};
    QTest::newRow("quote characters") << QStringLiteral("/opt/it's/tessera-tray")
                                      << QStringList {QStringLiteral("a;b&c|d<e>f~g*h?i#j(k)l")};
}

void tst_Autostart::execLineReadsBackAsWritten()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    const QString line = Autostart::execLine(program, arguments);
    QVERIFY2(!line.contains(QLatin1Char('\n')), qPrintable(line)); // one line in the file
    QCOMPARE(parseExec(line), QStringList {program} + arguments);
}

void tst_Autostart::backslashesAreEscapedTwice()
{
    // One backslash: quoted as \\, then each of those escaped again as a string: \\\\.
    QCOMPARE(Autostart::execLine(QStringLiteral("/a\\b"), {}), QStringLiteral("\"/a\\\\\\\\b\""));
    QCOMPARE(Autostart::execLine(QStringLiteral("/100%"), {}), QStringLiteral("\"/100%%\""));
    QCOMPARE(Autostart::execLine(QStringLiteral("/a\"b"), {}), QStringLiteral("\"/a\\\\\"b\""));
}

void tst_Autostart::theEntryFileCarriesTheLine()
{
    QVERIFY2(qEnvironmentVariableIsSet("XDG_CONFIG_HOME"),
             "run under scripts/with-keyring.sh (a throw-away XDG_CONFIG_HOME)");
    QString error;
    const QStringList arguments {QStringLiteral("--profile"), QStringLiteral("/x y/100%.json")};
    QVERIFY2(Autostart::enable(QStringLiteral("/opt/t t/tessera-tray"), arguments, &error),
             qPrintable(error));
    QFile file(Autostart::entryPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString exec;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("Exec=")))
            exec = line.mid(5);
    }
    QCOMPARE(parseExec(exec), QStringList {QStringLiteral("/opt/t t/tessera-tray")} + arguments
                                      + QStringList {QStringLiteral("--minimized")});
    QVERIFY(Autostart::isEnabled());
    QVERIFY(Autostart::disable(&error));
    QVERIFY(!Autostart::isEnabled());
}

// The Debian package's /etc/xdg/autostart entry: it counts as "Start at login" until the user
// says otherwise, and turning that off hides it rather than leaving it on.
void tst_Autostart::aSystemEntryIsFollowedAndHiddenOnRequest()
{
    QVERIFY2(qEnvironmentVariableIsSet("XDG_CONFIG_HOME"),
             "run under scripts/with-keyring.sh (a throw-away XDG_CONFIG_HOME)");
    QTemporaryDir system;
    QVERIFY(QDir(system.path()).mkpath(QStringLiteral("autostart")));
    const QString systemEntry = system.filePath(QStringLiteral("autostart/tessera-tray.desktop"));
    QFile entry(systemEntry);
    QVERIFY(entry.open(QIODevice::WriteOnly));
    entry.write("[Desktop Entry]\nType=Application\nName=Tessera\n"
                "Exec=/usr/bin/tessera-tray --minimized\n");
    entry.close();
    const QByteArray before = qgetenv("XDG_CONFIG_DIRS");
    qputenv("XDG_CONFIG_DIRS", system.path().toLocal8Bit());
    const auto restore = qScopeGuard([&] { qputenv("XDG_CONFIG_DIRS", before); });
    QFile::remove(Autostart::entryPath());

    QVERIFY(Autostart::isEnabled());
    QString error;
    QVERIFY2(Autostart::disable(&error), qPrintable(error));
    QVERIFY(!Autostart::isEnabled());
    QFile hidden(Autostart::entryPath());
    QVERIFY(hidden.open(QIODevice::ReadOnly));
    QVERIFY(hidden.readAll().contains("\nHidden=true\n"));
    hidden.close();
    QVERIFY(QFileInfo::exists(systemEntry)); // never touched

    QVERIFY2(Autostart::enable(QStringLiteral("/usr/bin/tessera-tray"), {}, &error),
             qPrintable(error));
    QVERIFY(Autostart::isEnabled());

    // Without a system entry, turning it off removes the user's.
    QVERIFY(QFile::remove(systemEntry));
    QVERIFY2(Autostart::disable(&error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(Autostart::entryPath()));
    QVERIFY(!Autostart::isEnabled());
}

QTEST_GUILESS_MAIN(tst_Autostart)
#include "tst_autostart.moc"

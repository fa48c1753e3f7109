// SPDX-License-Identifier: BSD-3-Clause
// Tessera in German: run under LANG=de_DE.UTF-8 / LC_ALL=de_DE.UTF-8 (tests/l10n/CMakeLists.txt),
// the login dialog, the status view and window, the words for each state and the two programs
// speak German, with German plurals and German dates. Qt takes the language from the
// environment, so no generated locale is needed.
#include "statuswindow.h"

#include <Tessera/logindialog.h>
#include <Tessera/manualclock.h>
#include <Tessera/memorytokenstore.h>
#include <Tessera/profile.h>
#include <Tessera/session.h>
#include <Tessera/sessionstatusview.h>
#include <Tessera/sessiontext.h>

#include <QAbstractButton>
#include <QLabel>
#include <QLocale>
#include <QProcess>
#include <QTest>

using namespace Tessera;

namespace {
QStringList texts(const QWidget &widget)
{
    QStringList all;
    for (const QLabel *label : widget.findChildren<QLabel *>())
        all.append(label->text());
    for (const QAbstractButton *button : widget.findChildren<QAbstractButton *>())
        all.append(button->text());
    return all;
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    Run result;
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}
} // namespace

class tst_German : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void theWordsForEachStateAreGerman();
    void countsHaveGermanPlurals();
    void datesAndTimesFollowTheLocale();
    void theLoginDialogIsGerman();
    void theStatusViewAndWindowAreGerman();
    void theCommandLineIsGerman();
    void theTraysHelpIsGerman();

private:
    Profile m_profile;
};

void tst_German::initTestCase()
{
    QCOMPARE(QLocale().language(), QLocale::German);
    const ProfileLoadResult loaded = Profile::load(
            QStringLiteral(TESSERA_SOURCE_DIR "/resources/profiles/devserver-json.json"));
    QVERIFY2(loaded, qPrintable(loaded.errorString()));
    m_profile = loaded.profile();
}

void tst_German::theWordsForEachStateAreGerman()
{
    QCOMPARE(SessionText::stateText(Session::State::SignedOut), QStringLiteral("Abgemeldet"));
    QCOMPARE(SessionText::stateText(Session::State::Active), QStringLiteral("Angemeldet"));
    QCOMPARE(SessionText::errorText(Session::Error::InvalidCredentials),
             QStringLiteral("Falscher Benutzername oder falsches Passwort"));
}

void tst_German::countsHaveGermanPlurals()
{
    QCOMPARE(SessionText::countdown(3 * 86400 + 5), QStringLiteral("3 Tage"));
    QCOMPARE(SessionText::countdown(86400 + 3600), QStringLiteral("1 Tag 1:00:00"));
    QCOMPARE(QCoreApplication::translate("Tessera::SessionText", "%n days", nullptr, 1),
             QStringLiteral("1 Tag"));
    QCOMPARE(QCoreApplication::translate("Tessera::Session",
                                         "Nobody signed in in the browser within %n minutes",
                                         nullptr, 5),
             QStringLiteral("Innerhalb von 5 Minuten hat sich niemand im Browser angemeldet"));
}

void tst_German::datesAndTimesFollowTheLocale()
{
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime at(QDate(2030, 3, 14), QTime(15, 9, 26));
    // The German short date is day.month.year, and no AM/PM.
    const QString shown = SessionText::clockTime(at, now);
    QVERIFY2(shown.contains(QStringLiteral("14.03.30")) && shown.contains(QStringLiteral("15:09")),
             qPrintable(shown));
}

void tst_German::theLoginDialogIsGerman()
{
    MemoryTokenStore store;
    Session session(m_profile);
    session.setTokenStore(&store);
    LoginDialog dialog(&session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY2(dialog.windowTitle().startsWith(QStringLiteral("Anmelden – ")),
             qPrintable(dialog.windowTitle()));
    const QStringList shown = texts(dialog);
    QVERIFY2(shown.contains(QStringLiteral("&Benutzername:")), qPrintable(shown.join(u'|')));
    QVERIFY2(shown.contains(QStringLiteral("&Passwort:")), qPrintable(shown.join(u'|')));
    QVERIFY2(shown.contains(QStringLiteral("A&nmelden")), qPrintable(shown.join(u'|')));
}

void tst_German::theStatusViewAndWindowAreGerman()
{
    MemoryTokenStore store;
    ManualClock clock(QDateTime::currentDateTimeUtc());
    Session session(m_profile);
    session.setTokenStore(&store);
    session.setClock(&clock);

    SessionStatusView view(&session);
    const QStringList shown = texts(view);
    for (const char *expected :
         {"Dienst:", "Benutzer:", "Zustand:", "Zugriffstoken:", "Nächste Erneuerung:",
          "Speicherung:", "Jetzt &erneuern", "&Abmelden"}) {
        QVERIFY2(shown.contains(QString::fromUtf8(expected)),
                 qPrintable(QString::fromUtf8(expected) + QStringLiteral(" not in ")
                            + shown.join(u'|')));
    }

    Tessera::Tray::StatusWindow window({&session}, &clock);
    window.setTrayless(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QStringList inWindow = texts(window);
    QVERIFY2(inWindow.contains(QStringLiteral("Tessera &beenden")),
             qPrintable(inWindow.join(u'|')));
    QVERIFY2(inWindow.contains(QStringLiteral("Dienst:")), qPrintable(inWindow.join(u'|')));
}

void tst_German::theCommandLineIsGerman()
{
    const Run help = run(QStringLiteral(TESSERA_CLI_PATH), {QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QStringLiteral("Befehle:")), qPrintable(help.out));
    QVERIFY2(help.out.contains(QStringLiteral("Dienstprofil (JSON-Datei).")), qPrintable(help.out));
    // Qt's own words, from qtbase's German catalog when it is installed.
    QVERIFY2(help.out.startsWith(QStringLiteral("Aufruf:"))
                     || help.out.startsWith(QStringLiteral("Usage:")),
             qPrintable(help.out));

    const Run wrong = run(QStringLiteral(TESSERA_CLI_PATH), {QStringLiteral("frobnicate")});
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains(QStringLiteral("unbekannter Befehl: frobnicate")),
             qPrintable(wrong.err));

    const Run both = run(QStringLiteral(TESSERA_CLI_PATH),
                         {QStringLiteral("login"), QStringLiteral("--password-stdin"),
                          QStringLiteral("--api-key-stdin")});
    QVERIFY2(both.err.contains(QStringLiteral("nicht beides")), qPrintable(both.err));
}

void tst_German::theTraysHelpIsGerman()
{
    const Run help = run(QStringLiteral(TESSERA_TRAY_PATH), {QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QStringLiteral("Zeigt diese Hilfe an und beendet das Programm.")),
             qPrintable(help.out));
    QVERIFY2(help.out.contains(QStringLiteral("Infobereich")), qPrintable(help.out));
    // The program's name replaces the path in the usage line, in German too.
    QVERIFY2(help.out.contains(QStringLiteral("tessera-tray [")), qPrintable(help.out));

    const Run wrong = run(QStringLiteral(TESSERA_TRAY_PATH), {QStringLiteral("--warn-before=0")});
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY2(wrong.err.contains(QStringLiteral("erwartet eine Anzahl Minuten")),
             qPrintable(wrong.err));
}

QTEST_MAIN(tst_German)
#include "tst_german.moc"

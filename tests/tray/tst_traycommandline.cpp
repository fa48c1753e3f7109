// SPDX-License-Identifier: BSD-3-Clause
// tessera-tray's command line, parsed without any QCoreApplication (as main() does).
#include "traycommandline.h"

#include <Tessera/profile.h>

#include <QFileInfo>
#include <QTest>

using namespace std::chrono_literals;
using namespace Tessera::Tray;

class tst_TrayCommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void repeatedOptions();
    void badWarningTimes_data();
    void badWarningTimes();
    void helpNamesTheProgram();
};

void tst_TrayCommandLine::defaults()
{
    TrayCommandLine line;
    QVERIFY(line.parse({QStringLiteral("tessera-tray")}));
    QCOMPARE(line.profilePaths(), QStringList {Tessera::Profile::defaultLocation()});
    QVERIFY(!line.minimized());
    QCOMPARE(line.warnings(), QList<std::chrono::seconds> {10min});
    QVERIFY(!line.helpRequested() && !line.versionRequested());
}

void tst_TrayCommandLine::repeatedOptions()
{
    TrayCommandLine line;
    QVERIFY(line.parse({QStringLiteral("tessera-tray"), QStringLiteral("--profile"),
                        QStringLiteral("a.json"), QStringLiteral("--warn-before"),
                        QStringLiteral("60"), QStringLiteral("--profile=b.json"),
                        QStringLiteral("--warn-before=10"), QStringLiteral("--minimized")}));
    QCOMPARE(line.profilePaths(),
             (QStringList {QStringLiteral("a.json"), QStringLiteral("b.json")}));
    QCOMPARE(line.warnings(), (QList<std::chrono::seconds> {60min, 10min}));
    QVERIFY(line.minimized());
    // What "Start at login" writes into the autostart entry.
    QCOMPARE(line.startAtLoginArguments(),
             (QStringList {QStringLiteral("--profile"),
                           QFileInfo(QStringLiteral("a.json")).absoluteFilePath(),
                           QStringLiteral("--profile"),
                           QFileInfo(QStringLiteral("b.json")).absoluteFilePath(),
                           QStringLiteral("--warn-before"), QStringLiteral("60"),
                           QStringLiteral("--warn-before"), QStringLiteral("10")}));
}

void tst_TrayCommandLine::badWarningTimes_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("word") << QStringLiteral("soon");
    QTest::newRow("zero") << QStringLiteral("0");
    QTest::newRow("negative") << QStringLiteral("-5");
    QTest::newRow("more than a year") << QStringLiteral("600000");
}

void tst_TrayCommandLine::badWarningTimes()
{
    QFETCH(QString, value);
    TrayCommandLine line;
    QVERIFY(!line.parse({QStringLiteral("tessera-tray"), QStringLiteral("--warn-before"), value}));
    QVERIFY2(line.errorText().contains(QStringLiteral("--warn-before")),
             qPrintable(line.errorText()));
}

void tst_TrayCommandLine::helpNamesTheProgram()
{
    QCoreApplication::setApplicationName(QStringLiteral("tessera-tray"));
    TrayCommandLine line;
    QVERIFY(line.parse({QStringLiteral("tessera-tray"), QStringLiteral("--help")}));
    QVERIFY(line.helpRequested());
    QVERIFY(line.helpText().startsWith(QStringLiteral("Usage: tessera-tray [options]")));
}

QTEST_GUILESS_MAIN(tst_TrayCommandLine)
#include "tst_traycommandline.moc"

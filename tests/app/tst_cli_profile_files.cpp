// SPDX-License-Identifier: BSD-3-Clause
// `tessera --profile X status` and `tessera-tray --profile X` where X is not a regular file: a
// FIFO (whose open() would wait for a writer forever), a directory, a device. Both programs
// load profiles through Profile::load() and must end at once with exit code 7 and a message
// that names the file and says what it is.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

class tst_CliProfileFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refused_data();
    void refused();
};

void tst_CliProfileFiles::refused_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("arguments"); // after --profile PATH
    QTest::addColumn<QString>("kind"); // "fifo", "directory", or a path used as it is
    QTest::addColumn<QString>("what");
    struct Program
    {
        const char *name;
        QString path;
        QStringList arguments;
    };
    QList<Program> programs {
            {"tessera", QStringLiteral(TESSERA_CLI_PATH), {QStringLiteral("status")}}};
#ifdef TESSERA_TRAY_PATH
    programs.append({"tessera-tray", QStringLiteral(TESSERA_TRAY_PATH), {}});
#endif
    for (const Program &program : programs) {
        const auto row = [&](const char *name, const QString &kind, const char *what) {
            QTest::addRow("%s, %s", program.name, name)
                    << program.path << program.arguments << kind << QString::fromLatin1(what);
        };
        row("FIFO", QStringLiteral("fifo"), "a FIFO");
        row("directory", QStringLiteral("directory"), "a directory");
        row("/dev/zero", QStringLiteral("/dev/zero"), "a device");
        row("/dev/null", QStringLiteral("/dev/null"), "a device");
    }
}

void tst_CliProfileFiles::refused()
{
    QFETCH(QString, program);
    QFETCH(QStringList, arguments);
    QFETCH(QString, kind);
    QFETCH(QString, what);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString path = kind;
    if (kind == QLatin1String("fifo")) {
        path = dir.filePath(QStringLiteral("work.json"));
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
    } else if (kind == QLatin1String("directory")) {
        path = dir.filePath(QStringLiteral("work.json"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("work.json")));
    }

    QProcess process;
    process.start(program, QStringList {QStringLiteral("--profile"), path} + arguments);
    QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
    process.closeWriteChannel();
    const bool finished = process.waitForFinished(10000);
    if (!finished) {
        process.kill();
        process.waitForFinished();
    }
    const QString err = QString::fromLocal8Bit(process.readAllStandardError());
    std::fputs(qPrintable(err), stderr);
    QVERIFY2(finished, "it did not end within 10 s");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 7);
    const QString expected = QStringLiteral("%1: cannot read: %2, not a regular file")
                                     .arg(QDir::toNativeSeparators(path), what);
    QVERIFY2(err.contains(expected), qPrintable(err));
}

QTEST_GUILESS_MAIN(tst_CliProfileFiles)
#include "tst_cli_profile_files.moc"

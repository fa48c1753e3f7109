// SPDX-License-Identifier: BSD-3-Clause
#include "changenotifier_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;
using Change = ChangeNotifier::Change;

class tst_ChangeNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void othersHearTheChangeTheAnnouncerDoesNot();
    void repeatedChangeIsHeardEveryTime();
    void userNamesSurviveTheTrip_data();
    void userNamesSurviveTheTrip();
    void garbageIsIgnored_data();
    void garbageIsIgnored();
    void noticeHoldsNoSecrets();
    void latestNoticeIsReadAtOnce();
    void removedDirectoryIsWatchedAgain();
    void directoryOpenToOthersIsRefused();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("tessera/profile.changed")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_ChangeNotifier::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_ChangeNotifier::othersHearTheChangeTheAnnouncerDoesNot()
{
    ChangeNotifier announcer(path());
    ChangeNotifier listener(path());
    QVERIFY(announcer.isWatching());
    QSignalSpy heardByAnnouncer(&announcer, &ChangeNotifier::changedElsewhere);
    QSignalSpy heard(&listener, &ChangeNotifier::changedElsewhere);

    announcer.announce(Change::SignedIn, QStringLiteral("alice"));
    QTRY_COMPARE(heard.count(), 1);
    QCOMPARE(heard.at(0).at(0).value<Change>(), Change::SignedIn);
    QCOMPARE(heard.at(0).at(1).toString(), QStringLiteral("alice"));
    QTest::qWait(50);
    QCOMPARE(heardByAnnouncer.count(), 0);
}

void tst_ChangeNotifier::repeatedChangeIsHeardEveryTime()
{
    ChangeNotifier announcer(path());
    ChangeNotifier listener(path());
    QSignalSpy heard(&listener, &ChangeNotifier::changedElsewhere);
    for (int i = 1; i <= 3; ++i) {
        announcer.announce(Change::Renewed, QStringLiteral("alice"));
        QTRY_COMPARE(heard.count(), i);
    }
    listener.announce(Change::SignedOut, QStringLiteral("alice"));
    QTRY_COMPARE(heard.count(), 3); // its own
}

void tst_ChangeNotifier::userNamesSurviveTheTrip_data()
{
    QTest::addColumn<QString>("user");
    QTest::newRow("plain") << QStringLiteral("bob");
    QTest::newRow("spaces") << QStringLiteral("Bob the Builder");
    QTest::newRow("email") << QStringLiteral("bob@example.com");
    QTest::newRow("unicode") << QStringLiteral("Zoë Ångström");
    QTest::newRow("newline") << QStringLiteral("evil\nuser Expired");
    QTest::newRow("empty") << QString();
}

void tst_ChangeNotifier::userNamesSurviveTheTrip()
{
    QFETCH(QString, user);
    ChangeNotifier announcer(path());
    ChangeNotifier listener(path());
    QSignalSpy heard(&listener, &ChangeNotifier::changedElsewhere);
    announcer.announce(Change::Expired, user);
    QTRY_COMPARE(heard.count(), 1);
    QCOMPARE(heard.at(0).at(0).value<Change>(), Change::Expired);
    QCOMPARE(heard.at(0).at(1).toString(), user);
}

void tst_ChangeNotifier::garbageIsIgnored_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("too few fields") << QByteArray("1 2 3\n");
    QTest::newRow("unknown change") << QByteArray("1 2 ab Exploded alice\n");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage", 12);
    QTest::newRow("huge") << QByteArray(100000, 'x');
}

void tst_ChangeNotifier::garbageIsIgnored()
{
    QFETCH(QByteArray, content);
    ChangeNotifier listener(path());
    QSignalSpy heard(&listener, &ChangeNotifier::changedElsewhere);
    QFile file(path());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QTest::qWait(100);
    QCOMPARE(heard.count(), 0);
    // and a proper notice afterwards is still heard
    ChangeNotifier announcer(path());
    announcer.announce(Change::SignedOut, QStringLiteral("alice"));
    QTRY_COMPARE(heard.count(), 1);
}

void tst_ChangeNotifier::noticeHoldsNoSecrets()
{
    ChangeNotifier announcer(path());
    announcer.announce(Change::Renewed, QStringLiteral("alice"), 7);
    QFile file(path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> fields = file.readAll().trimmed().split(' ');
    // pid, serial, nonce, change, user, generation: nothing else
    QCOMPARE(fields.size(), 6);
    QCOMPARE(fields.at(3), QByteArray("Renewed"));
    QCOMPARE(fields.at(4), QByteArray("alice"));
    QCOMPARE(fields.at(5), QByteArray("7"));
    QCOMPARE(QFile::permissions(QFileInfo(path()).absolutePath())
                     & (QFile::ReadOther | QFile::WriteOther | QFile::ReadGroup),
             QFile::Permissions());
}

void tst_ChangeNotifier::latestNoticeIsReadAtOnce()
{
    // What a process reads under the refresh lock: whatever is in the file now, its own too,
    // without waiting for the inotify event.
    ChangeNotifier announcer(path());
    ChangeNotifier listener(path());
    QVERIFY(!listener.latest().has_value());
    announcer.announce(Change::Unsaved, QStringLiteral("alice"), (quint64(1) << 53) - 1);
    for (const ChangeNotifier *notifier : {&listener, &announcer}) {
        const std::optional<ChangeNotifier::Notice> notice = notifier->latest();
        QVERIFY(notice.has_value());
        QCOMPARE(notice->change, Change::Unsaved);
        QCOMPARE(notice->user, QStringLiteral("alice"));
        QCOMPARE(notice->generation, (quint64(1) << 53) - 1);
    }
}

void tst_ChangeNotifier::removedDirectoryIsWatchedAgain()
{
    ChangeNotifier announcer(path());
    ChangeNotifier listener(path());
    QSignalSpy heard(&listener, &ChangeNotifier::changedElsewhere);
    const QString directory = QFileInfo(path()).absolutePath();
    QVERIFY(QDir(directory).removeRecursively());
    // The listener's watch ended with the directory: it makes the directory again (private)
    // and watches it again, and a later notice is heard.
    QTRY_VERIFY(QFileInfo(directory).isDir());
    QCOMPARE(
            QFile::permissions(directory)
                    & (QFile::ReadOther | QFile::WriteOther | QFile::ReadGroup | QFile::WriteGroup),
            QFile::Permissions());
    QVERIFY(listener.isWatching());
    announcer.announce(Change::SignedIn, QStringLiteral("alice"));
    QTRY_COMPARE(heard.count(), 1);
    QCOMPARE(heard.at(0).at(0).value<Change>(), Change::SignedIn);
}

void tst_ChangeNotifier::directoryOpenToOthersIsRefused()
{
    // Anybody could write notices into it (or replace the file): it is neither watched nor
    // written to.
    const QString directory = QFileInfo(path()).absolutePath();
    QVERIFY(QDir().mkpath(directory));
    QVERIFY(QFile::setPermissions(directory, QFileDevice::Permissions(0x7777)));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("open to group or others")));
    ChangeNotifier notifier(path());
    QVERIFY(!notifier.isWatching());
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("open to group or others")));
    notifier.announce(Change::SignedIn, QStringLiteral("alice"));
    QVERIFY(!QFile::exists(path()));
}

QTEST_GUILESS_MAIN(tst_ChangeNotifier)
#include "tst_changenotifier.moc"

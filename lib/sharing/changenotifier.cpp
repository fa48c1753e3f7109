// SPDX-License-Identifier: BSD-3-Clause
#include "changenotifier_p.h"

#include "liveprocess_p.h"
#include "logging_p.h"
#include "sharingdirectory_p.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QMetaEnum>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QUrl>

namespace Tessera {

namespace {
constexpr qint64 maxNoticeSize = 4096;

QByteArray changeName(ChangeNotifier::Change change)
{
    return QMetaEnum::fromType<ChangeNotifier::Change>().valueToKey(int(change));
}

QByteArray readNotice(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.read(maxNoticeSize);
}

// "<pid> <serial> <nonce> <change> <user, percent-encoded> <generation>"; the generation is
// missing in notices written before it was added.
std::optional<ChangeNotifier::Notice> parseNotice(const QByteArray &notice, const QString &path)
{
    const QList<QByteArray> fields = notice.trimmed().split(' ');
    if (fields.size() < 4)
        return std::nullopt;
    bool known = false;
    const int value = QMetaEnum::fromType<ChangeNotifier::Change>().keyToValue(
            fields.at(3).constData(), &known);
    if (!known) {
        qCWarning(lcShare) << "ignoring an unknown change notice in" << path;
        return std::nullopt;
    }
    ChangeNotifier::Notice parsed;
    parsed.change = ChangeNotifier::Change(value);
    parsed.pid = fields.at(0).toLongLong();
    if (fields.size() > 4)
        parsed.user = QUrl::fromPercentEncoding(fields.at(4));
    if (fields.size() > 5)
        parsed.generation = fields.at(5).toULongLong();
    return parsed;
}
} // namespace

bool ChangeNotifier::Notice::fromLiveProcess() const
{
    return pid <= 0 || isProcessRunning(pid);
}

ChangeNotifier::ChangeNotifier(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_directory(QFileInfo(path).absolutePath())
{
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ChangeNotifier::check);
    watch();
    m_last = readNotice(m_path);
}

ChangeNotifier::~ChangeNotifier() = default;

bool ChangeNotifier::isWatching() const
{
    return !m_watcher.directories().isEmpty();
}

// Watching the directory, not the file: announce() replaces the file by a rename, and a watch
// on the old file would end with it. The directory is (re)made private first.
bool ChangeNotifier::watch()
{
    const QString problem =
            SharingDirectory::ensurePrivate(m_directory, SharingDirectory::currentUser());
    if (!problem.isEmpty()) {
        qCWarning(lcShare).noquote() << "cannot use" << problem
                                     << "; changes made by other processes will not be noticed";
        return false;
    }
    if (isWatching())
        return true;
    if (!m_watcher.addPath(m_directory)) {
        qCWarning(lcShare) << "cannot watch" << m_directory
                           << "; changes made by other processes will not be noticed";
        return false;
    }
    return true;
}

void ChangeNotifier::announce(Change change, const QString &user, quint64 generation)
{
    if (!watch())
        return;
    // The serial and a random nonce make every notice differ from the last, so a listener
    // that compares contents never misses a repeated change of the same kind.
    const QByteArray notice = QByteArray::number(QCoreApplication::applicationPid()) + ' '
                              + QByteArray::number(++m_serial) + ' '
                              + QByteArray::number(QRandomGenerator::global()->generate64(), 16)
                              + ' ' + changeName(change) + ' ' + QUrl::toPercentEncoding(user) + ' '
                              + QByteArray::number(generation) + '\n';
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(notice) != notice.size() || !file.commit()) {
        qCWarning(lcShare) << "could not tell other processes about" << changeName(change) << ":"
                           << file.errorString();
        return;
    }
    m_last = notice;
    qCDebug(lcShare) << "announced" << changeName(change) << "generation" << generation;
}

std::optional<ChangeNotifier::Notice> ChangeNotifier::latest() const
{
    return parseNotice(readNotice(m_path), m_path);
}

void ChangeNotifier::check()
{
    if (!isWatching()) {
        // The directory was removed, and its inotify watch with it.
        qCInfo(lcShare) << m_directory << "was removed; making it again and watching it again";
        if (!watch())
            return;
    }
    const QByteArray notice = readNotice(m_path);
    if (notice.isEmpty() || notice == m_last)
        return;
    m_last = notice;
    const std::optional<Notice> parsed = parseNotice(notice, m_path);
    if (!parsed)
        return;
    qCDebug(lcShare) << "another process announced" << changeName(parsed->change);
    Q_EMIT changedElsewhere(parsed->change, parsed->user);
}

} // namespace Tessera

// SPDX-License-Identifier: BSD-3-Clause
#include "changenotifier_p.h"

#include "logging_p.h"

#include <QCoreApplication>
#include <QDir>
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
} // namespace

ChangeNotifier::ChangeNotifier(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
{
    const QString directory = QFileInfo(path).absolutePath();
    QDir().mkpath(directory);
    QFile::setPermissions(directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    // Watching the directory, not the file: announce() replaces the file by a rename, and a
    // watch on the old file would end with it.
    if (!m_watcher.addPath(directory))
        qCWarning(lcShare) << "cannot watch" << directory
                           << "; changes made by other processes will not be noticed";
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ChangeNotifier::check);
    QFile file(m_path);
    if (file.open(QIODevice::ReadOnly))
        m_last = file.read(maxNoticeSize);
}

ChangeNotifier::~ChangeNotifier() = default;

bool ChangeNotifier::isWatching() const
{
    return !m_watcher.directories().isEmpty();
}

void ChangeNotifier::announce(Change change, const QString &user)
{
    // The serial and a random nonce make every notice differ from the last, so a listener
    // that compares contents never misses a repeated change of the same kind.
    const QByteArray notice = QByteArray::number(QCoreApplication::applicationPid()) + ' '
                              + QByteArray::number(++m_serial) + ' '
                              + QByteArray::number(QRandomGenerator::global()->generate64(), 16)
                              + ' ' + changeName(change) + ' ' + QUrl::toPercentEncoding(user)
                              + '\n';
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(notice) != notice.size() || !file.commit()) {
        qCWarning(lcShare) << "could not tell other processes about" << changeName(change) << ":"
                           << file.errorString();
        return;
    }
    m_last = notice;
    qCDebug(lcShare) << "announced" << changeName(change);
}

void ChangeNotifier::check()
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QByteArray notice = file.read(maxNoticeSize);
    if (notice.isEmpty() || notice == m_last)
        return;
    m_last = notice;
    const QList<QByteArray> fields = notice.trimmed().split(' ');
    if (fields.size() < 4)
        return;
    bool known = false;
    const int value = QMetaEnum::fromType<Change>().keyToValue(fields.at(3).constData(), &known);
    if (!known) {
        qCWarning(lcShare) << "ignoring an unknown change notice in" << m_path;
        return;
    }
    const QString user = fields.size() > 4 ? QUrl::fromPercentEncoding(fields.at(4)) : QString();
    qCDebug(lcShare) << "another process announced" << fields.at(3);
    Q_EMIT changedElsewhere(Change(value), user);
}

} // namespace Tessera

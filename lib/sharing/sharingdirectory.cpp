// SPDX-License-Identifier: BSD-3-Clause
#include "sharingdirectory_p.h"

#include "logging_p.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace Tessera::SharingDirectory {

namespace {

enum class Links { Refuse, Follow };

QString describeError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString check(const QString &path, uint uid, Links links)
{
    const QByteArray native = QFile::encodeName(path);
    struct stat info
    {
    };
    const int result = links == Links::Follow ? ::stat(native.constData(), &info)
                                              : ::lstat(native.constData(), &info);
    if (result != 0)
        return QStringLiteral("%1: %2").arg(path, describeError(errno));
    if (S_ISLNK(info.st_mode))
        return QStringLiteral("%1 is a symbolic link").arg(path);
    if (!S_ISDIR(info.st_mode))
        return QStringLiteral("%1 is not a directory").arg(path);
    if (info.st_uid != uid)
        return QStringLiteral("%1 belongs to user %2, not to this user (%3)")
                .arg(path)
                .arg(info.st_uid)
                .arg(uid);
    if ((info.st_mode & 077) != 0)
        return QStringLiteral("%1 is open to group or others (mode %2, expected 0700)")
                .arg(path)
                .arg(info.st_mode & 07777, 4, 8, QLatin1Char('0'));
    return QString();
}

// Creates \a path and its missing parents with mode 0700; existing ones are left as they are.
bool createMissing(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    if (::mkdir(native.constData(), 0700) == 0 || errno == EEXIST)
        return true;
    if (errno != ENOENT)
        return false;
    const QString parent = QFileInfo(path).absolutePath();
    if (parent == path || !createMissing(parent))
        return false;
    return ::mkdir(native.constData(), 0700) == 0 || errno == EEXIST;
}

// /tmp is everybody's: it must at least keep others from renaming or removing what is ours.
QString checkSharedParent(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(QFile::encodeName(path).constData(), &info) != 0 || !S_ISDIR(info.st_mode))
        return QStringLiteral("%1 is not a directory").arg(path);
    if ((info.st_mode & S_IWOTH) != 0 && (info.st_mode & S_ISVTX) == 0)
        return QStringLiteral("%1 is writable by everyone without the sticky bit").arg(path);
    return QString();
}

Location in(const QString &path, uint uid)
{
    const QString problem = ensurePrivate(path, uid);
    if (!problem.isEmpty())
        return Location {QString(), problem};
    return Location {path, QString()};
}

} // namespace

uint currentUser()
{
    return uint(::getuid());
}

QString checkPrivate(const QString &path, uint uid)
{
    return check(path, uid, Links::Refuse);
}

QString ensurePrivate(const QString &path, uint uid)
{
    createMissing(path);
    return checkPrivate(path, uid);
}

Location locate()
{
    const uint uid = currentUser();
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty()) {
        const QString problem = check(runtime, uid, Links::Follow);
        if (problem.isEmpty())
            return in(runtime + QStringLiteral("/tessera"), uid);
        qCWarning(lcShare).noquote() << "ignoring XDG_RUNTIME_DIR:" << problem;
    }
    const QString userRuntime = QStringLiteral("/run/user/%1").arg(uid);
    if (check(userRuntime, uid, Links::Follow).isEmpty())
        return in(userRuntime + QStringLiteral("/tessera"), uid);
    const QString temp = QStringLiteral("/tmp");
    const QString problem = checkSharedParent(temp);
    if (!problem.isEmpty())
        return Location {QString(), problem};
    return in(QStringLiteral("%1/tessera-%2").arg(temp).arg(uid), uid);
}

} // namespace Tessera::SharingDirectory

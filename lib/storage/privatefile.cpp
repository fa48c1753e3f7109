// SPDX-License-Identifier: BSD-3-Clause
#include "privatefile_p.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utility>

namespace Tessera::PrivateFile {

namespace {

QString reason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes the descriptor it holds when it goes out of scope.
class Descriptor
{
public:
    explicit Descriptor(int fd)
        : m_fd(fd)
    { }
    Descriptor(const Descriptor &) = delete;
    Descriptor &operator=(const Descriptor &) = delete;
    ~Descriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }
    bool isOpen() const { return m_fd >= 0; }
    // Closes now, so that the caller learns of a failed close (a write the disk refused).
    int close() { return ::close(std::exchange(m_fd, -1)); }

private:
    int m_fd;
};

QString kindProblem(const QString &path, mode_t mode)
{
    if (S_ISREG(mode))
        return QString();
    QString kind = QStringLiteral("not a regular file");
    if (S_ISDIR(mode))
        kind = QStringLiteral("a directory, not a regular file");
    else if (S_ISFIFO(mode))
        kind = QStringLiteral("a named pipe (FIFO), not a regular file");
    else if (S_ISSOCK(mode))
        kind = QStringLiteral("a socket, not a regular file");
    else if (S_ISCHR(mode) || S_ISBLK(mode))
        kind = QStringLiteral("a device, not a regular file");
    return QStringLiteral("%1 is %2").arg(path, kind);
}

QString modeProblem(const QString &path, mode_t mode)
{
    if ((mode & 077) == 0)
        return QString();
    QString what = QStringLiteral("open to its group or others");
    if ((mode & S_IROTH) != 0)
        what = QStringLiteral("readable by others");
    else if ((mode & S_IRGRP) != 0)
        what = QStringLiteral("readable by its group");
    else if ((mode & S_IWOTH) != 0)
        what = QStringLiteral("writable by others");
    else if ((mode & S_IWGRP) != 0)
        what = QStringLiteral("writable by its group");
    return QStringLiteral("%1 is %2 (mode %3); it must give no access to group or others: "
                          "chmod 600 %1")
            .arg(path, what, QStringLiteral("%1").arg(mode & 07777, 4, 8, QLatin1Char('0')));
}

QString problemOf(const QString &path, const struct stat &info, uint uid)
{
    QString problem = kindProblem(path, info.st_mode);
    if (problem.isEmpty() && info.st_uid != uid)
        problem = QStringLiteral("%1 belongs to user %2, not to this user (%3)")
                          .arg(path, QString::number(info.st_uid), QString::number(uid));
    if (problem.isEmpty())
        problem = modeProblem(path, info.st_mode);
    return problem;
}

QString openProblem(const QString &path, const QByteArray &native, int error)
{
    if (error == ENOENT)
        return QStringLiteral("%1 does not exist").arg(path);
    // A socket cannot be opened at all (ENXIO); say what it is rather than the system's words.
    struct stat info
    {
    };
    if (::stat(native.constData(), &info) == 0 && !S_ISREG(info.st_mode))
        return kindProblem(path, info.st_mode);
    return QStringLiteral("%1 cannot be opened: %2").arg(path, reason(error));
}

// Reads up to \a limit bytes; -1 on an error (errno set).
qsizetype readUpTo(int fd, char *buffer, qsizetype limit)
{
    qsizetype total = 0;
    while (total < limit) {
        const ssize_t got = ::read(fd, buffer + total, size_t(limit - total));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        total += got;
    }
    return total;
}

bool writeAll(int fd, const QByteArray &bytes)
{
    qsizetype done = 0;
    while (done < bytes.size()) {
        const ssize_t put = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (put < 0 && errno == EINTR)
            continue;
        if (put <= 0)
            return false;
        done += put;
    }
    return true;
}

// Makes the new name in \a directory durable; a failure only costs durability, so it is ignored.
void syncDirectory(const QString &directory)
{
    const Descriptor fd(
            ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.isOpen())
        ::fsync(fd.get());
}

// Writes \a bytes to the new file \a fd and closes it; the problem, or an empty string.
QString fill(Descriptor &fd, const QString &path, const Secret &bytes)
{
    if (::fchmod(fd.get(), 0600) != 0 || !writeAll(fd.get(), bytes.reveal())
        || ::fsync(fd.get()) != 0 || fd.close() != 0)
        return QStringLiteral("%1 cannot be written: %2").arg(path, reason(errno));
    return QString();
}

} // namespace

uint currentUser()
{
    return uint(::getuid());
}

Contents read(const QString &path, qsizetype maxBytes, uint uid)
{
    const QByteArray native = QFile::encodeName(path);
    Descriptor fd(::open(native.constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!fd.isOpen())
        return {std::nullopt, openProblem(path, native, errno)};
    struct stat info
    {
    };
    if (::fstat(fd.get(), &info) != 0)
        return {std::nullopt, QStringLiteral("%1 cannot be examined: %2").arg(path, reason(errno))};
    QString problem = problemOf(path, info, uid);
    if (!problem.isEmpty())
        return {std::nullopt, problem};

    // One byte more than allowed tells a file that is too long from one that just fits.
    QByteArray raw(maxBytes + 1, '\0');
    const qsizetype got = readUpTo(fd.get(), raw.data(), raw.size());
    if (got < 0 || got > maxBytes) {
        const int error = errno;
        std::fill(raw.begin(), raw.end(), '\0');
        if (got < 0)
            return {std::nullopt, QStringLiteral("%1 cannot be read: %2").arg(path, reason(error))};
        return {std::nullopt,
                QStringLiteral("%1 is longer than %2 bytes").arg(path, QString::number(maxBytes))};
    }
    raw.truncate(got); // the bytes past it were never written
    return {Secret(raw), QString()};
}

QString create(const QString &path, const Secret &bytes)
{
    const QString directory = QFileInfo(path).absolutePath();
    QByteArray temporary = QFile::encodeName(path) + ".XXXXXX";
    Descriptor fd(::mkostemp(temporary.data(), O_CLOEXEC));
    if (!fd.isOpen()) {
        if (errno == ENOENT)
            return QStringLiteral("%1 cannot be created: the directory %2 does not exist")
                    .arg(path, directory);
        return QStringLiteral("%1 cannot be created: %2").arg(path, reason(errno));
    }
    QString problem = fill(fd, path, bytes);
    if (problem.isEmpty()
        && ::link(temporary.constData(), QFile::encodeName(path).constData()) != 0)
        problem = errno == EEXIST
                          ? QStringLiteral("%1 exists already; it is never overwritten").arg(path)
                          : QStringLiteral("%1 cannot be created: %2").arg(path, reason(errno));
    ::unlink(temporary.constData());
    if (problem.isEmpty())
        syncDirectory(directory);
    return problem;
}

} // namespace Tessera::PrivateFile

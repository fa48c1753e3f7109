// SPDX-License-Identifier: BSD-3-Clause
// Files for the tests of PrivateFile and SealKeySource: written with an exact mode (whatever the
// umask), FIFOs and sockets, and the mode a file ended up with.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

namespace PrivateFileTesting {

inline QByteArray native(const QString &path)
{
    return QFile::encodeName(path);
}

/*! \brief Writes \a bytes to \a path (created or truncated) and sets \a mode; false on failure. */
inline bool writeFile(const QString &path, const QByteArray &bytes, mode_t mode = 0600)
{
    const int fd = ::open(native(path).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const bool written = ::write(fd, bytes.constData(), size_t(bytes.size())) == bytes.size();
    return (::close(fd) == 0) && written && ::chmod(native(path).constData(), mode) == 0;
}

/*! \brief The permission bits of \a path (not following a link), or -1. */
inline int modeOf(const QString &path)
{
    struct stat info
    {
    };
    if (::lstat(native(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

inline bool makeFifo(const QString &path)
{
    return ::mkfifo(native(path).constData(), 0600) == 0;
}

/*! \brief A Unix socket bound at \a path; the descriptor (to be closed by the caller) or -1. */
inline int bindSocket(const QString &path)
{
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    const QByteArray name = native(path);
    if (name.size() >= qsizetype(sizeof(address.sun_path)))
        return -1;
    std::memcpy(address.sun_path, name.constData(), size_t(name.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

inline bool makeLink(const QString &target, const QString &link)
{
    return ::symlink(native(target).constData(), native(link).constData()) == 0;
}

} // namespace PrivateFileTesting

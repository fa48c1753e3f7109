// SPDX-License-Identifier: BSD-3-Clause
#include "singleinstance.h"

#include "traylogging.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>

namespace Tessera::Tray {

namespace {

// Creates \a path and its missing parents for this user alone (0700). The directory is also
// where Tessera::Core's processes meet, and the library refuses one open to others: made by
// QDir::mkpath() (0755 under the usual umask) it would keep every process from sharing.
void makePrivatePath(const QString &path)
{
    if (path.isEmpty() || QFileInfo::exists(path))
        return;
    makePrivatePath(QFileInfo(path).absolutePath());
    QDir().mkdir(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

} // namespace

SingleInstance::SingleInstance(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_socketPath(directory + QStringLiteral("/tray.socket"))
    , m_lock(directory + QStringLiteral("/tray.lock"))
    , m_server(this) // a child: it moves with this object to another thread
{
    makePrivatePath(QDir::cleanPath(directory));
    // Held for the life of the process: never stale by age, only when its holder is gone.
    m_lock.setStaleLockTime(0);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::onConnection);
}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::defaultDirectory()
{
    QString runtime = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (runtime.isEmpty())
        runtime = QDir::tempPath();
    return runtime + QStringLiteral("/tessera");
}

bool SingleInstance::claim()
{
    if (!m_lock.tryLock(0))
        return false;
    // Whatever socket is there was left by an instance that died: it no longer holds the lock.
    QLocalServer::removeServer(m_socketPath);
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server.listen(m_socketPath))
        qCWarning(lcTray).noquote()
                << "could not listen on" << m_socketPath << "-" << m_server.errorString()
                << "(a second launch will not find this one)";
    return true;
}

bool SingleInstance::notifyRunning(std::chrono::milliseconds patience)
{
    const QDeadlineTimer deadline(patience);
    do {
        QLocalSocket socket;
        socket.connectToServer(m_socketPath);
        if (socket.waitForConnected(500)) {
            socket.write("show\n");
            socket.waitForBytesWritten(1000);
            socket.waitForDisconnected(1000);
            return true;
        }
        // Not listening yet (it took the lock an instant ago): try again shortly.
        QThread::msleep(50);
    } while (!deadline.hasExpired());
    return false;
}

qint64 SingleInstance::holder() const
{
    qint64 pid = 0;
    QString host;
    QString application;
    return m_lock.getLockInfo(&pid, &host, &application) ? pid : 0;
}

void SingleInstance::onConnection()
{
    while (QLocalSocket *peer = m_server.nextPendingConnection()) {
        connect(peer, &QLocalSocket::readyRead, this, [this, peer] {
            if (peer->readAll().startsWith("show"))
                Q_EMIT showRequested();
            peer->disconnectFromServer();
        });
        connect(peer, &QLocalSocket::disconnected, peer, &QObject::deleteLater);
    }
}

} // namespace Tessera::Tray

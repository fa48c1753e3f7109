// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QLocalServer>
#include <QObject>

/*!
 * \brief One tray per user: the first instance listens on a local socket in the user's runtime
 * directory; a later one tells it to show itself and exits. A socket left by a crashed
 * instance is taken over.
 */
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &socketPath = defaultSocketPath(),
                            QObject *parent = nullptr);

    /*! \brief True if another instance runs and was asked to show itself. */
    bool notifyRunning();
    /*! \brief Becomes the running instance; false if the socket cannot be made. */
    bool listen();

    static QString defaultSocketPath();

Q_SIGNALS:
    void showRequested();

private:
    QString m_path;
    QLocalServer m_server;
};

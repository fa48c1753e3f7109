// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What tst_session_storage and tst_session_leftovers stand on: the dev server, a runtime
// directory of the program's own, and the keys a profile's session keeps in its store.
#include "devserverprocess.h"
#include "sessionharness.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace Tessera::Test {

class SessionStorageTest : public QObject
{
    Q_OBJECT

protected Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_runtime.isValid());
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
        QVERIFY(m_server.start());
    }

    void init()
    {
        m_server.clearFaults();
        m_server.configure({{QStringLiteral("access_lifetime"), 300},
                            {QStringLiteral("refresh_lifetime"), 3600}});
        m_server.resetStats();
    }

protected:
    QString pointerKey(const SessionHarness &h) const
    {
        return currentAccountKey(h.session->profile().id());
    }
    QString entryKey(const SessionHarness &h, const QString &user) const
    {
        return storedSessionKey(h.session->profile().id(), user);
    }
    void signIn(SessionHarness &h, const QString &user, const QByteArray &password)
    {
        h.session->signIn(user, Secret(password));
        QTRY_COMPARE(h.session->state(), Session::State::Active);
    }

    DevServerProcess m_server;
    QTemporaryDir m_runtime; // this program's own: sessions on a persistent store share there
};

} // namespace Tessera::Test

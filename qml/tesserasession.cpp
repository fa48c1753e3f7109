// SPDX-License-Identifier: BSD-3-Clause
#include "tesserasession.h"

#include <Tessera/profile.h>
#include <Tessera/qmlnetworkaccessmanagerfactory.h>

namespace Tessera {

TesseraSession::TesseraSession(QObject *parent)
    : QObject(parent)
{ }

TesseraSession::~TesseraSession() = default;

void TesseraSession::setProfilePath(const QString &path)
{
    if (path == m_profilePath)
        return;
    m_profilePath = path;
    Q_EMIT profilePathChanged();
    if (m_complete)
        load();
}

void TesseraSession::setRestoreOnLoad(bool restore)
{
    if (restore == m_restoreOnLoad)
        return;
    m_restoreOnLoad = restore;
    Q_EMIT restoreOnLoadChanged();
}

void TesseraSession::componentComplete()
{
    m_complete = true;
    load();
}

void TesseraSession::setLoadError(const QString &error)
{
    if (error == m_loadError)
        return;
    m_loadError = error;
    Q_EMIT loadErrorChanged();
}

void TesseraSession::load()
{
    Session *old = m_session;
    Session *made = nullptr;
    if (m_profilePath.isEmpty()) {
        setLoadError({});
    } else {
        const ProfileLoadResult loaded = Profile::load(m_profilePath);
        if (loaded) {
            made = new Session(loaded.profile(), this);
            setLoadError({});
        } else {
            setLoadError(loaded.errorString());
        }
    }
    m_session = made;

    QQmlEngine *engine = qmlEngine(this);
    auto *factory = engine ? dynamic_cast<QmlNetworkAccessManagerFactory *>(
                            engine->networkAccessManagerFactory())
                           : nullptr;
    if (factory && made && (!factory->session() || factory->session() == old))
        factory->setSession(made);
    else if (factory && !made && old && factory->session() == old)
        factory->setSession(nullptr);

    Q_EMIT sessionChanged();
    if (old)
        old->deleteLater(); // bindings let go of it first
    if (made && m_restoreOnLoad)
        made->restore();
}

void TesseraSession::signIn(const QString &user, const QString &password)
{
    if (m_session)
        m_session->signIn(user, Secret(password.toUtf8()));
}

void TesseraSession::signInWithApiKey(const QString &user, const QString &apiKey, bool rememberKey)
{
    if (m_session)
        m_session->signInWithApiKey(user, Secret(apiKey.toUtf8()), rememberKey);
}

} // namespace Tessera

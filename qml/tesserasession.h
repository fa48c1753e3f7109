// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/session.h>
#include <Tessera/signinprompt.h>
#include <Tessera/tesseraqml_export.h>

#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QQmlParserStatus>

namespace Tessera {

/*!
 * \brief QML: \c{TesseraSession { profilePath: "…" }} loads a profile and owns the Session made
 * for it.
 *
 * \c session is null until a profile has loaded (and while \c profilePath is empty or names a
 * profile that does not load: \c loadError then says why, naming the file, the key and the
 * problem). Bind to the session's own properties: \c{tessera.session.state},
 * \c{tessera.session.user}, \c{tessera.session.ready}, … With \c restoreOnLoad (the default)
 * restore() is called as soon as the session is made, so a stored session is picked up at
 * start-up; set it to false to call \c{session.restore()} yourself (for instance after giving
 * the session another token store from C++).
 *
 * When the engine's network access manager factory is a QmlNetworkAccessManagerFactory with
 * no session bound yet, the session is bound to it, so the engine's network loads carry its
 * token; changing \c profilePath later makes a new session, which takes the old one's place
 * there.
 */
class TESSERAQML_EXPORT TesseraSession : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_ELEMENT
    Q_PROPERTY(QString profilePath READ profilePath WRITE setProfilePath NOTIFY profilePathChanged)
    Q_PROPERTY(bool restoreOnLoad READ restoreOnLoad WRITE setRestoreOnLoad NOTIFY
                       restoreOnLoadChanged)
    Q_PROPERTY(Tessera::Session *session READ session NOTIFY sessionChanged)
    Q_PROPERTY(QString loadError READ loadError NOTIFY loadErrorChanged)

public:
    explicit TesseraSession(QObject *parent = nullptr);
    ~TesseraSession() override;

    QString profilePath() const { return m_profilePath; }
    void setProfilePath(const QString &path);
    bool restoreOnLoad() const { return m_restoreOnLoad; }
    void setRestoreOnLoad(bool restore);
    Session *session() const { return m_session; }
    QString loadError() const { return m_loadError; }

    /*! \brief Session::signIn() with a password given as a string (QML has no Secret). */
    Q_INVOKABLE void signIn(const QString &user, const QString &password);
    /*! \brief Session::signInWithApiKey() with the key given as a string. */
    Q_INVOKABLE void signInWithApiKey(const QString &user, const QString &apiKey, bool rememberKey);

    void classBegin() override { }
    void componentComplete() override;

Q_SIGNALS:
    void profilePathChanged();
    void restoreOnLoadChanged();
    void sessionChanged();
    void loadErrorChanged();

private:
    void load();
    void setLoadError(const QString &error);

    QString m_profilePath;
    QString m_loadError;
    QPointer<Session> m_session;
    bool m_restoreOnLoad = true;
    bool m_complete = false;
};

/*! \brief Session in QML: made by a TesseraSession (or in C++), never by QML itself. Its
 *  enums: \c{Session.Active}, \c{Session.InvalidCredentials}, … */
struct SessionForeign
{
    Q_GADGET
    QML_FOREIGN(Tessera::Session)
    QML_NAMED_ELEMENT(Session)
    QML_UNCREATABLE("A Session comes from a TesseraSession, or from C++")
};

/*! \brief SignInPrompt in QML: \c{session.signInPrompt.kind}, \c{.url}, \c{.userCode}, … */
struct SignInPromptForeign
{
    Q_GADGET
    QML_FOREIGN(Tessera::SignInPrompt)
    QML_VALUE_TYPE(signInPrompt)
    QML_UNCREATABLE("A sign-in prompt comes from a Session")
};

} // namespace Tessera

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/tesseracore_export.h>

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace Tessera {

/*!
 * \brief What the user has to do, in a browser, for a sign-in to go on: Session::signInPrompt().
 *
 * A browser sign-in (Profile::LoginKind::Browser) asks for url() to be opened in the user's
 * browser, on this machine: the authorization server sends the browser back to a listener on
 * 127.0.0.1. A device sign-in (Profile::LoginKind::Device) asks for url() to be opened anywhere
 * (a phone, another computer) and userCode() to be typed there; urlWithCode(), when the server
 * gives one, has the code in it already (for a QR code).
 *
 * Nothing in a prompt is a secret: the authorization URL carries the PKCE challenge and the
 * state, never the verifier; the user code is useless without the device code, which the session
 * keeps to itself. A prompt may be shown, printed and copied.
 */
class TESSERACORE_EXPORT SignInPrompt
{
    Q_GADGET
    Q_PROPERTY(Kind kind READ kind CONSTANT)
    Q_PROPERTY(QUrl url READ url CONSTANT)
    Q_PROPERTY(QUrl urlWithCode READ urlWithCode CONSTANT)
    Q_PROPERTY(QString userCode READ userCode CONSTANT)
    Q_PROPERTY(QDateTime expiresAt READ expiresAt CONSTANT)
public:
    enum class Kind {
        None, //!< nothing to do in a browser
        OpenBrowser, //!< open url() in a browser on this machine, and sign in there
        EnterCode, //!< open url() on any device, and enter userCode() there
    };
    Q_ENUM(Kind)

    SignInPrompt() = default;
    static SignInPrompt openBrowser(const QUrl &url, const QDateTime &expiresAt);
    static SignInPrompt enterCode(const QUrl &url, const QUrl &urlWithCode, const QString &userCode,
                                  const QDateTime &expiresAt);

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    /*! \brief OpenBrowser: the authorization URL. EnterCode: the verification URL. */
    QUrl url() const { return m_url; }
    /*! \brief EnterCode: the verification URL with the code in it; empty if the server gave none.
     */
    QUrl urlWithCode() const { return m_urlWithCode; }
    /*! \brief EnterCode: the code to type in. */
    QString userCode() const { return m_userCode; }
    /*! \brief When the sign-in stops waiting (UTC). */
    QDateTime expiresAt() const { return m_expiresAt; }

    friend bool operator==(const SignInPrompt &a, const SignInPrompt &b)
    {
        return a.m_kind == b.m_kind && a.m_url == b.m_url && a.m_urlWithCode == b.m_urlWithCode
               && a.m_userCode == b.m_userCode && a.m_expiresAt == b.m_expiresAt;
    }
    friend bool operator!=(const SignInPrompt &a, const SignInPrompt &b) { return !(a == b); }

private:
    Kind m_kind = Kind::None;
    QUrl m_url;
    QUrl m_urlWithCode;
    QString m_userCode;
    QDateTime m_expiresAt;
};

} // namespace Tessera

Q_DECLARE_METATYPE(Tessera::SignInPrompt)

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QNetworkAccessManager>
#include <QUrl>
#include <QUrlQuery>

namespace Tessera::Test {

/*!
 * \brief Plays the user's browser in a browser sign-in: opens the authorization URL (the
 * dev server's sign-in form), submits the form, and follows the redirect to the loopback
 * listener, one step at a time so that a test can stop or tamper between them. Redirects are
 * never followed by themselves.
 */
class BrowserDriver
{
public:
    struct Page
    {
        int status = 0; //!< 0: no answer (connection refused, ...)
        QByteArray body;
        QUrl location; //!< a redirect's target, resolved
    };

    /*! \brief GET \a url. */
    Page get(const QUrl &url);
    /*! \brief Submits the sign-in form of \a authorizationUrl: its query's parameters with
     *  \a user, \a password and \a action ("approve" or "deny"). */
    Page submit(const QUrl &authorizationUrl, const QString &user, const QByteArray &password,
                const QString &action = QStringLiteral("approve"));
    /*! \brief The whole way: the form, the submission, and the redirect back to the loopback
     *  listener; the listener's page. */
    Page signIn(const QUrl &authorizationUrl, const QString &user, const QByteArray &password,
                const QString &action = QStringLiteral("approve"));
    /*! \brief Approves (or denies) \a userCode on the dev server's device page \a verificationUrl.
     */
    Page enterCode(const QUrl &verificationUrl, const QString &userCode, const QString &user,
                   const QByteArray &password, const QString &action = QStringLiteral("approve"));

private:
    Page wait(class QNetworkReply *reply);
    QNetworkAccessManager m_manager;
};

} // namespace Tessera::Test

// SPDX-License-Identifier: BSD-3-Clause
#include "browserdriver.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>

namespace Tessera::Test {

namespace {

QNetworkRequest request(const QUrl &url)
{
    QNetworkRequest made(url);
    made.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                      QNetworkRequest::ManualRedirectPolicy);
    made.setTransferTimeout(10000);
    return made;
}

QByteArray formBody(const QList<std::pair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

} // namespace

BrowserDriver::Page BrowserDriver::wait(QNetworkReply *reply)
{
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 15000))
        qWarning("the browser's request was not answered");
    Page page;
    page.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    page.body = reply->readAll();
    const QUrl location = reply->header(QNetworkRequest::LocationHeader).toUrl();
    if (location.isValid())
        page.location = reply->url().resolved(location);
    reply->deleteLater();
    return page;
}

BrowserDriver::Page BrowserDriver::get(const QUrl &url)
{
    return wait(m_manager.get(request(url)));
}

BrowserDriver::Page BrowserDriver::submit(const QUrl &authorizationUrl, const QString &user,
                                          const QByteArray &password, const QString &action)
{
    QList<std::pair<QString, QString>> fields;
    for (const auto &[name, value] : QUrlQuery(authorizationUrl).queryItems(QUrl::FullyDecoded))
        fields.append({name, value});
    fields.append({QStringLiteral("username"), user});
    fields.append({QStringLiteral("password"), QString::fromUtf8(password)});
    fields.append({QStringLiteral("action"), action});
    QNetworkRequest post = request(authorizationUrl.adjusted(QUrl::RemoveQuery));
    post.setHeader(QNetworkRequest::ContentTypeHeader,
                   QByteArray("application/x-www-form-urlencoded"));
    return wait(m_manager.post(post, formBody(fields)));
}

BrowserDriver::Page BrowserDriver::signIn(const QUrl &authorizationUrl, const QString &user,
                                          const QByteArray &password, const QString &action)
{
    const Page form = get(authorizationUrl);
    if (form.status != 200) {
        qWarning("the sign-in form answered %d", form.status);
        return form;
    }
    const Page submitted = submit(authorizationUrl, user, password, action);
    if (submitted.status != 302 || !submitted.location.isValid()) {
        qWarning("the sign-in form did not redirect (%d)", submitted.status);
        return submitted;
    }
    return get(submitted.location);
}

BrowserDriver::Page BrowserDriver::enterCode(const QUrl &verificationUrl, const QString &userCode,
                                             const QString &user, const QByteArray &password,
                                             const QString &action)
{
    QNetworkRequest post = request(verificationUrl.adjusted(QUrl::RemoveQuery));
    post.setHeader(QNetworkRequest::ContentTypeHeader,
                   QByteArray("application/x-www-form-urlencoded"));
    return wait(m_manager.post(post,
                               formBody({{QStringLiteral("user_code"), userCode},
                                         {QStringLiteral("username"), user},
                                         {QStringLiteral("password"), QString::fromUtf8(password)},
                                         {QStringLiteral("action"), action}})));
}

} // namespace Tessera::Test

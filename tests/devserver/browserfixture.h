// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// What the browser sign-in tests (tst_devserver_browser, tst_devserver_codeexchange) share: PKCE
// values, authorization requests, the sign-in form's POST and the code exchange.
#include "devserverfixture.h"

#include <QRandomGenerator>
#include <QUrlQuery>

namespace DevServerTesting {

using Params = QList<QPair<QString, QString>>;

inline const QString redirectUri = u"http://127.0.0.1:53682/callback"_s;
inline const QString clientId = u"tessera-desktop"_s;

inline QString newVerifier()
{
    QByteArray bytes(32, Qt::Uninitialized);
    for (char &byte : bytes)
        byte = char(QRandomGenerator::global()->bounded(256));
    return QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QString challengeOf(const QString &verifier)
{
    return QString::fromLatin1(
            QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
                    .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QByteArray encode(const Params &params)
{
    QByteArray encoded;
    for (const auto &[name, value] : params)
        encoded += (encoded.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(name) + '='
                   + QUrl::toPercentEncoding(value);
    return encoded;
}

// `params` with `name` set to `value` (added, or replaced); a null value removes it.
inline Params with(Params params, const QString &name, const QString &value)
{
    params.removeIf([&name](const auto &pair) { return pair.first == name; });
    if (!value.isNull())
        params.append({name, value});
    return params;
}

// The query of a redirect's Location, decoded.
inline QUrlQuery answerOf(const Reply &reply)
{
    return QUrlQuery(QUrl::fromEncoded(reply.headers.value("location")));
}

class BrowserFixture : public DevServerFixture
{
protected:
    QString issuer() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }
    Params authorizeParams(const QString &verifier, const QString &scope = u"openid profile"_s)
    {
        return {{u"response_type"_s, u"code"_s},
                {u"client_id"_s, clientId},
                {u"redirect_uri"_s, redirectUri},
                {u"state"_s, u"st+te/=1 x"_s},
                {u"code_challenge"_s, challengeOf(verifier)},
                {u"code_challenge_method"_s, u"S256"_s},
                {u"scope"_s, scope}};
    }
    Reply authorizePage(const Params &params)
    {
        return send("GET", u"/oauth/authorize?"_s + QString::fromLatin1(encode(params)));
    }
    Reply submit(const Params &params, const QString &user = u"alice"_s,
                 const QString &password = alicePassword, const QString &action = u"approve"_s)
    {
        return postForm(u"/oauth/authorize"_s, encode(params
                                                      + Params {{u"username"_s, user},
                                                                {u"password"_s, password},
                                                                {u"action"_s, action}}));
    }
    // Signs alice in and returns the code the redirect carries.
    QString codeFor(const Params &params)
    {
        const Reply reply = submit(params);
        return reply.status == 302 ? answerOf(reply).queryItemValue(u"code"_s, QUrl::FullyDecoded)
                                   : QString();
    }
    Reply exchange(const QString &code, const QString &verifier,
                   const QString &redirect = redirectUri, const QString &client = clientId)
    {
        Params params {{u"grant_type"_s, u"authorization_code"_s},
                       {u"code"_s, code},
                       {u"redirect_uri"_s, redirect},
                       {u"client_id"_s, client}};
        if (!verifier.isNull())
            params.append({u"code_verifier"_s, verifier});
        return postForm(u"/oauth/token"_s, encode(params));
    }
    QJsonObject setConfig(const QJsonObject &changes)
    {
        const Reply reply = postJson(u"/_dev/config"_s, changes);
        return reply.status == 200 ? reply.json : QJsonObject();
    }
};

} // namespace DevServerTesting

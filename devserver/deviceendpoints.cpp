// SPDX-License-Identifier: BSD-3-Clause
#include "deviceendpoints.h"

#include "devstate.h"
#include "htmlpage.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

HttpResponse donePage(const QString &outcome)
{
    return HtmlPage::response(
            200, u"Connect a device"_s,
            u"<p>%1</p>\n<p>You can return to your device.</p>\n"_s.arg(HtmlPage::escape(outcome)));
}

} // namespace

DeviceEndpoints::DeviceEndpoints(DevState &state)
    : m_state(state)
{ }

HttpResponse DeviceEndpoints::handle(const HttpRequestData &request)
{
    if (request.path == "/oauth/device_authorization"_L1)
        return authorizeDevice(request);
    if (request.path != "/device"_L1)
        return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
    if (request.method == "POST")
        return verify(request);
    if (request.method != "GET" && request.method != "HEAD")
        return HtmlPage::response(405, u"Connect a device"_s, u"<p>Use GET or POST.</p>\n"_s)
                .withHeader("Allow", "GET, HEAD, POST");
    QString userCode;
    for (const auto &[name, value] : request.queryPairs()) {
        if (name == "user_code"_L1) {
            userCode = value;
            break;
        }
    }
    return page(userCode, QString(), QString());
}

HttpResponse DeviceEndpoints::authorizeDevice(const HttpRequestData &request)
{
    HttpResponse response;
    const QHash<QString, QString> form = request.formFields();
    const QString clientId = form.value(u"client_id"_s).isEmpty()
                                     ? QString::fromUtf8(request.basicUser())
                                     : form.value(u"client_id"_s);
    if (request.method != "POST") {
        response = HttpResponse::oauthError(405, u"invalid_request"_s, u"Use POST"_s)
                           .withHeader("Allow", "POST");
    } else if (!request.hasFormBody()) {
        response = HttpResponse::oauthError(
                400, u"invalid_request"_s,
                u"Content-Type must be application/x-www-form-urlencoded"_s);
    } else if (clientId.isEmpty()) {
        response = HttpResponse::oauthError(401, u"invalid_client"_s, u"Missing client_id"_s);
    } else {
        const RuntimeConfig &config = m_state.config;
        QString userCode;
        const QByteArray deviceCode = m_state.pending.issueDeviceCode(
                clientId, form.value(u"scope"_s), config.deviceCodeLifetime, config.deviceInterval,
                &userCode);
        ++m_state.stats.deviceAuthorizations;
        const QString verificationUri = m_state.baseUrl() + "/device"_L1;
        response = HttpResponse::json(
                200,
                QJsonObject {{u"device_code"_s, QString::fromLatin1(deviceCode)},
                             {u"user_code"_s, userCode},
                             {u"verification_uri"_s, verificationUri},
                             {u"verification_uri_complete"_s,
                              verificationUri + "?user_code="_L1
                                      + QString::fromLatin1(QUrl::toPercentEncoding(userCode))},
                             {u"expires_in"_s, config.deviceCodeLifetime},
                             {u"interval"_s, config.deviceInterval}});
    }
    return response.withHeader("Cache-Control", "no-store").withHeader("Pragma", "no-cache");
}

HttpResponse DeviceEndpoints::verify(const HttpRequestData &request)
{
    if (!request.hasFormBody())
        return HtmlPage::response(
                400, u"Connect a device"_s,
                u"<p>The form must be sent as application/x-www-form-urlencoded.</p>\n"_s);
    const QHash<QString, QString> form = request.formFields();
    const QString userCode = form.value(u"user_code"_s);
    const QString username = form.value(u"username"_s);
    const QString action = form.value(u"action"_s);
    const QString unknownCode = u"This code is unknown, has expired or was used already"_s;
    if (action == "deny"_L1) {
        if (!m_state.pending.decide(userCode, QString()))
            return page(userCode, username, unknownCode);
        return donePage(u"You denied the device access."_s);
    }
    if (action != "approve"_L1)
        return page(userCode, username, u"Choose Approve or Deny"_s);
    const auto user = m_state.userForPassword(username, form.value(u"password"_s));
    if (!user) {
        ++m_state.stats.loginFailures;
        return page(userCode, username, u"Wrong user name or password"_s);
    }
    if (!m_state.pending.decide(userCode, *user))
        return page(userCode, username, unknownCode);
    return donePage(u"Your device is now signed in as %1."_s.arg(*user));
}

HttpResponse DeviceEndpoints::page(const QString &userCode, const QString &username,
                                   const QString &message) const
{
    const QString content =
            u"<p>Enter the code your device shows, and sign in to let it use your account.</p>\n"
            "%1<form method=\"post\" action=\"/device\">\n"
            "<label for=\"user_code\">Code</label>\n"
            "<input id=\"user_code\" name=\"user_code\" value=\"%2\" autocomplete=\"off\" "
            "autocapitalize=\"characters\" spellcheck=\"false\">\n%3"
            "<button type=\"submit\" name=\"action\" value=\"approve\">Approve</button>\n"
            "<button type=\"submit\" name=\"action\" value=\"deny\">Deny</button>\n"
            "</form>\n"_s.arg(HtmlPage::alert(message), HtmlPage::escape(userCode),
                              HtmlPage::credentialInputs(username));
    return HtmlPage::response(200, u"Connect a device"_s, content);
}

} // namespace Tessera::DevServer

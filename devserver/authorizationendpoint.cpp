// SPDX-License-Identifier: BSD-3-Clause
#include "authorizationendpoint.h"

#include "devstate.h"
#include "htmlpage.h"
#include "pkce.h"

#include <QUrl>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

using Params = QList<QPair<QString, QString>>;

constexpr qsizetype maxRedirectUriLength = 2048;

// The form's own fields, which never travel as hidden inputs.
bool isFormField(const QString &name)
{
    return name == "username"_L1 || name == "password"_L1 || name == "action"_L1;
}

qsizetype occurrences(const Params &params, QLatin1StringView name)
{
    return std::count_if(params.cbegin(), params.cend(),
                         [name](const auto &pair) { return pair.first == name; });
}

// The first value of `name`; a null string when it is absent.
QString valueOf(const Params &params, QLatin1StringView name)
{
    for (const auto &[key, value] : params) {
        if (key == name)
            return value.isNull() ? u""_s : value;
    }
    return QString();
}

HttpResponse errorPage(int status, const QString &message)
{
    return HtmlPage::response(
            status, u"Sign-in failed"_s,
            u"<p>%1</p>\n<p>The application that sent you here did something "
            "wrong. You can close this page.</p>\n"_s.arg(HtmlPage::escape(message)));
}

} // namespace

AuthorizationEndpoint::AuthorizationEndpoint(DevState &state)
    : m_state(state)
{ }

HttpResponse AuthorizationEndpoint::handle(const HttpRequestData &request)
{
    if (request.method == "POST")
        return submit(request);
    if (request.method != "GET" && request.method != "HEAD")
        return errorPage(405, u"Use GET or POST."_s).withHeader("Allow", "GET, HEAD, POST");
    const Params params = request.queryPairs();
    if (auto refused = refusal(params))
        return *refused;
    QString description;
    const QString error = requestError(params, &description);
    if (!error.isEmpty())
        return redirect(params, {{u"error"_s, error}, {u"error_description"_s, description}});
    return signInPage(params, valueOf(params, "login_hint"_L1), QString());
}

HttpResponse AuthorizationEndpoint::submit(const HttpRequestData &request)
{
    if (!request.hasFormBody())
        return errorPage(400, u"The form must be sent as application/x-www-form-urlencoded."_s);
    const Params fields = request.formPairs();
    Params params;
    std::copy_if(fields.cbegin(), fields.cend(), std::back_inserter(params),
                 [](const auto &pair) { return !isFormField(pair.first); });
    if (auto refused = refusal(params))
        return *refused;
    QString description;
    const QString error = requestError(params, &description);
    if (!error.isEmpty())
        return redirect(params, {{u"error"_s, error}, {u"error_description"_s, description}});
    const QString action = valueOf(fields, "action"_L1);
    if (action == "deny"_L1) {
        return redirect(params, {{u"error"_s, u"access_denied"_s},
                                 {u"error_description"_s, u"The user cancelled the sign-in"_s}});
    }
    if (action != "approve"_L1) {
        return redirect(params, {{u"error"_s, u"invalid_request"_s},
                                 {u"error_description"_s, u"action must be approve or deny"_s}});
    }
    const QString username = valueOf(fields, "username"_L1);
    const auto user = m_state.userForPassword(username, valueOf(fields, "password"_L1));
    if (!user) {
        ++m_state.stats.loginFailures;
        return signInPage(params, username, u"Wrong user name or password"_s);
    }
    return approve(params, *user);
}

std::optional<HttpResponse> AuthorizationEndpoint::refusal(const Params &params)
{
    // RFC 6749 sections 3.1.2.4 and 4.1.2.1: with an invalid redirect URI or client, tell the
    // user and never redirect.
    if (occurrences(params, "redirect_uri"_L1) != 1
        || !isLoopbackRedirectUri(valueOf(params, "redirect_uri"_L1)))
        return errorPage(400, u"redirect_uri must be given once, and be http://127.0.0.1:PORT/…, "
                              "http://localhost:PORT/… or http://[::1]:PORT/…."_s);
    if (occurrences(params, "client_id"_L1) != 1 || valueOf(params, "client_id"_L1).isEmpty())
        return errorPage(400, u"client_id must be given once."_s);
    return std::nullopt;
}

QString AuthorizationEndpoint::requestError(const Params &params, QString *description)
{
    for (const auto name : {"response_type"_L1, "state"_L1, "scope"_L1, "code_challenge"_L1,
                            "code_challenge_method"_L1, "nonce"_L1, "login_hint"_L1, "prompt"_L1}) {
        if (occurrences(params, name) > 1) {
            *description = u"%1 is given more than once"_s.arg(name);
            return u"invalid_request"_s;
        }
    }
    const QString responseType = valueOf(params, "response_type"_L1);
    if (responseType.isEmpty()) {
        *description = u"response_type is missing"_s;
        return u"invalid_request"_s;
    }
    if (responseType != "code"_L1) {
        *description = u"Only response_type=code is supported"_s;
        return u"unsupported_response_type"_s;
    }
    if (!Pkce::isWellFormed(valueOf(params, "code_challenge"_L1))) {
        *description = u"PKCE is required: code_challenge must be 43 to 128 characters"_s;
        return u"invalid_request"_s;
    }
    if (valueOf(params, "code_challenge_method"_L1) != "S256"_L1) {
        *description = u"code_challenge_method must be S256"_s;
        return u"invalid_request"_s;
    }
    if (valueOf(params, "prompt"_L1).split(u' ').contains("none"_L1)) {
        *description = u"The user must sign in"_s; // OpenID Connect Core section 3.1.2.6
        return u"login_required"_s;
    }
    return QString();
}

HttpResponse AuthorizationEndpoint::signInPage(const Params &params, const QString &username,
                                               const QString &message) const
{
    QString hidden;
    for (const auto &[name, value] : params) {
        if (!isFormField(name))
            hidden += HtmlPage::hiddenInput(name, value);
    }
    const QString scope = valueOf(params, "scope"_L1);
    const QString content =
            u"<p>Sign in to continue to <strong>%1</strong>.</p>\n%2%3"
            "<form method=\"post\" action=\"/oauth/authorize\">\n%4%5"
            "<button type=\"submit\" name=\"action\" value=\"approve\">Sign in</button>\n"
            "<button type=\"submit\" name=\"action\" value=\"deny\">Cancel</button>\n"
            "</form>\n"_s.arg(
                    HtmlPage::escape(valueOf(params, "client_id"_L1)),
                    scope.isEmpty() ? QString()
                                    : u"<p>It asks for: %1</p>\n"_s.arg(HtmlPage::escape(scope)),
                    HtmlPage::alert(message), hidden, HtmlPage::credentialInputs(username));
    return HtmlPage::response(200, u"Sign in"_s, content);
}

HttpResponse AuthorizationEndpoint::approve(const Params &params, const QString &user)
{
    PendingAuthorizations::AuthorizationCode binding;
    binding.clientId = valueOf(params, "client_id"_L1);
    binding.redirectUri = valueOf(params, "redirect_uri"_L1);
    binding.codeChallenge = valueOf(params, "code_challenge"_L1);
    binding.user = user;
    binding.scope = valueOf(params, "scope"_L1);
    binding.nonce = valueOf(params, "nonce"_L1);
    const QByteArray code = m_state.pending.issueCode(binding);
    ++m_state.stats.authorizations;
    return redirect(params, {{u"code"_s, QString::fromLatin1(code)}});
}

HttpResponse AuthorizationEndpoint::redirect(const Params &params, Params answer) const
{
    // RFC 6749 section 4.1.2: state exactly as it came; RFC 9207: iss, unless switched off.
    if (occurrences(params, "state"_L1) > 0)
        answer.append({u"state"_s, valueOf(params, "state"_L1)});
    if (m_state.config.discovery != RuntimeConfig::Discovery::NoIss)
        answer.append({u"iss"_s, m_state.issuer()});
    QByteArray location = valueOf(params, "redirect_uri"_L1).toLatin1();
    if (!location.contains('?'))
        location += '?';
    else if (!location.endsWith('?') && !location.endsWith('&'))
        location += '&';
    for (qsizetype i = 0; i < answer.size(); ++i) {
        location += (i == 0 ? "" : "&") + answer.at(i).first.toLatin1() + '='
                    + QUrl::toPercentEncoding(answer.at(i).second);
    }
    return HttpResponse::empty(302)
            .withHeader("Location", location)
            .withHeader("Cache-Control", "no-store")
            .withHeader("Referrer-Policy", "no-referrer");
}

bool AuthorizationEndpoint::isLoopbackRedirectUri(const QString &uri)
{
    // Printable ASCII only: no white space, nothing that could split the Location header.
    if (uri.isEmpty() || uri.size() > maxRedirectUriLength
        || std::any_of(uri.cbegin(), uri.cend(),
                       [](QChar c) { return c.unicode() < 0x21 || c.unicode() > 0x7e; }))
        return false;
    const QUrl url(uri, QUrl::StrictMode);
    const QString host = url.host();
    return url.isValid() && uri.startsWith("http://"_L1) && url.port() > 0
           && (host == "127.0.0.1"_L1 || host == "localhost"_L1 || host == "::1"_L1)
           && url.userInfo().isEmpty() && !url.hasFragment() && url.path().startsWith(u'/');
}

} // namespace Tessera::DevServer

// SPDX-License-Identifier: BSD-3-Clause
#include "htmlpage.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

constexpr auto style = "body{font-family:sans-serif;max-width:26rem;margin:3rem auto;"
                       "padding:0 1rem;line-height:1.4}label,input{display:block}"
                       "input{margin:.2rem 0 1rem;width:100%;box-sizing:border-box}"
                       "button{margin-right:.5rem}[role=alert]{color:#a00000}"_L1;

// No script at all; the one inline style by its hash. No form-action directive: browsers may
// apply it to the redirect that follows a sign-in, which goes to the app's loopback listener.
QByteArray contentSecurityPolicy()
{
    static const QByteArray policy =
            "default-src 'none'; style-src 'sha256-"
            + QCryptographicHash::hash(QString(style).toUtf8(), QCryptographicHash::Sha256)
                      .toBase64()
            + "'; frame-ancestors 'none'; base-uri 'none'";
    return policy;
}

} // namespace

QString HtmlPage::escape(const QString &text)
{
    QString escaped = text.toHtmlEscaped(); // & < > "
    return escaped.replace(u'\'', "&#39;"_L1);
}

QString HtmlPage::hiddenInput(const QString &name, const QString &value)
{
    return u"<input type=\"hidden\" name=\"%1\" value=\"%2\">\n"_s.arg(escape(name), escape(value));
}

QString HtmlPage::credentialInputs(const QString &username)
{
    return u"<label for=\"username\">User name</label>\n"
           "<input id=\"username\" name=\"username\" autocomplete=\"username\" "
           "autocapitalize=\"none\" value=\"%1\">\n"
           "<label for=\"password\">Password</label>\n"
           "<input id=\"password\" name=\"password\" type=\"password\" "
           "autocomplete=\"current-password\">\n"_s.arg(escape(username));
}

QString HtmlPage::alert(const QString &text)
{
    return text.isEmpty() ? QString() : u"<p role=\"alert\">%1</p>\n"_s.arg(escape(text));
}

HttpResponse HtmlPage::response(int status, const QString &title, const QString &content)
{
    const QString page =
            u"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<title>%1 - tessera-devserver</title>\n<style>%2</style>\n</head>\n"
            "<body>\n<main>\n<h1>%1</h1>\n%3</main>\n</body>\n</html>\n"_s.arg(escape(title), style,
                                                                               content);
    HttpResponse response {status, "text/html; charset=utf-8", page.toUtf8(), {}};
    response.withHeader("Cache-Control", "no-store")
            .withHeader("Pragma", "no-cache")
            .withHeader("Content-Security-Policy", contentSecurityPolicy())
            .withHeader("X-Frame-Options", "DENY")
            .withHeader("X-Content-Type-Options", "nosniff")
            .withHeader("Referrer-Policy", "no-referrer");
    return response;
}

} // namespace Tessera::DevServer

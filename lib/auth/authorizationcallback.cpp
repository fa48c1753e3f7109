// SPDX-License-Identifier: BSD-3-Clause
#include "authorizationcallback_p.h"

#include "servertext_p.h"

#include <QChar>
#include <QList>

#include <optional>

namespace Tessera {

namespace {

using Outcome = AuthorizationCallback::Outcome;
using Verdict = AuthorizationCallback::Verdict;

// One parameter of an application/x-www-form-urlencoded query: absent, once, or repeated.
struct Parameter
{
    int count = 0;
    QByteArray value; // the first occurrence, decoded
};

// RFC 6749 appendix B: "+" is a space, then percent-escapes are decoded.
QByteArray formDecode(QByteArray encoded)
{
    encoded.replace('+', ' ');
    return QByteArray::fromPercentEncoding(encoded);
}

Parameter parameter(const QList<QByteArray> &pairs, const QByteArray &name)
{
    Parameter result;
    for (const QByteArray &pair : pairs) {
        const qsizetype equals = pair.indexOf('=');
        const QByteArray key = formDecode(equals < 0 ? pair : pair.left(equals));
        if (key != name)
            continue;
        if (++result.count == 1)
            result.value = equals < 0 ? QByteArray() : formDecode(pair.mid(equals + 1));
    }
    return result;
}

// Constant time in the contents; the length of a state is no secret (it is always 22).
bool sameState(const QByteArray &received, const QByteArray &expected)
{
    if (expected.isEmpty() || received.size() != expected.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < expected.size(); ++i)
        difference |= static_cast<unsigned char>(received.at(i) ^ expected.at(i));
    return difference == 0;
}

// RFC 6749 appendix A.11: code = 1*VSCHAR, VSCHAR = %x20-7E.
bool isWellFormedCode(const QByteArray &code)
{
    for (const char c : code) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7e)
            return false;
    }
    return true;
}

QString sentenceFor(const QByteArray &error)
{
    if (error == "access_denied")
        return QStringLiteral("The sign-in was declined, by you or by the server.");
    if (error == "invalid_request")
        return QStringLiteral("The server refused the sign-in request as malformed; the "
                              "profile may need to be updated.");
    if (error == "unauthorized_client")
        return QStringLiteral("The server does not allow this application to sign in this way.");
    if (error == "unsupported_response_type")
        return QStringLiteral("The server does not offer sign-in with an authorization code.");
    if (error == "invalid_scope")
        return QStringLiteral("The server refused the permissions (scopes) this profile asks "
                              "for.");
    if (error == "server_error")
        return QStringLiteral("The server ran into an error during the sign-in. Please try "
                              "again.");
    if (error == "temporarily_unavailable")
        return QStringLiteral("The server cannot handle a sign-in right now. Please try again "
                              "later.");
    if (error == "login_required" || error == "interaction_required" || error == "consent_required"
        || error == "account_selection_required")
        return QStringLiteral("The server needs you to complete the sign-in in the browser. "
                              "Please try again.");
    return QStringLiteral("The server refused the sign-in.");
}

Verdict ignore()
{
    return {};
}

Verdict failed(const QString &message)
{
    Verdict verdict;
    verdict.outcome = Outcome::Failed;
    verdict.message = message;
    return verdict;
}

} // namespace

AuthorizationCallback::Verdict AuthorizationCallback::judge(const QUrl &request,
                                                            const Expectation &expected)
{
    QString path = request.path(QUrl::FullyEncoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    if (path != expected.redirectPath)
        return ignore();

    const QByteArray query = request.query(QUrl::FullyEncoded).toUtf8();
    const QList<QByteArray> pairs = query.split('&');

    const Parameter state = parameter(pairs, "state");
    if (state.count != 1 || !sameState(state.value, expected.state))
        return ignore();

    const Parameter code = parameter(pairs, "code");
    const Parameter error = parameter(pairs, "error");
    const Parameter iss = parameter(pairs, "iss");
    if (code.count > 1 || error.count > 1 || iss.count > 1)
        return failed(QStringLiteral("The server's answer to the sign-in was malformed (a "
                                     "parameter was given twice)."));

    if (iss.count == 1 && !expected.issuer.isEmpty() && iss.value != expected.issuer.toUtf8())
        return failed(QStringLiteral("The sign-in answer came from another server than the one "
                                     "this profile signs in with, so it was rejected."));
    if (iss.count == 0 && expected.issuerParameterSupported)
        return failed(QStringLiteral("The server's answer to the sign-in did not say which "
                                     "server sent it, although the server announced that it "
                                     "would, so it was rejected."));

    if (error.count == 1) {
        QString message = sentenceFor(error.value);
        const Parameter description = parameter(pairs, "error_description");
        const QString text = ServerText::sanitised(description.value,
                                                   AuthorizationCallback::MaxDescriptionLength);
        const bool echoesSecret =
                text.contains(QString::fromUtf8(state.value))
                || (!code.value.isEmpty() && text.contains(QString::fromUtf8(code.value)));
        if (description.count == 1 && !text.isEmpty() && !echoesSecret)
            message += QStringLiteral(" The server said: \u201c%1\u201d").arg(text);
        return failed(message);
    }

    if (code.value.isEmpty())
        return failed(QStringLiteral("The server's answer to the sign-in named no code."));
    if (code.value.size() > MaxCodeLength || !isWellFormedCode(code.value))
        return failed(QStringLiteral("The server's answer to the sign-in carried a malformed "
                                     "code."));

    Verdict verdict;
    verdict.outcome = Outcome::Code;
    verdict.code = Secret(code.value);
    return verdict;
}

} // namespace Tessera

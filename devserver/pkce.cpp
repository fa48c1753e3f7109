// SPDX-License-Identifier: BSD-3-Clause
#include "pkce.h"

#include "jwt.h"

#include <QCryptographicHash>

namespace Tessera::DevServer {

bool Pkce::isWellFormed(const QString &text)
{
    if (text.size() < 43 || text.size() > 128)
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool unreserved = (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z')
                                || (u >= u'0' && u <= u'9') || u == u'-' || u == u'.' || u == u'_'
                                || u == u'~';
        if (!unreserved)
            return false;
    }
    return true;
}

QString Pkce::s256Challenge(const QString &verifier)
{
    return QString::fromLatin1(Jwt::base64Url(
            QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)));
}

} // namespace Tessera::DevServer

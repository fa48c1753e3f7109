// SPDX-License-Identifier: BSD-3-Clause
#include "issuedtokenlog.h"

#include "issuedtokens.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

bool IssuedTokenLog::open(const QString &path, QString *error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        *error = u"cannot open %1: %2"_s.arg(path, m_file.errorString());
        return false;
    }
    return true;
}

void IssuedTokenLog::record(const IssuedTokens &tokens)
{
    if (!m_file.isOpen())
        return;
    m_file.write(tokens.accessToken + '\n' + tokens.refreshToken + '\n');
    m_file.flush();
}

void IssuedTokenLog::recordSecret(const QByteArray &secret)
{
    // An empty line would match every log line in the scan.
    if (!m_file.isOpen() || secret.isEmpty())
        return;
    m_file.write(secret + '\n');
    m_file.flush();
}

} // namespace Tessera::DevServer

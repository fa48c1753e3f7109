// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QFile>
#include <QString>

namespace Tessera::DevServer {

struct IssuedTokens;

// --issued-tokens-file: appends every issued access and refresh token, and every other secret the
// server hands out or receives in a flow (ID tokens, authorization codes, code verifiers, device
// codes), to a file, one per line, so a test suite can scan its logs for them afterwards. Never
// used for logging.
class IssuedTokenLog
{
public:
    bool open(const QString &path, QString *error);
    bool isOpen() const { return m_file.isOpen(); }
    void record(const IssuedTokens &tokens);
    void recordSecret(const QByteArray &secret);

private:
    QFile m_file;
};

} // namespace Tessera::DevServer

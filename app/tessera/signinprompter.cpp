// SPDX-License-Identifier: BSD-3-Clause
#include "signinprompter.h"

#include "qrcode.h"
#include "terminalqrcode.h"

#include <QLocale>
#include <QProcess>
#include <QTextStream>

namespace Tessera::Cli {

SignInPrompter::SignInPrompter(const QString &serviceName, bool openBrowser, QObject *parent)
    : QObject(parent)
    , m_serviceName(serviceName)
    , m_openBrowser(openBrowser)
{ }

void SignInPrompter::show(const SignInPrompt &prompt)
{
    QTextStream err(stderr);
    const QString until =
            QLocale().toString(prompt.expiresAt().toLocalTime().time(), QLocale::ShortFormat);
    switch (prompt.kind()) {
    case SignInPrompt::Kind::None:
        return;
    case SignInPrompt::Kind::OpenBrowser: {
        const QString link = prompt.url().toString(QUrl::FullyEncoded);
        if (openInBrowser(prompt.url()))
            err << tr("Your browser has been opened to sign in to %1. If it did not open, open "
                      "this link in a browser on this computer:\n\n  %2\n\n")
                            .arg(m_serviceName, link);
        else
            err << tr("To sign in to %1, open this link in a browser on this computer:\n\n  %2\n\n")
                            .arg(m_serviceName, link);
        err << tr("Waiting until %1 for the sign-in to finish (Ctrl-C to cancel)…\n").arg(until);
        return;
    }
    case SignInPrompt::Kind::EnterCode: {
        err << tr("To sign in to %1, open %2 on any device and enter this code:\n\n    %3\n\n")
                        .arg(m_serviceName, prompt.url().toString(QUrl::FullyEncoded),
                             prompt.userCode());
        const QUrl scan = prompt.urlWithCode().isEmpty() ? prompt.url() : prompt.urlWithCode();
        if (const std::optional<QrCode> code = QrCode::encode(scan.toString(QUrl::FullyEncoded))) {
            err << tr("Or scan this with a phone:\n\n");
            err << renderForTerminal(*code) << '\n';
        }
        err << tr("Waiting until %1 for the code to be entered (Ctrl-C to cancel)…\n").arg(until);
        return;
    }
    }
}

bool SignInPrompter::openInBrowser(const QUrl &url) const
{
    if (!m_openBrowser)
        return false;
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return false;
    return QProcess::startDetached(QStringLiteral("xdg-open"), {url.toString(QUrl::FullyEncoded)});
}

} // namespace Tessera::Cli

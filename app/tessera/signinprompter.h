// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <Tessera/signinprompt.h>

#include <QObject>
#include <QString>

namespace Tessera::Cli {

/*!
 * \brief Shows a browser or device sign-in's prompt on the terminal (stderr, so that stdout stays
 * for what scripts read).
 *
 * - OpenBrowser: the link, and the browser opened with `xdg-open` where a desktop is there to
 *   open one (DISPLAY or WAYLAND_DISPLAY is set) and --no-browser was not given. Without one (a
 *   console, SSH), the link is for opening in a browser on this machine: the server sends the
 *   browser back to 127.0.0.1.
 * - EnterCode: the link, the code, and the link as a QR code drawn with block characters, for a
 *   phone.
 *
 * The link goes to xdg-open's argv: it carries the PKCE challenge and the state, which are no
 * secrets (SignInPrompt), never the verifier.
 */
class SignInPrompter : public QObject
{
    Q_OBJECT
public:
    SignInPrompter(const QString &serviceName, bool openBrowser, QObject *parent = nullptr);

    void show(const SignInPrompt &prompt);

private:
    bool openInBrowser(const QUrl &url) const;

    const QString m_serviceName;
    const bool m_openBrowser;
};

} // namespace Tessera::Cli

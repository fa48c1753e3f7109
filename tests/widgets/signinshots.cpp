// SPDX-License-Identifier: BSD-3-Clause
// tessera-signin-shots BROWSER_PROFILE DEVICE_PROFILE OUTPUT_DIR: the login dialog of a browser
// profile waiting for the browser, and of a device profile showing its code, saved as
// OUTPUT_DIR/login-browser.png and OUTPUT_DIR/login-device.png for the README
// (scripts/screenshot-signin.sh). Not a test: the profiles' server must be running. The page
// the dialog opens goes nowhere (a URL handler takes it), and sessions are kept in memory.
#include <Tessera/logindialog.h>
#include <Tessera/memorytokenstore.h>
#include <Tessera/session.h>

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QPushButton>
#include <QTest>

#include <cstdio>

using namespace Tessera;

namespace {
// Takes the URL the dialog opens, instead of a browser.
class NoBrowser : public QObject
{
    Q_OBJECT
public Q_SLOTS:
    void open(const QUrl &) { }
};

// The dialog of \a profilePath once its sign-in waits for the user; an empty image if it never
// does.
QImage waitingDialog(const QString &profilePath)
{
    const ProfileLoadResult loaded = Profile::load(profilePath);
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.errorString()));
        return {};
    }
    MemoryTokenStore store;
    Session session(loaded.profile());
    session.setTokenStore(&store);
    LoginDialog dialog(&session);
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog))
        return {};
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->isDefault())
            button->click(); // "Sign in with browser", "Get a code"
    }
    if (!QTest::qWaitFor([&] { return !session.signInPrompt().isNone(); }, 10000)) {
        std::fprintf(stderr, "%s: no prompt (%s)\n", qPrintable(profilePath),
                     qPrintable(session.errorString()));
        return {};
    }
    QTest::qWait(300); // the busy bar's animation and the layout settle
    const QImage image = dialog.grab().toImage();
    session.cancel();
    return image;
}
// Saves the two dialogs; 0 when both were saved.
int saveShots(const QString &browserProfile, const QString &deviceProfile, const QDir &out)
{
    const std::pair<QString, QString> shots[] = {
            {browserProfile, QStringLiteral("login-browser.png")},
            {deviceProfile, QStringLiteral("login-device.png")}};
    for (const auto &[profile, file] : shots) {
        const QImage image = waitingDialog(profile);
        if (image.isNull() || !image.save(out.filePath(file))) {
            std::fprintf(stderr, "could not make %s\n", qPrintable(out.filePath(file)));
            return 1;
        }
        std::printf("%s\n", qPrintable(out.filePath(file)));
    }
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 4) {
        std::fprintf(stderr, "usage: tessera-signin-shots BROWSER_PROFILE DEVICE_PROFILE DIR\n");
        return 2;
    }
    NoBrowser noBrowser;
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &noBrowser, "open");
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &noBrowser, "open");
    const int result = saveShots(arguments.at(1), arguments.at(2), QDir(arguments.at(3)));
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    return result;
}

#include "signinshots.moc"

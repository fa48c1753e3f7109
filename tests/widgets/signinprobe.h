// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// What the login dialog's browser and device tests share: a stand-in for the browser that
// QDesktopServices would start, a profile that names only the dev server as its issuer, and
// ways to find the dialog's controls as a screen reader or a user would.
#include "devserverprocess.h"

#include <Tessera/logindialog.h>
#include <Tessera/session.h>

#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTest>

namespace Tessera::Test {

/*! \brief Takes what QDesktopServices::openUrl() is asked to open, in place of xdg-open. */
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    /*! \brief Handles http and https from now on; \a slot names the method called ("open";
     *  one that does not exist makes openUrl() fail, as where no browser can be found). */
    void install(const char *slot = "open")
    {
        QDesktopServices::setUrlHandler(QStringLiteral("http"), this, slot);
        QDesktopServices::setUrlHandler(QStringLiteral("https"), this, slot);
    }
    void uninstall()
    {
        QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

/*! \brief DevServerProcess::issuerProfile(). */
inline Profile issuerProfile(const DevServerProcess &server, const QString &kind)
{
    return server.issuerProfile(kind);
}

/*! \brief The widget of type T whose accessible name is \a accessibleName; null if none. */
template<typename T>
T *named(QWidget &dialog, const QString &accessibleName)
{
    for (T *widget : dialog.findChildren<T *>()) {
        if (widget->accessibleName() == accessibleName)
            return widget;
    }
    return nullptr;
}

inline QPushButton *buttonWithText(QWidget &dialog, const QString &text)
{
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

/*! \brief Whether a label in sight says \a text. */
inline bool shows(QWidget &dialog, const QString &text)
{
    for (QLabel *label : dialog.findChildren<QLabel *>()) {
        if (label->text() == text && label->isVisible())
            return true;
    }
    return false;
}

/*! \brief A null widget is not in sight either: a missing control fails a test, it does not
 *  crash it. */
inline bool visible(const QWidget *widget)
{
    return widget && widget->isVisible();
}

inline QLabel *errorLabel(QWidget &dialog)
{
    return named<QLabel>(dialog, QStringLiteral("Sign-in problem"));
}

inline QPushButton *cancelButton(QWidget &dialog)
{
    return dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel);
}

/*! \brief Presses Tab where the keyboard is; where it is then. */
inline QWidget *tabFrom(QWidget &dialog)
{
    QTest::keyClick(dialog.focusWidget(), Qt::Key_Tab);
    return dialog.focusWidget();
}

/*!
 * \brief The class names of the controls in sight that take the keyboard and have no name for a
 * screen reader (an accessible name, or a button's text); \a controls: how many were looked at.
 */
inline QStringList unnamedControls(QWidget &dialog, int *controls)
{
    QStringList unnamed;
    for (QWidget *widget : dialog.findChildren<QWidget *>()) {
        if (!(widget->focusPolicy() & Qt::TabFocus) || !widget->isVisible())
            continue;
        ++*controls;
        auto *button = qobject_cast<QAbstractButton *>(widget);
        const QString name = widget->accessibleName().isEmpty() && button
                                     ? button->text() // Cancel, the dialog's own
                                     : widget->accessibleName();
        if (name.isEmpty())
            unnamed.append(QString::fromLatin1(widget->metaObject()->className()));
    }
    return unnamed;
}

/*!
 * \brief Clicks the start button (\a startText) and waits for what it brings, a page to open or
 * a code; false, with a warning, if the button is not there or nothing came.
 */
inline bool startSignIn(LoginDialog &dialog, const QString &startText)
{
    QPushButton *button = buttonWithText(dialog, startText);
    if (!visible(button) || !button->isEnabled()) {
        qWarning("no button %s to press", qPrintable(startText));
        return false;
    }
    QTest::mouseClick(button, Qt::LeftButton);
    if (dialog.session()->state() != Session::State::SigningIn) {
        qWarning("%s started no sign-in", qPrintable(startText));
        return false;
    }
    if (!QTest::qWaitFor([&] { return !dialog.session()->signInPrompt().isNone(); }, 10000)) {
        qWarning("no prompt came (%s)", qPrintable(dialog.session()->errorString()));
        return false;
    }
    return true;
}

} // namespace Tessera::Test

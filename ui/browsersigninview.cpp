// SPDX-License-Identifier: BSD-3-Clause
#include "browsersigninview_p.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Tessera {

namespace {
QLabel *wrappedLabel(const QString &text = QString())
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    return label;
}
} // namespace

BrowserSignInView::BrowserSignInView(Session *session, QWidget *parent)
    : PromptedSignInView(session, parent)
{
    m_intro = wrappedLabel(tr("Tessera opens the sign-in page of %1 in your web browser. Once "
                              "you have signed in there, this window closes by itself.")
                                   .arg(session->profile().name()));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_intro);
    layout->addWidget(buildWaitingPage());
    // Wide enough for the lines to wrap as a paragraph, not as a column; the dialog's height
    // follows from this width.
    setMinimumWidth(fontMetrics().averageCharWidth() * 52);
    showStartPage();
}

BrowserSignInView::~BrowserSignInView() = default;

QWidget *BrowserSignInView::buildWaitingPage()
{
    m_waiting = new QWidget;
    m_status = wrappedLabel(tr("Waiting for you to sign in in your browser…"));
    QFont bold = m_status->font();
    bold.setBold(true);
    m_status->setFont(bold);
    m_hint = wrappedLabel(tr("If the page did not open, or you closed it, open it again or copy "
                             "the link into your browser."));
    m_noBrowser = wrappedLabel(tr("Tessera could not open a browser. Open this link in a "
                                  "browser on this computer:"));
    m_link = new QPlainTextEdit;
    m_link->setReadOnly(true);
    m_link->setTabChangesFocus(true);
    m_link->setWordWrapMode(QTextOption::WrapAnywhere);
    m_link->setAccessibleName(tr("Sign-in link"));
    m_link->setAccessibleDescription(
            tr("The address of the sign-in page, to open in a browser on this computer"));
    // Four whole lines of the link, however long it is (the scroll bar says when there is more);
    // the dialog's width decides, not the link's.
    m_link->ensurePolished(); // the style's frame and font
    m_link->setFixedHeight(m_link->fontMetrics().lineSpacing() * 4
                           + int(m_link->document()->documentMargin()) + 2 * m_link->frameWidth());
    m_link->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_noBrowser->setBuddy(m_link);

    m_openAgain = new QPushButton(tr("Open &again"));
    m_openAgain->setAccessibleName(tr("Open the sign-in page again"));
    m_openAgain->setAccessibleDescription(tr("Opens the sign-in page in your web browser again"));
    m_copy = new QPushButton(tr("Copy &link"));
    m_copy->setAccessibleName(tr("Copy the sign-in link"));
    m_copy->setAccessibleDescription(tr("Puts the link to the sign-in page on the clipboard"));
    m_copied = new QLabel;
    connect(m_openAgain, &QPushButton::clicked, this, &BrowserSignInView::openInBrowser);
    connect(m_copy, &QPushButton::clicked, this, &BrowserSignInView::copyLink);

    auto *row = new QHBoxLayout;
    row->addWidget(m_openAgain);
    row->addWidget(m_copy);
    row->addWidget(m_copied, 1);
    auto *layout = new QVBoxLayout(m_waiting);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_status);
    layout->addWidget(m_hint);
    layout->addWidget(m_noBrowser);
    layout->addWidget(m_link);
    layout->addLayout(row);
    return m_waiting;
}

QString BrowserSignInView::startText() const
{
    return tr("Sign in with &browser");
}

QString BrowserSignInView::startDescription() const
{
    return tr("Opens the sign-in page of %1 in your web browser")
            .arg(session() ? session()->profile().name() : QString());
}

void BrowserSignInView::requestSignIn()
{
    // Re-authenticating: the server can fill in who it was.
    session()->signInWithBrowser(session()->user());
}

QString BrowserSignInView::errorText(Session::Error error) const
{
    if (error == Session::Error::Timeout && !m_url.isEmpty())
        return tr("The sign-in took too long — try again");
    return PromptedSignInView::errorText(error);
}

void BrowserSignInView::onOwnPrompt(const SignInPrompt &prompt)
{
    if (prompt.kind() == SignInPrompt::Kind::OpenBrowser) {
        if (prompt.url() != m_url)
            showWaiting(prompt.url());
        return;
    }
    if (m_url.isEmpty())
        return;
    // The browser has answered; the session exchanges the code for tokens.
    m_status->setText(tr("Finishing the sign-in…"));
    m_hint->hide();
    m_openAgain->setEnabled(false);
    m_copy->setEnabled(false);
    Q_EMIT pageChanged();
}

void BrowserSignInView::showWaiting(const QUrl &url)
{
    m_url = url;
    m_link->setPlainText(url.toString(QUrl::FullyEncoded));
    m_status->setText(tr("Waiting for you to sign in in your browser…"));
    m_copied->clear();
    m_openAgain->setEnabled(true);
    m_copy->setEnabled(true);
    m_intro->hide();
    m_waiting->show();
    openInBrowser();
}

void BrowserSignInView::openInBrowser()
{
    const bool opened = QDesktopServices::openUrl(m_url);
    m_hint->setVisible(opened);
    m_noBrowser->setVisible(!opened);
    m_link->setVisible(!opened);
    (opened ? m_openAgain : m_copy)->setFocus();
    Q_EMIT pageChanged();
}

void BrowserSignInView::copyLink()
{
    QGuiApplication::clipboard()->setText(m_url.toString(QUrl::FullyEncoded));
    m_copied->setText(tr("Link copied"));
}

void BrowserSignInView::showStartPage()
{
    m_url.clear();
    m_link->clear();
    m_copied->clear();
    m_waiting->hide();
    m_intro->show();
    Q_EMIT pageChanged();
}

} // namespace Tessera

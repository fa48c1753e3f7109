// SPDX-License-Identifier: BSD-3-Clause
#include "devicecodeview_p.h"

#include "qrcodeview_p.h"

#include <Tessera/sessiontext.h>

#include <QClipboard>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Tessera {

namespace {
QLabel *wrappedLabel(const QString &text = QString())
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    return label;
}

// "W D J B - M J H T": a screen reader spells the code rather than reading it as a word.
QString spelledOut(const QString &code)
{
    QStringList characters;
    for (const QChar c : code)
        characters.append(QString(c));
    return characters.join(QLatin1Char(' '));
}
} // namespace

DeviceCodeView::DeviceCodeView(Session *session, QWidget *parent)
    : PromptedSignInView(session, parent)
{
    m_intro = wrappedLabel(tr("Sign in to %1 in any browser, on this computer or on another "
                              "device such as your phone: Tessera gives you a code to enter "
                              "there.")
                                   .arg(session->profile().name()));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_intro);
    layout->addWidget(buildCodePage());
    // Room for the QR code beside a short verification URL on one line ("Go to …/device").
    setMinimumWidth(fontMetrics().averageCharWidth() * 64);
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &DeviceCodeView::updateExpiry);
    showStartPage();
}

DeviceCodeView::~DeviceCodeView() = default;

QWidget *DeviceCodeView::buildCodePage()
{
    m_codePage = new QWidget;
    m_goTo = wrappedLabel();
    m_goTo->setTextFormat(Qt::RichText);
    // The link for the mouse; the keyboard has "Open link", one Tab stop rather than two.
    m_goTo->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::TextSelectableByMouse);
    m_goTo->setAccessibleName(tr("Sign-in page"));
    connect(m_goTo, &QLabel::linkActivated, this, [this] { open(m_prompt.url()); });

    m_code = new QLabel;
    m_code->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_code->setFocusPolicy(Qt::StrongFocus); // a Tab stop, where a screen reader reads it
    m_code->setAccessibleName(tr("Code to enter"));
    m_code->setAccessibleDescription(codeDescription());
    QFont big = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (font().pointSizeF() > 0)
        big.setPointSizeF(font().pointSizeF() * 2.2);
    else
        big.setPixelSize(qRound(font().pixelSize() * 2.2));
    big.setBold(true);
    big.setLetterSpacing(QFont::AbsoluteSpacing, 2);
    m_code->setFont(big);
    m_code->setContentsMargins(0, 4, 0, 4);

    m_copy = new QPushButton(tr("Copy c&ode"));
    m_copy->setAccessibleName(tr("Copy the code"));
    m_copy->setAccessibleDescription(tr("Puts the code on the clipboard"));
    m_open = new QPushButton(tr("O&pen link")); // Alt+O is Copy code's
    m_open->setAccessibleName(tr("Open the sign-in page"));
    m_open->setAccessibleDescription(
            tr("Opens the page where the code is entered in a web browser on this computer"));
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->hide();
    m_expiry = new QLabel;
    connect(m_copy, &QPushButton::clicked, this, &DeviceCodeView::copyCode);
    connect(m_open, &QPushButton::clicked, this, [this] {
        open(m_prompt.urlWithCode().isEmpty() ? m_prompt.url() : m_prompt.urlWithCode());
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_open);
    buttons->addStretch(1);
    auto *left = new QVBoxLayout;
    left->addWidget(m_goTo);
    left->addWidget(m_code);
    left->addLayout(buttons);
    left->addWidget(m_note);
    left->addWidget(m_expiry);
    left->addStretch(1);
    auto *columns = new QHBoxLayout(m_codePage);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->setSpacing(16);
    columns->addLayout(left, 1);
    columns->addLayout(buildQrColumn());
    return m_codePage;
}

QLayout *DeviceCodeView::buildQrColumn()
{
    m_qr = new QrCodeView;
    m_qrCaption = new QLabel;
    m_qrCaption->setWordWrap(true);
    m_qrCaption->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    QFont small = m_qrCaption->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_qrCaption->setFont(small);
    auto *column = new QVBoxLayout;
    column->setSpacing(2);
    column->addWidget(m_qr, 0, Qt::AlignHCenter);
    column->addWidget(m_qrCaption);
    column->addStretch(1);
    return column;
}

QString DeviceCodeView::startText() const
{
    return tr("&Get a code");
}

QString DeviceCodeView::startDescription() const
{
    return tr("Asks %1 for a code to enter in a browser, on this computer or another device")
            .arg(session() ? session()->profile().name() : QString());
}

// The code spelled out, or before there is one what will be there.
QString DeviceCodeView::codeDescription() const
{
    return m_prompt.userCode().isEmpty() ? tr("The code to enter on the sign-in page")
                                         : spelledOut(m_prompt.userCode());
}

void DeviceCodeView::requestSignIn()
{
    session()->signInWithDeviceCode();
}

QString DeviceCodeView::errorText(Session::Error error) const
{
    if (error == Session::Error::Timeout && !m_prompt.isNone())
        return tr("The code expired before the sign-in was approved — get a new one");
    return PromptedSignInView::errorText(error);
}

void DeviceCodeView::onOwnPrompt(const SignInPrompt &prompt)
{
    if (prompt.kind() == SignInPrompt::Kind::EnterCode) {
        showCode(prompt);
    } else if (!m_prompt.isNone()) {
        // Approved: the session is storing the new session. The code stays in sight (an error
        // may still mention it) but is of no more use.
        m_ticker.stop();
        m_expiry->setText(tr("Approved — finishing the sign-in…"));
    }
}

void DeviceCodeView::showCode(const SignInPrompt &prompt)
{
    m_prompt = prompt;
    const QString url = prompt.url().toString(QUrl::FullyEncoded);
    m_goTo->setText(tr("Go to %1 and enter this code:")
                            .arg(QStringLiteral("<a href=\"%1\">%2</a>")
                                         .arg(url.toHtmlEscaped(),
                                              prompt.url().toDisplayString().toHtmlEscaped())));
    m_goTo->setAccessibleDescription(
            tr("Go to %1 and enter this code:").arg(prompt.url().toDisplayString()));
    // "Go to <URL>" on one line when the URL is not too long: cut in two, it reads as two.
    const QFontMetrics metrics = m_goTo->fontMetrics();
    m_goTo->setMinimumWidth(
            std::min(metrics.horizontalAdvance(tr("Go to %1").arg(prompt.url().toDisplayString()))
                             + metrics.averageCharWidth(),
                     metrics.averageCharWidth() * 60));
    m_code->setText(prompt.userCode());
    m_code->setAccessibleDescription(codeDescription());
    const bool codeInLink = !prompt.urlWithCode().isEmpty();
    m_qr->setText((codeInLink ? prompt.urlWithCode() : prompt.url()).toString(QUrl::FullyEncoded));
    m_qr->setFixedSize(m_qr->sizeHint());
    m_qr->setVisible(!m_qr->isEmpty());
    m_qrCaption->setText(codeInLink ? tr("Or scan this with your phone: the code is filled in "
                                         "for you.")
                                    : tr("Or scan this with your phone to open the page."));
    m_qrCaption->setMaximumWidth(m_qr->width());
    m_qrCaption->setVisible(!m_qr->isEmpty());
    setNote(QString());
    m_intro->hide();
    m_codePage->show();
    updateExpiry();
    m_ticker.start();
    m_copy->setFocus(); // what most do next; the code itself is a Tab stop too
    Q_EMIT pageChanged();
}

void DeviceCodeView::showStartPage()
{
    m_prompt = SignInPrompt();
    m_ticker.stop();
    m_code->clear();
    m_code->setAccessibleDescription(codeDescription());
    m_qr->setText(QString());
    m_codePage->hide();
    m_intro->show();
    Q_EMIT pageChanged();
}

void DeviceCodeView::updateExpiry()
{
    const qint64 left = QDateTime::currentDateTimeUtc().secsTo(m_prompt.expiresAt());
    if (left > 0) {
        m_expiry->setText(tr("The code expires in %1.").arg(SessionText::countdown(left)));
    } else {
        m_expiry->setText(tr("The code has expired."));
        m_ticker.stop();
    }
}

void DeviceCodeView::open(const QUrl &url)
{
    setNote(QDesktopServices::openUrl(url)
                    ? QString()
                    : tr("No browser could be opened here: use your phone or another computer."));
}

void DeviceCodeView::setNote(const QString &text)
{
    if (text == m_note->text())
        return;
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
    Q_EMIT pageChanged();
}

void DeviceCodeView::copyCode()
{
    QGuiApplication::clipboard()->setText(m_prompt.userCode());
    setNote(tr("Code copied"));
}

} // namespace Tessera

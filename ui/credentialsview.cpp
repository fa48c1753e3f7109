// SPDX-License-Identifier: BSD-3-Clause
#include "credentialsview_p.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSettings>

namespace Tessera {

CredentialsView::CredentialsView(Session *session, QWidget *parent)
    : SignInView(session, parent)
    , m_profile(session->profile())
    , m_kind(m_profile.loginKind())
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    if (!usesApiKey()) {
        m_user = new QLineEdit;
        m_user->setAccessibleName(tr("User name"));
        m_user->setAccessibleDescription(
                tr("The name of your account at %1").arg(m_profile.name()));
        form->addRow(tr("&User name:"), m_user);
    } else if (m_profile.responsePaths().user.isEmpty()) {
        // The server does not say whose key it is: the account name only labels the session.
        m_user = new QLineEdit;
        m_user->setAccessibleName(tr("Account name (optional)"));
        m_user->setPlaceholderText(tr("optional"));
        m_user->setToolTip(tr("Names this account in Tessera and in the keychain; the server "
                              "does not see it"));
        m_user->setAccessibleDescription(m_user->toolTip());
        form->addRow(tr("A&ccount name:"), m_user);
    }
    m_secret = new QLineEdit;
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setAccessibleName(usesApiKey() ? tr("API key") : tr("Password"));
    m_secret->setAccessibleDescription(
            usesApiKey() ? tr("The API key %1 gave you").arg(m_profile.name())
                         : tr("The password of your account at %1").arg(m_profile.name()));
    form->addRow(usesApiKey() ? tr("&API key:") : tr("&Password:"), m_secret);
    if (usesApiKey()) {
        m_remember = new QCheckBox(tr("&Remember the API key in the keychain"));
        m_remember->setAccessibleName(tr("Remember the API key in the keychain"));
        m_remember->setToolTip(tr("When the session runs out, Tessera signs in again with the "
                                  "key instead of asking you"));
        m_remember->setAccessibleDescription(m_remember->toolTip());
        form->addRow(QString(), m_remember);
    }
    connect(m_secret, &QLineEdit::textChanged, this, &SignInView::canStartChanged);
    if (m_user)
        connect(m_user, &QLineEdit::textChanged, this, &SignInView::canStartChanged);
    fillInKnownUser();
}

CredentialsView::~CredentialsView()
{
    clear();
}

QString CredentialsView::settingsKey() const
{
    return QStringLiteral("users/") + m_profile.id();
}

void CredentialsView::fillInKnownUser()
{
    if (!m_user)
        return;
    const QString known = session()->user().isEmpty() ? QSettings().value(settingsKey()).toString()
                                                      : session()->user();
    m_user->setText(known);
}

QString CredentialsView::startText() const
{
    return tr("&Sign in");
}

QString CredentialsView::startDescription() const
{
    return usesApiKey()
                   ? tr("Signs in to %1 with the API key").arg(m_profile.name())
                   : tr("Signs in to %1 with the user name and password").arg(m_profile.name());
}

bool CredentialsView::canStart() const
{
    return !m_secret->text().isEmpty()
           && (usesApiKey() || (m_user && !m_user->text().trimmed().isEmpty()));
}

void CredentialsView::start()
{
    const Secret value(m_secret->text().toUtf8());
    const QString name = m_user ? m_user->text().trimmed() : QString();
    if (usesApiKey())
        session()->signInWithApiKey(name, value, m_remember->isChecked());
    else
        session()->signIn(name, value);
}

void CredentialsView::setSigningIn(bool signingIn)
{
    if (m_user)
        m_user->setEnabled(!signingIn);
    m_secret->setEnabled(!signingIn);
    if (m_remember)
        m_remember->setEnabled(!signingIn);
}

QWidget *CredentialsView::failed(Session::Error error)
{
    // The fields were locked while signing in, so the focus moved on (to Cancel): back to the
    // password after wrong credentials, else to Sign in, so that Enter tries again.
    if (error != Session::Error::InvalidCredentials)
        return nullptr;
    m_secret->clear();
    return m_secret;
}

QWidget *CredentialsView::initialFocus() const
{
    const bool userFirst = m_user && m_user->text().isEmpty() && !usesApiKey();
    return userFirst ? m_user : m_secret;
}

void CredentialsView::signedIn()
{
    if (m_user && session() && !session()->user().isEmpty())
        QSettings().setValue(settingsKey(), session()->user());
}

void CredentialsView::clear()
{
    m_secret->clear();
}

} // namespace Tessera

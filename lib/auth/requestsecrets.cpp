// SPDX-License-Identifier: BSD-3-Clause
#include "requestsecrets_p.h"

#include "ascii_p.h"
#include "privatefile_p.h"

#include <Tessera/keychaintokenstore.h>

#include <QTimer>

#include <utility>

namespace Tessera {

namespace {

constexpr qsizetype kMaxValueBytes = 8 * 1024;

// The value without one final "\n" or "\r\n".
QByteArray withoutLineEnd(QByteArray value)
{
    if (value.endsWith('\n'))
        value.chop(1);
    if (value.endsWith('\r'))
        value.chop(1);
    return value;
}

// Empty if \a value can be a header's value; else what is wrong, never the value.
QString problemWith(const QByteArray &value)
{
    if (value.isEmpty())
        return RequestSecrets::tr("is empty");
    if (value.size() > kMaxValueBytes)
        return RequestSecrets::tr("is longer than %n bytes", nullptr, int(kMaxValueBytes));
    if (Ascii::firstControlCharacter(QString::fromUtf8(value)))
        return RequestSecrets::tr("holds a control character (a line break in the middle?)");
    return QString();
}

} // namespace

RequestSecrets::RequestSecrets(const Profile &profile, TokenStore *keychain, QObject *parent)
    : QObject(parent)
    , m_wanted(profile.dialect() == Profile::Dialect::Json
                       ? profile.jsonRequests().secretHeaders
                       : QList<Profile::JsonRequests::SecretHeader>())
    , m_keychain(keychain)
{ }

RequestSecrets::~RequestSecrets() = default;

bool RequestSecrets::isEmpty() const
{
    return m_wanted.isEmpty();
}

void RequestSecrets::fetch(QObject *context, Handler handler)
{
    m_waiting.append({QPointer<QObject>(context), std::move(handler)});
    if (m_values) {
        QTimer::singleShot(0, this, [this] { settle(QString()); });
        return;
    }
    if (m_waiting.size() > 1)
        return; // a read runs: it answers this one too
    m_reading.clear();
    QTimer::singleShot(0, this, [this] { readNext(); });
}

void RequestSecrets::readNext()
{
    if (m_reading.size() == m_wanted.size()) {
        m_values = m_reading;
        return settle(QString());
    }
    const Profile::JsonRequests::SecretHeader &header = m_wanted.at(m_reading.size());
    const QString name = QString::fromLatin1(header.name);
    if (!header.file.isEmpty()) {
        const PrivateFile::Contents contents =
                PrivateFile::read(header.file, kMaxValueBytes + 2, PrivateFile::currentUser());
        if (!contents.bytes)
            return settle(tr("The %1 header's file %2").arg(name, contents.problem));
        const QByteArray value = withoutLineEnd(contents.bytes->reveal());
        if (const QString problem = problemWith(value); !problem.isEmpty())
            return settle(tr("The %1 header's file %2 %3").arg(name, header.file, problem));
        m_reading.append({header.name, Secret(value)});
        return readNext();
    }
    if (!m_keychain) {
        m_ownKeychain =
                std::make_unique<KeychainTokenStore>(Profile::JsonRequests::keychainService());
        m_keychain = m_ownKeychain.get();
    }
    const QString entry = header.keychainEntry;
    m_keychain->read(
            entry, this, [this, name, entry](const TokenStore::Result &result, const Secret &data) {
                if (result.status == TokenStore::Status::NotFound)
                    return settle(tr("The %1 header's keychain entry “%2” does not "
                                     "exist; store it with: tessera set-secret %2")
                                          .arg(name, entry));
                if (!result.isOk())
                    return settle(tr("The %1 header's keychain entry “%2” could not be "
                                     "read: %3")
                                          .arg(name, entry, result.errorString));
                const QByteArray value = withoutLineEnd(data.reveal());
                if (const QString problem = problemWith(value); !problem.isEmpty())
                    return settle(
                            tr("The %1 header's keychain entry “%2” %3").arg(name, entry, problem));
                m_reading.append({name.toLatin1(), Secret(value)});
                readNext();
            });
}

void RequestSecrets::settle(const QString &problem)
{
    const QList<Header> values = problem.isEmpty() ? *m_values : QList<Header>();
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &[context, handler] : waiting) {
        if (context)
            handler(values, problem);
    }
}

} // namespace Tessera

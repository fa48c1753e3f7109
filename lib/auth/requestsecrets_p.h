// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/profile.h>
#include <Tessera/secret.h>

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace Tessera {

class TokenStore;

/*!
 * \brief The values of a json profile's secret headers (an app key: Profile::JsonRequests::
 * SecretHeader), read when the first request needs them and kept in memory from then on.
 *
 * - A file is read by PrivateFile's rule (a regular file of the user's that nobody else may
 *   read or write), at most 8 KiB; one final "\n" or "\r\n" is dropped.
 * - A keychain entry is read from the keychain service Profile::JsonRequests::keychainService()
 *   (with KeychainTokenStore's timeout), where `tessera set-secret NAME` puts it.
 * - A value must not be empty and may hold no control character (it becomes a header line).
 *
 * fetch() calls back once, from the event loop, with the values or with what is wrong: a
 * sentence that names the header and the file or entry, never a byte of the value. A failure
 * is not kept: the next fetch() reads again (a keychain unlocked meanwhile, a file fixed).
 * Reads that overlap share one: a second fetch() while one runs waits for it.
 */
class TESSERACORE_AUTOTEST_EXPORT RequestSecrets : public QObject
{
    Q_OBJECT
public:
    /*! \brief A header and its value. */
    using Header = std::pair<QByteArray, Secret>;
    using Handler = std::function<void(const QList<Header> &headers, const QString &problem)>;

    /*! \brief Reads \a profile's secret headers; keychain entries through \a keychain (not
     *  owned; nullptr: a KeychainTokenStore of that service, made when needed). */
    explicit RequestSecrets(const Profile &profile, TokenStore *keychain = nullptr,
                            QObject *parent = nullptr);
    ~RequestSecrets() override;

    /*! \brief True if the profile names no secret header: fetch() is not needed. */
    bool isEmpty() const;
    /*! \brief Calls \a handler, in \a context, once the values are known or could not be. */
    void fetch(QObject *context, Handler handler);

private:
    void readNext();
    void settle(const QString &problem);

    QList<Profile::JsonRequests::SecretHeader> m_wanted;
    TokenStore *m_keychain;
    std::unique_ptr<TokenStore> m_ownKeychain;
    std::optional<QList<Header>> m_values; // once everything was read
    QList<Header> m_reading; // the values read so far by the read in progress
    QList<std::pair<QPointer<QObject>, Handler>> m_waiting;
};

} // namespace Tessera

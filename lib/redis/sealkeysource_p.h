// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"
#include "privatefile_p.h"

#include <Tessera/secret.h>

#include <QString>

#include <optional>

/*!
 * \brief Where a Redis store's secrets come from: the sealing key (SealedBox) and the
 * credentials Redis asks for, each in a file of its own that a profile names:
 *
 *     "store": {"kind": "redis", "url": "redis://127.0.0.1:6379/0",
 *               "key_file": "~/.config/tessera/fleet.key",
 *               "credentials_file": "~/.config/tessera/fleet-redis.json"}
 *
 * Both files follow PrivateFile's rule: a regular file (a symbolic link is followed and its
 * target checked), owned by the user, no access for group or others (0600 or 0400). Expanding
 * `~` is the profile reader's job; the paths here are used as given.
 *
 * **Key file.** 32 bytes, written in one of two ways, and nothing else but one optional line end
 * (`\n` or `\r\n`) at the end:
 * - 44 characters of standard base64 with its one `=` of padding (RFC 4648 section 4), what
 *   generateKeyFile() writes and what `openssl rand -base64 32 > fleet.key` gives;
 * - 64 hexadecimal digits, either case, what `openssl rand -hex 32` gives.
 * A raw binary file is not accepted (it cannot be pasted into a password manager or a
 * provisioning tool unharmed). A key of 32 zero bytes is refused as a mistake.
 *
 * **Credentials file.** One JSON object, at most 64 KiB:
 *
 *     {"user": "tessera", "password": "..."}
 *
 * `password` is required and must be a non-empty string. `user` is optional: without it (or
 * with an empty one) the connection authenticates as Redis's `default` user, i.e. with the
 * password alone (`AUTH <password>`, `requirepass`). Any other key is refused, so a misspelt
 * `pasword` does not pass as a missing one. JSON rather than two lines, so that a password
 * may hold any character, a line end or surrounding spaces included.
 *
 * Every problem names the file and what is wrong with it; none holds a byte of its content.
 */
namespace Tessera::SealKeySource {

/*! \brief A sealing key, or what is wrong with its file. */
struct LoadedKey
{
    std::optional<Secret> key; //!< SealedBox::KeySize bytes
    QString problem; //!< starts with "key file <path>"; never content
};

/*! \brief What Redis's `AUTH` takes. */
struct RedisCredentials
{
    QString user; //!< empty: Redis's `default` user (`AUTH <password>`)
    Secret password; //!< never empty
};

/*! \brief Redis credentials, or what is wrong with their file. */
struct LoadedCredentials
{
    std::optional<RedisCredentials> credentials;
    QString problem; //!< starts with "Redis credentials file <path>"; never content
};

/*!
 * \brief The key in \a path (see above). \a owner is the user who must own the file: this
 * process's user, unless a test says otherwise.
 */
TESSERACORE_AUTOTEST_EXPORT LoadedKey loadKeyFile(const QString &path,
                                                  uint owner = PrivateFile::currentUser());

/*!
 * \brief Creates \a path holding a new random key (SealedBox::newKey()) as 44 base64 characters
 * and a newline, mode 0600, with PrivateFile::create(): all at once, never over an existing
 * file. Returns an empty string on success, else the problem.
 */
TESSERACORE_AUTOTEST_EXPORT QString generateKeyFile(const QString &path);

/*! \brief The credentials in \a path (see above); \a owner as for loadKeyFile(). */
TESSERACORE_AUTOTEST_EXPORT LoadedCredentials
loadCredentialsFile(const QString &path, uint owner = PrivateFile::currentUser());

} // namespace Tessera::SealKeySource

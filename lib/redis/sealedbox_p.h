// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <Tessera/secret.h>

#include <QByteArray>

#include <memory>
#include <optional>

namespace Tessera {

/*!
 * \brief Encryption at rest for a record kept outside this computer (a session in Redis), so
 * that whoever reads the store (`MONITOR`, `DEBUG`, an RDB or AOF file, a replica, a backup)
 * sees no token.
 *
 * The cipher is XChaCha20-Poly1305 (libsodium's `crypto_aead_xchacha20poly1305_ietf_*`) rather
 * than `crypto_secretbox`: both encrypt and authenticate with a 32-byte key and a 24-byte random
 * nonce, but only the AEAD also authenticates data that is not encrypted. The caller passes the
 * record's name in the store (the Redis key, which holds the profile and the account) as
 * \a associated data, so a record copied or renamed to another account's key does not open
 * there: an attacker who can write to Redis cannot make one account use another's tokens.
 * What it cannot stop: such an attacker may still delete a record, or put back an older record
 * under its own name (a rollback to tokens that were valid once).
 * The 24-byte nonce is drawn at random for every seal; at that size random nonces do not collide
 * in any realistic number of records (XSalsa20/XChaCha20's reason to exist), and no counter has
 * to be kept or shared between the machines that write with one key.
 *
 * A sealed record, format version 1, byte by byte (n = the plaintext's length):
 *
 * | offset   | size | content                                                          |
 * |----------|------|------------------------------------------------------------------|
 * | 0        | 1    | `0x01`, the format version                                       |
 * | 1        | 24   | the nonce, from `randombytes_buf()`, new for every seal          |
 * | 25       | n    | the ciphertext: the plaintext XORed with the XChaCha20 key stream |
 * | 25 + n   | 16   | the Poly1305 tag over the additional data and the ciphertext     |
 *
 * The additional data given to the AEAD is byte 0 (the version) followed by \a associated, so
 * neither can be changed without the tag failing. A record is Overhead (41) bytes longer than
 * its plaintext. A later format (another key, another cipher) gets another first byte; this
 * version opens only its own.
 *
 * The key is copied into memory from `sodium_malloc()` (locked against swapping where the
 * system allows it, guard pages around it, read-only once written) that `sodium_free()` wipes
 * when the last copy of the box is destroyed. Copies of a box share that memory. seal() and
 * open() are const and may be called from several threads at once.
 *
 * Nothing here logs, and nothing tells why a record did not open: a wrong key, another
 * record's name, a flipped bit, a cut record and an unknown version all give std::nullopt, which
 * a caller reports as "could not be decrypted".
 */
class TESSERACORE_AUTOTEST_EXPORT SealedBox
{
public:
    static constexpr qsizetype KeySize = 32; //!< crypto_aead_xchacha20poly1305_ietf_KEYBYTES
    static constexpr char FormatVersion = 1; //!< byte 0 of every record this version writes
    static constexpr qsizetype NonceSize = 24; //!< crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
    static constexpr qsizetype TagSize = 16; //!< crypto_aead_xchacha20poly1305_ietf_ABYTES
    static constexpr qsizetype Overhead = 1 + NonceSize + TagSize; //!< record size - plaintext
    /*! \brief The largest plaintext sealed, and so the largest record opened (+ Overhead):
     *  16 MiB, far above a session (a few KiB) and far below Redis's 512 MB per value. */
    static constexpr qsizetype MaxPlainSize = 16 * 1024 * 1024;

    /*!
     * \brief A box that seals and opens with \a key, which must hold exactly KeySize bytes, not
     * all zero (what a zeroed buffer or `/dev/zero` gives). std::nullopt otherwise, or if
     * libsodium cannot be initialised or cannot allocate the key's memory.
     *
     * The box keeps its own copy; the caller should let \a key go as soon as it can.
     */
    static std::optional<SealedBox> fromKey(const Secret &key);

    /*! \brief A new random key of KeySize bytes (`randombytes_buf()`); empty only if libsodium
     *  cannot be initialised. */
    static Secret newKey();

    /*!
     * \brief \a plain, sealed as described above and bound to \a associated (the record's name).
     * Two seals of one plaintext differ (a new nonce each time). Empty only if \a plain is
     * longer than MaxPlainSize.
     */
    Secret seal(const Secret &plain, const QByteArray &associated) const;

    /*!
     * \brief The plaintext of \a sealed, or std::nullopt if it was not sealed with this key for
     * this \a associated data, or was changed in any way, or is shorter than Overhead, longer
     * than Overhead + MaxPlainSize, or of another format version.
     */
    std::optional<Secret> open(const Secret &sealed, const QByteArray &associated) const;

private:
    class LockedKey;
    explicit SealedBox(std::shared_ptr<const LockedKey> key);

    std::shared_ptr<const LockedKey> m_key;
};

} // namespace Tessera

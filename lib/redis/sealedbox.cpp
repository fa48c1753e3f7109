// SPDX-License-Identifier: BSD-3-Clause
#include "sealedbox_p.h"

#include "sodiumlibrary_p.h"

#include <sodium.h>

#include <algorithm>

namespace Tessera {

static_assert(SealedBox::KeySize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(SealedBox::NonceSize == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(SealedBox::TagSize == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(SealedBox::KeySize == crypto_secretbox_KEYBYTES);

namespace {

constexpr qsizetype kHeaderSize = 1 + SealedBox::NonceSize; // version byte and nonce

const unsigned char *bytes(const QByteArray &array)
{
    return reinterpret_cast<const unsigned char *>(array.constData());
}

// What the tag covers besides the ciphertext: the version byte, then the record's name.
QByteArray additionalData(const QByteArray &associated)
{
    QByteArray data;
    data.reserve(1 + associated.size());
    data.append(SealedBox::FormatVersion);
    data.append(associated);
    return data;
}

} // namespace

// The key in memory of its own: sodium_malloc() puts guard pages around it and locks it against
// swapping where it can; it is made read-only once written, and sodium_free() wipes it.
class SealedBox::LockedKey
{
public:
    LockedKey(const LockedKey &) = delete;
    LockedKey &operator=(const LockedKey &) = delete;
    ~LockedKey() { sodium_free(m_bytes); }

    static std::shared_ptr<const LockedKey> copyOf(const QByteArray &key)
    {
        void *memory = sodium_malloc(KeySize);
        if (memory == nullptr)
            return nullptr;
        auto *target = static_cast<unsigned char *>(memory);
        std::copy(key.constBegin(), key.constEnd(), target);
        sodium_mprotect_readonly(memory);
        return std::shared_ptr<const LockedKey>(new LockedKey(target));
    }

    const unsigned char *bytes() const { return m_bytes; }

private:
    explicit LockedKey(unsigned char *bytes)
        : m_bytes(bytes)
    { }

    unsigned char *m_bytes;
};

SealedBox::SealedBox(std::shared_ptr<const LockedKey> key)
    : m_key(std::move(key))
{ }

std::optional<SealedBox> SealedBox::fromKey(const Secret &key)
{
    const QByteArray &value = key.reveal();
    if (value.size() != KeySize || !SodiumLibrary::initialize()
        || sodium_is_zero(bytes(value), size_t(KeySize)))
        return std::nullopt;
    std::shared_ptr<const LockedKey> locked = LockedKey::copyOf(value);
    if (!locked)
        return std::nullopt;
    return SealedBox(std::move(locked));
}

Secret SealedBox::newKey()
{
    if (!SodiumLibrary::initialize())
        return Secret();
    QByteArray key(KeySize, Qt::Uninitialized);
    randombytes_buf(key.data(), size_t(KeySize));
    return Secret(key);
}

Secret SealedBox::seal(const Secret &plain, const QByteArray &associated) const
{
    const QByteArray &text = plain.reveal();
    if (text.size() > MaxPlainSize)
        return Secret();
    QByteArray sealed(Overhead + text.size(), Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(sealed.data());
    out[0] = static_cast<unsigned char>(FormatVersion);
    randombytes_buf(out + 1, size_t(NonceSize));
    const QByteArray data = additionalData(associated);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
            out + kHeaderSize, &written, bytes(text), size_t(text.size()), bytes(data),
            size_t(data.size()), nullptr, out + 1, m_key->bytes());
    Q_ASSERT(qsizetype(written) == text.size() + TagSize);
    return Secret(sealed);
}

std::optional<Secret> SealedBox::open(const Secret &sealed, const QByteArray &associated) const
{
    const QByteArray &record = sealed.reveal();
    if (record.size() < Overhead || record.size() > Overhead + MaxPlainSize
        || record.at(0) != FormatVersion)
        return std::nullopt;
    QByteArray plain(record.size() - Overhead, Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(plain.data());
    const QByteArray data = additionalData(associated);
    unsigned long long length = 0;
    const int result = crypto_aead_xchacha20poly1305_ietf_decrypt(
            out, &length, nullptr, bytes(record) + kHeaderSize, size_t(record.size() - kHeaderSize),
            bytes(data), size_t(data.size()), bytes(record) + 1, m_key->bytes());
    if (result != 0) {
        sodium_memzero(out, size_t(plain.size()));
        return std::nullopt;
    }
    Q_ASSERT(qsizetype(length) == plain.size());
    return Secret(plain);
}

} // namespace Tessera

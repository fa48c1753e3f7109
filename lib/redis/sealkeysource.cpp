// SPDX-License-Identifier: BSD-3-Clause
#include "sealkeysource_p.h"

#include "sealedbox_p.h"
#include "sodiumlibrary_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <sodium.h>

namespace Tessera::SealKeySource {

namespace {

constexpr qsizetype kBase64Length = 44; // 32 bytes, standard alphabet, one '='
constexpr qsizetype kHexLength = 64;
constexpr qsizetype kMaxKeyFileBytes = 128; // room for the longest form and a line end
constexpr qsizetype kMaxCredentialsFileBytes = 64 * 1024;
static_assert(sodium_base64_ENCODED_LEN(SealedBox::KeySize, sodium_base64_VARIANT_ORIGINAL)
              == kBase64Length + 1); // with its terminating NUL

enum class KeyForm { Base64, Hex };

// The length of \a text without one final "\n" or "\r\n".
qsizetype withoutLineEnd(const QByteArray &text)
{
    qsizetype length = text.size();
    if (length > 0 && text.at(length - 1) == '\n') {
        --length;
        if (length > 0 && text.at(length - 1) == '\r')
            --length;
    }
    return length;
}

// Decodes \a length characters of \a text in \a form into exactly KeySize bytes, or nothing.
std::optional<Secret> decode(const QByteArray &text, qsizetype length, KeyForm form)
{
    QByteArray key(SealedBox::KeySize, '\0');
    auto *out = reinterpret_cast<unsigned char *>(key.data());
    size_t decoded = 0;
    // A null end pointer makes both decoders refuse any character outside their alphabet.
    const int result =
            form == KeyForm::Base64
                    ? sodium_base642bin(out, size_t(key.size()), text.constData(), size_t(length),
                                        nullptr, &decoded, nullptr, sodium_base64_VARIANT_ORIGINAL)
                    : sodium_hex2bin(out, size_t(key.size()), text.constData(), size_t(length),
                                     nullptr, &decoded, nullptr);
    if (result != 0 || decoded != size_t(SealedBox::KeySize)) {
        sodium_memzero(out, size_t(key.size()));
        return std::nullopt;
    }
    return Secret(key);
}

LoadedKey parseKey(const Secret &contents, const QString &path)
{
    const QByteArray &text = contents.reveal();
    const qsizetype length = withoutLineEnd(text);
    if (length != kBase64Length && length != kHexLength)
        return {std::nullopt,
                QStringLiteral("key file %1 holds %2 bytes; a 32-byte key is written as "
                               "44 base64 characters or 64 hex digits, with at most a line end "
                               "after them (openssl rand -base64 32)")
                        .arg(path, QString::number(text.size()))};
    const KeyForm form = length == kBase64Length ? KeyForm::Base64 : KeyForm::Hex;
    std::optional<Secret> key = decode(text, length, form);
    if (!key)
        return {std::nullopt,
                form == KeyForm::Base64
                        ? QStringLiteral("key file %1 is not a base64-encoded 32-byte key")
                                  .arg(path)
                        : QStringLiteral("key file %1 is not a 32-byte key in hex digits")
                                  .arg(path)};
    if (sodium_is_zero(reinterpret_cast<const unsigned char *>(key->reveal().constData()),
                       size_t(key->size())))
        return {std::nullopt,
                QStringLiteral("key file %1 holds a key of zero bytes only").arg(path)};
    return {std::move(key), QString()};
}

// A key name that may be quoted in a problem: short and plainly a name, not a stray value.
QString quotableKey(const QString &key)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]{0,31}$"));
    return name.match(key).hasMatch() ? QStringLiteral("\"%1\"").arg(key)
                                      : QStringLiteral("(not shown)");
}

// The problem with \a object's keys and types, named after \a path; empty if none.
QString credentialsProblem(const QJsonObject &object, const QString &path)
{
    const QString file = QStringLiteral("Redis credentials file %1").arg(path);
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() != QLatin1String("user") && it.key() != QLatin1String("password"))
            return QStringLiteral("%1 has an unknown key %2; it may hold only \"user\" and "
                                  "\"password\"")
                    .arg(file, quotableKey(it.key()));
    }
    const QJsonValue user = object.value(QLatin1String("user"));
    if (!user.isUndefined() && !user.isString())
        return QStringLiteral("%1: \"user\" must be a string").arg(file);
    const QJsonValue password = object.value(QLatin1String("password"));
    if (password.isUndefined())
        return QStringLiteral("%1 has no \"password\"").arg(file);
    if (!password.isString())
        return QStringLiteral("%1: \"password\" must be a string").arg(file);
    if (password.toString().isEmpty())
        return QStringLiteral("%1: \"password\" is empty").arg(file);
    return QString();
}

LoadedCredentials parseCredentials(const Secret &contents, const QString &path)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(contents.reveal(), &error);
    if (error.error != QJsonParseError::NoError)
        return {std::nullopt,
                QStringLiteral("Redis credentials file %1 is not valid JSON (at byte %2: %3)")
                        .arg(path, QString::number(error.offset), error.errorString())};
    if (!document.isObject())
        return {std::nullopt, QStringLiteral("Redis credentials file %1 must hold one JSON object, "
                                             "{\"user\": ..., \"password\": ...}")
                                      .arg(path)};
    const QJsonObject object = document.object();
    const QString problem = credentialsProblem(object, path);
    if (!problem.isEmpty())
        return {std::nullopt, problem};
    RedisCredentials credentials {
            object.value(QLatin1String("user")).toString(),
            Secret(object.value(QLatin1String("password")).toString().toUtf8())};
    return {std::move(credentials), QString()};
}

} // namespace

LoadedKey loadKeyFile(const QString &path, uint owner)
{
    const PrivateFile::Contents contents = PrivateFile::read(path, kMaxKeyFileBytes, owner);
    if (!contents.bytes)
        return {std::nullopt, QStringLiteral("key file %1").arg(contents.problem)};
    if (!SodiumLibrary::initialize())
        return {std::nullopt,
                QStringLiteral("key file %1: libsodium cannot be initialised").arg(path)};
    return parseKey(*contents.bytes, path);
}

QString generateKeyFile(const QString &path)
{
    const Secret key = SealedBox::newKey();
    if (key.isEmpty())
        return QStringLiteral("%1 cannot be created: libsodium cannot be initialised").arg(path);
    // Encoded straight into the buffer the Secret will own, so no copy of the key is left over.
    QByteArray text(kBase64Length + 1, '\0');
    sodium_bin2base64(text.data(), size_t(text.size()),
                      reinterpret_cast<const unsigned char *>(key.reveal().constData()),
                      size_t(key.size()), sodium_base64_VARIANT_ORIGINAL);
    text[kBase64Length] = '\n';
    return PrivateFile::create(path, Secret(text));
}

LoadedCredentials loadCredentialsFile(const QString &path, uint owner)
{
    const PrivateFile::Contents contents = PrivateFile::read(path, kMaxCredentialsFileBytes, owner);
    if (!contents.bytes)
        return {std::nullopt, QStringLiteral("Redis credentials file %1").arg(contents.problem)};
    return parseCredentials(*contents.bytes, path);
}

} // namespace Tessera::SealKeySource

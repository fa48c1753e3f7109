// SPDX-License-Identifier: BSD-3-Clause
// Profile::fromJson() (ProfileParser): a profile file's bytes, as Profile::load() hands them
// over after reading the file. Input: the whole file.
#include "fuzz_common.h"

#include <Tessera/profile.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Tessera;

namespace {

const QString sourceName = QStringLiteral("fuzz-profile.json");

bool isServerUrl(const QUrl &url)
{
    return url.isValid()
           && (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
}

// The string values in \a value, at any depth; the keys, which an "unknown key" error names,
// into \a keys.
void collectStrings(const QJsonValue &value, QStringList *out, QStringList *keys = nullptr)
{
    if (value.isString()) {
        out->append(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStrings(item, out, keys);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (keys)
                keys->append(it.key());
            collectStrings(it.value(), out, keys);
        }
    }
}

// profileparser_p.h: values are quoted back only where they are short words of the profile (a
// dialect, a login kind, an id; cut at 40 characters), never URLs, which could carry a user
// name and password. So the value of a key that holds a URL or path never shows up in an error,
// unless it also is part of something that may: a key (named in full) or a short word. Values
// shorter than 12 characters, or with a space (as the parts of a message have), are not looked
// for: they turn up in the fixed texts by chance.
void checkNoUrlInError(const QByteArray &json, const QString &error)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return;
    const QJsonObject root = document.object();
    QStringList values;
    QStringList keys;
    collectStrings(root, &values, &keys);
    QStringList urls;
    for (const char *key : {"base_url", "token_endpoint", "revocation_endpoint", "api_origins"})
        collectStrings(root.value(QLatin1String(key)), &urls);
    for (const char *section : {"login", "refresh", "logout"})
        collectStrings(root.value(QLatin1String(section)).toObject().value(QLatin1String("path")),
                       &urls);

    QStringList words = values;
    for (const QString &url : qAsConst(urls))
        words.removeOne(url);
    for (QString &word : words)
        word.truncate(40); // as JsonFieldReader::quoted() shows it
    // The one URL of the fixed texts: the example in "expected an origin like ...".
    QString shown = error;
    shown.remove(QLatin1String("\"https://api.example.com\""));
    for (const QString &value : qAsConst(urls)) {
        const QString url = value.trimmed();
        if (url.size() < 12 || url.contains(QLatin1Char(' ')) || !shown.contains(url))
            continue;
        const auto holds = [&](const QString &text) {
            return text.contains(url);
        };
        FUZZ_CHECK(std::any_of(keys.cbegin(), keys.cend(), holds)
                   || std::any_of(words.cbegin(), words.cend(), holds));
    }
}

} // namespace

TESSERA_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const ProfileLoadResult result = Profile::fromJson(json, sourceName);
    if (!result) {
        FUZZ_CHECK(result.errorString().startsWith(sourceName + QLatin1String(": ")));
        checkNoUrlInError(json, result.errorString());
        return 0;
    }

    // What a valid profile promises the rest of Tessera.
    const Profile &profile = result.profile();
    FUZZ_CHECK(profile.isValid());
    FUZZ_CHECK(!profile.id().isEmpty() && profile.id().size() <= 64);
    FUZZ_CHECK(isServerUrl(profile.baseUrl()));
    FUZZ_CHECK(isServerUrl(profile.loginUrl()));
    FUZZ_CHECK(isServerUrl(profile.refreshUrl()));
    FUZZ_CHECK(profile.logoutUrl().isEmpty() || isServerUrl(profile.logoutUrl()));
    FUZZ_CHECK(!profile.responsePaths().accessToken.isEmpty());
    FUZZ_CHECK(profile.dialect() == Profile::Dialect::Json || !profile.clientId().isEmpty());
    FUZZ_CHECK(profile.refreshLead().count() >= 0);
    FUZZ_CHECK(profile.requestTimeout().count() > 0);
    FUZZ_CHECK(profile.maxResponseBytes() > 0);
    const QList<QUrl> origins = profile.apiOrigins();
    FUZZ_CHECK(!origins.isEmpty());
    for (const QUrl &origin : origins)
        FUZZ_CHECK(profile.isApiOrigin(origin));
    return 0;
}

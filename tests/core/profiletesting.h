// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// Base profiles and helpers shared by tst_profile_validation and tst_profile_fields.
#include <Tessera/profile.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Tessera;

namespace {

inline const QByteArray kJsonBase =
        R"({"name":"Dev server","dialect":"json","base_url":"http://127.0.0.1:8765"})";
inline const QByteArray kOAuth2Base =
        R"({"name":"Example","dialect":"oauth2","base_url":"https://api.example.com",)"
        R"("client_id":"tessera"})";

// The base profile of \a dialect with the keys of \a changes set and the keys in \a remove gone.
inline QByteArray profileJson(const QString &dialect, const QJsonObject &changes,
                              const QStringList &remove = {})
{
    const bool oauth2 = dialect == QLatin1String("oauth2");
    QJsonObject object = QJsonDocument::fromJson(oauth2 ? kOAuth2Base : kJsonBase).object();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        object.insert(it.key(), it.value());
    for (const QString &key : remove)
        object.remove(key);
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

inline QByteArray profileJson(const char *dialect, const QByteArray &patch)
{
    QJsonParseError error;
    const QJsonObject changes = QJsonDocument::fromJson(patch, &error).object();
    if (error.error != QJsonParseError::NoError)
        qFatal("bad patch in the test data: %s", patch.constData());
    return profileJson(QString::fromLatin1(dialect), changes);
}

inline Profile parse(const QByteArray &json, const QString &source = QStringLiteral("test.json"))
{
    const ProfileLoadResult result = Profile::fromJson(json, source);
    if (!result)
        qWarning("unexpected rejection: %s", qPrintable(result.errorString()));
    return result ? result.profile() : Profile();
}

// "a|b||c" as a list, empty entries kept: the expected values of a struct's fields.
inline QStringList fields(const char *pipeSeparated)
{
    return QString::fromLatin1(pipeSeparated).split(QLatin1Char('|'));
}

inline QStringList fieldsOf(const Profile::RequestFields &f)
{
    return {f.username, f.password, f.apiKey, f.refreshToken};
}

inline QStringList fieldsOf(const Profile::ResponsePaths &p)
{
    return {p.accessToken,
            p.refreshToken,
            p.accessExpiresAt,
            p.accessExpiresIn,
            p.refreshExpiresAt,
            p.refreshExpiresIn,
            p.user};
}

// A table from a file in tests/core/data/profiles; aborts the test if it is missing or empty.
inline QJsonArray testTable(const char *fileName, const char *table)
{
    QFile file(QStringLiteral(TESSERA_PROFILE_TEST_DATA_DIR "/") + QLatin1String(fileName));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s: %s", fileName, qPrintable(file.errorString()));
    const QJsonArray rows =
            QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String(table)).toArray();
    if (rows.isEmpty())
        qFatal("no rows in table %s of %s", table, fileName);
    return rows;
}

inline QString profilesDir()
{
    return QStringLiteral(TESSERA_SHIPPED_PROFILES_DIR);
}

} // namespace

// SPDX-License-Identifier: BSD-3-Clause
#include "profile_p.h"
#include "profileparser_p.h"

#include "logging_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace Tessera {

namespace {
constexpr qint64 kMaxProfileFileBytes = 1024 * 1024;
} // namespace

// --- Profile --------------------------------------------------------------------------------

Profile::Profile()
    : d(new ProfileData)
{ }
Profile::Profile(ProfileData *data)
    : d(data)
{ }
Profile::Profile(const Profile &other) = default;
Profile::Profile(Profile &&other) noexcept = default;
Profile &Profile::operator=(const Profile &other) = default;
Profile &Profile::operator=(Profile &&other) noexcept = default;
Profile::~Profile() = default;

QString Profile::defaultLocation()
{
    const QString fromEnvironment = qEnvironmentVariable("TESSERA_PROFILE");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/tessera/profile.json");
}

ProfileLoadResult Profile::load(const QString &filePath)
{
    const QString shownPath = QDir::toNativeSeparators(filePath);
    QFile file(filePath);
    QByteArray json;
    if (file.open(QIODevice::ReadOnly))
        json = file.read(kMaxProfileFileBytes + 1);
    if (!file.isOpen() || file.error() != QFileDevice::NoError)
        return ProfileLoadResult::failure(
                QStringLiteral("%1: cannot read: %2").arg(shownPath, file.errorString()));
    if (json.size() > kMaxProfileFileBytes)
        return ProfileLoadResult::failure(
                QStringLiteral("%1: larger than 1 MiB, not a profile").arg(shownPath));
    // Every message names the file the same way, by the path it was loaded from.
    ProfileLoadResult result = fromJson(json, shownPath);
    if (result)
        qCDebug(lcProfile) << "loaded profile" << result.profile().id() << "from" << shownPath;
    return result;
}

ProfileLoadResult Profile::fromJson(const QByteArray &json, const QString &sourceName)
{
    return ProfileParser::parse(json, sourceName);
}

// clang-format off
bool Profile::isValid() const { return !d->id.isEmpty(); }
QString Profile::id() const { return d->id; }
QString Profile::name() const { return d->name; }
Profile::Dialect Profile::dialect() const { return d->dialect; }
Profile::LoginKind Profile::loginKind() const { return d->loginKind; }
QUrl Profile::baseUrl() const { return d->baseUrl; }
QUrl Profile::loginUrl() const { return d->loginUrl; }
QUrl Profile::refreshUrl() const { return d->refreshUrl; }
QUrl Profile::logoutUrl() const { return d->logoutUrl; }
QString Profile::clientId() const { return d->clientId; }
QString Profile::scope() const { return d->scope; }
Profile::RequestFields Profile::requestFields() const { return d->requestFields; }
Profile::ResponsePaths Profile::responsePaths() const { return d->responsePaths; }
std::chrono::seconds Profile::refreshLead() const { return d->refreshLead; }
std::chrono::milliseconds Profile::requestTimeout() const { return d->requestTimeout; }
qint64 Profile::maxResponseBytes() const { return d->maxResponseBytes; }
QList<QUrl> Profile::apiOrigins() const { return d->apiOrigins; }
// clang-format on

bool Profile::isApiOrigin(const QUrl &url) const
{
    if (!url.isValid() || url.isRelative())
        return false;
    for (const QUrl &origin : std::as_const(d->apiOrigins)) {
        if (url.scheme().compare(origin.scheme(), Qt::CaseInsensitive) == 0
            && url.host().compare(origin.host(), Qt::CaseInsensitive) == 0
            && effectivePort(url) == effectivePort(origin))
            return true;
    }
    return false;
}

// --- ProfileLoadResult ----------------------------------------------------------------------

ProfileLoadResult ProfileLoadResult::success(const Profile &profile)
{
    ProfileLoadResult result;
    result.m_profile = profile;
    return result;
}

ProfileLoadResult ProfileLoadResult::failure(const QString &message)
{
    ProfileLoadResult result;
    result.m_error = message;
    return result;
}

} // namespace Tessera

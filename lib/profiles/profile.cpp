// SPDX-License-Identifier: BSD-3-Clause
#include "profile_p.h"
#include "profileparser_p.h"

#include "logging_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>
#include <QStandardPaths>

#ifdef Q_OS_UNIX
#    include <cerrno>
#    include <fcntl.h>
#    include <sys/stat.h>
#    include <unistd.h>
#endif

namespace Tessera {

namespace {

constexpr qint64 kMaxProfileFileBytes = 1024 * 1024;

#ifdef Q_OS_UNIX
QString kindOfFile(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return QStringLiteral("a device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a plain file");
}
#endif

// Reads the profile at \a path into \a json: a regular file of at most kMaxProfileFileBytes.
// Empty if it was read, else what went wrong (for a message after the path).
//
// Anything else is refused before a byte is read: reading a FIFO waits for a writer that may
// never come (open() itself blocks), a device such as /dev/zero never ends, and a directory
// is no file. The check is made on the descriptor that was opened, so that the file cannot be
// swapped between a look at the path and the open(); O_NONBLOCK makes the open() of a FIFO
// return at once, and is no matter for a regular file. Symbolic links are followed: a profile
// may be a link into a dotfiles repository.
QString readProfileFile(const QString &path, QByteArray *json)
{
#ifdef Q_OS_UNIX
    const QByteArray encoded = QFile::encodeName(path);
    int fd = -1;
    do {
        fd = ::open(encoded.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return QStringLiteral("cannot read: %1").arg(qt_error_string(errno));
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    struct stat info;
    if (::fstat(fd, &info) != 0)
        return QStringLiteral("cannot read: %1").arg(qt_error_string(errno));
    if (!S_ISREG(info.st_mode))
        return QStringLiteral("cannot read: %1, not a regular file").arg(kindOfFile(info.st_mode));
    // Read to the limit and one byte past it, whatever st_size said: the file may be growing.
    json->resize(kMaxProfileFileBytes + 1);
    qint64 got = 0;
    while (got < json->size()) {
        const ssize_t n = ::read(fd, json->data() + got, size_t(json->size() - got));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return QStringLiteral("cannot read: %1").arg(qt_error_string(errno));
        if (n == 0)
            break;
        got += n;
    }
    json->truncate(got);
#else
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        *json = file.read(kMaxProfileFileBytes + 1);
    if (!file.isOpen() || file.error() != QFileDevice::NoError)
        return QStringLiteral("cannot read: %1").arg(file.errorString());
#endif
    if (json->size() > kMaxProfileFileBytes)
        return QStringLiteral("larger than 1 MiB, not a profile");
    return {};
}

} // namespace

int effectivePort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.port(scheme == QLatin1String("https") ? 443
                                                     : (scheme == QLatin1String("http") ? 80 : -1));
}

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
    QByteArray json;
    const QString problem = readProfileFile(filePath, &json);
    if (!problem.isEmpty())
        return ProfileLoadResult::failure(QStringLiteral("%1: %2").arg(shownPath, problem));
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
Secret Profile::clientSecret() const { return d->clientSecret; }
QUrl Profile::issuer() const { return d->issuer; }
QUrl Profile::authorizationUrl() const { return d->authorizationUrl; }
QUrl Profile::deviceAuthorizationUrl() const { return d->deviceAuthorizationUrl; }
quint16 Profile::redirectPort() const { return d->redirectPort; }
QString Profile::redirectPath() const { return d->redirectPath; }
QList<std::pair<QString, QString>> Profile::authorizationParameters() const { return d->authorizationParameters; }
std::chrono::seconds Profile::signInTimeout() const { return d->signInTimeout; }
QString Profile::errorMessagePath() const { return d->errorMessagePath; }
Profile::StoreKind Profile::storeKind() const { return d->storeKind; }
Profile::RedisStore Profile::redisStore() const { return d->redisStore; }
Profile::RequestFields Profile::requestFields() const { return d->requestFields; }
Profile::JsonRequests Profile::jsonRequests() const { return d->jsonRequests; }
QString Profile::JsonRequests::keychainService() { return QStringLiteral("tessera-secrets"); }
Profile::ResponsePaths Profile::responsePaths() const { return d->responsePaths; }
std::chrono::seconds Profile::refreshLead() const { return d->refreshLead; }
std::chrono::milliseconds Profile::requestTimeout() const { return d->requestTimeout; }
qint64 Profile::maxResponseBytes() const { return d->maxResponseBytes; }
QList<QUrl> Profile::apiOrigins() const { return d->apiOrigins; }
// clang-format on

bool Profile::offersDeviceSignIn() const
{
    return d->dialect == Dialect::OAuth2
           && (!d->deviceAuthorizationUrl.isEmpty() || !d->issuer.isEmpty());
}

Profile withEndpoints(const Profile &profile, const QUrl &token, const QUrl &revocation)
{
    if (token.isEmpty() && revocation.isEmpty())
        return profile;
    auto *data = new ProfileData(*profile.d);
    if (!token.isEmpty())
        data->loginUrl = data->refreshUrl = token;
    if (!revocation.isEmpty())
        data->logoutUrl = revocation;
    return Profile(data);
}

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

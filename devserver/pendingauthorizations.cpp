// SPDX-License-Identifier: BSD-3-Clause
#include "pendingauthorizations.h"

#include "issuedtokenlog.h"
#include "jwt.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {

// RFC 8628 section 6.1: no vowels (no words), no easily confused letters.
constexpr char userCodeAlphabet[] = "BCDFGHJKLMNPQRSTVWXZ";
constexpr int userCodeLetters = 8;

qint64 nowMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

QByteArray keyOf(const QByteArray &code)
{
    return QCryptographicHash::hash(code, QCryptographicHash::Sha256);
}

QByteArray newCode()
{
    return Jwt::base64Url(Jwt::randomBytes(32));
}

// Keeps `order` (and `map`) at most PendingAuthorizations::maxEntries long, dropping the oldest.
template<typename T, typename OnDrop>
void trim(QHash<QByteArray, T> &map, std::deque<QByteArray> &order, OnDrop onDrop)
{
    while (order.size() > std::size_t(PendingAuthorizations::maxEntries)) {
        onDrop(map.value(order.front()));
        map.remove(order.front());
        order.pop_front();
    }
}

} // namespace

PendingAuthorizations::PendingAuthorizations(IssuedTokenLog &issuedLog)
    : m_issuedLog(issuedLog)
{ }

QByteArray PendingAuthorizations::issueCode(AuthorizationCode binding)
{
    const QByteArray code = newCode();
    binding.expiresAtMs = nowMs() + codeLifetimeMs;
    binding.used = false;
    binding.familyId.clear();
    m_codes.insert(keyOf(code), binding);
    m_codeOrder.push_back(keyOf(code));
    trim(m_codes, m_codeOrder, [](const AuthorizationCode &) {});
    m_issuedLog.recordSecret(code);
    return code;
}

PendingAuthorizations::Redemption PendingAuthorizations::redeemCode(const QByteArray &code,
                                                                    AuthorizationCode *bound)
{
    const auto it = m_codes.find(keyOf(code));
    if (it == m_codes.end())
        return Redemption::Unknown;
    *bound = *it;
    if (it->used)
        return Redemption::Reused;
    it->used = true;
    return nowMs() >= it->expiresAtMs ? Redemption::Expired : Redemption::Redeemed;
}

void PendingAuthorizations::setFamily(const QByteArray &code, const QString &familyId)
{
    const auto it = m_codes.find(keyOf(code));
    if (it != m_codes.end())
        it->familyId = familyId;
}

QByteArray PendingAuthorizations::issueDeviceCode(const QString &clientId, const QString &scope,
                                                  qint64 lifetime, qint64 interval,
                                                  QString *userCode)
{
    const QByteArray code = newCode();
    DeviceCode device;
    device.clientId = clientId;
    device.scope = scope;
    device.userCode = newUserCode();
    device.expiresAtMs = nowMs() + lifetime * 1000;
    device.intervalMs = interval * 1000;
    m_devices.insert(keyOf(code), device);
    m_deviceOrder.push_back(keyOf(code));
    m_userCodes.insert(device.userCode, keyOf(code));
    trim(m_devices, m_deviceOrder,
         [this](const DeviceCode &dropped) { m_userCodes.remove(dropped.userCode); });
    m_issuedLog.recordSecret(code);
    *userCode = device.userCode;
    return code;
}

QString PendingAuthorizations::newUserCode() const
{
    auto *random = QRandomGenerator::system();
    QString code;
    do {
        code.clear();
        for (int i = 0; i < userCodeLetters; ++i) {
            if (i == userCodeLetters / 2)
                code += u'-';
            code += QLatin1Char(
                    userCodeAlphabet[random->bounded(int(sizeof userCodeAlphabet) - 1)]);
        }
    } while (m_userCodes.contains(code));
    return code;
}

PendingAuthorizations::Poll
PendingAuthorizations::pollDeviceCode(const QByteArray &deviceCode, const QString &clientId,
                                      RuntimeConfig::DeviceSlowDown rule, DeviceCode *approved)
{
    const auto it = m_devices.find(keyOf(deviceCode));
    if (it == m_devices.end())
        return Poll::Unknown;
    if (it->clientId != clientId)
        return Poll::WrongClient;
    if (it->state == DeviceCode::State::Used)
        return Poll::Used;
    const qint64 now = nowMs();
    if (now >= it->expiresAtMs)
        return Poll::Expired;
    const qint64 previousPoll = it->lastPollMs;
    it->lastPollMs = now;
    const bool tooSoon = previousPoll >= 0 && now - previousPoll < it->intervalMs;
    using Rule = RuntimeConfig::DeviceSlowDown;
    if (rule == Rule::Next || (rule == Rule::Timing && tooSoon)) {
        it->intervalMs += slowDownStepMs;
        return Poll::SlowDown;
    }
    switch (it->state) {
    case DeviceCode::State::Pending:
        return Poll::Pending;
    case DeviceCode::State::Denied:
        return Poll::Denied;
    case DeviceCode::State::Approved:
    case DeviceCode::State::Used:
        break;
    }
    it->state = DeviceCode::State::Used;
    *approved = *it;
    return Poll::Approved;
}

bool PendingAuthorizations::decide(const QString &userCode, const QString &user)
{
    const auto it = m_devices.find(m_userCodes.value(normalizeUserCode(userCode)));
    if (it == m_devices.end() || it->state != DeviceCode::State::Pending
        || nowMs() >= it->expiresAtMs)
        return false;
    it->state = user.isEmpty() ? DeviceCode::State::Denied : DeviceCode::State::Approved;
    it->user = user;
    return true;
}

int PendingAuthorizations::expireDeviceCodes(const QString &userCode)
{
    const qint64 now = nowMs();
    int expired = 0;
    const auto expire = [&expired, now](DeviceCode &device) {
        if (now < device.expiresAtMs) {
            device.expiresAtMs = now;
            ++expired;
        }
    };
    if (userCode.isEmpty()) {
        for (DeviceCode &device : m_devices)
            expire(device);
    } else if (const auto key = m_userCodes.constFind(normalizeUserCode(userCode));
               key != m_userCodes.cend()) {
        expire(m_devices[*key]);
    }
    return expired;
}

QString PendingAuthorizations::normalizeUserCode(const QString &text)
{
    QString letters;
    for (const QChar c : text) {
        if (c.isLetter())
            letters += c.toUpper();
        else if (!c.isSpace() && c != u'-')
            return QString(); // not a user code
    }
    if (letters.size() != userCodeLetters)
        return QString();
    return letters.left(userCodeLetters / 2) + u'-' + letters.mid(userCodeLetters / 2);
}

} // namespace Tessera::DevServer

// SPDX-License-Identifier: BSD-3-Clause
// The two HTTP date readers: Backoff::parseRetryAfter() (a 429's or 503's Retry-After:
// delta-seconds or an HTTP-date in any of its three formats) and parseHttpDate() (the Date
// header that correctForServerClock() compares with the local clock).
//
// Input: four bytes, a signed offset in seconds from 2024-05-01T12:00:00Z that is "now" (RFC
// 850's two-digit years are read relative to it), then the header value.
#include "fuzz_common.h"

#include "backoff_p.h"
#include "tokenresponse_p.h"

#include <QLocale>

using namespace Tessera;
using std::chrono::milliseconds;

namespace {

constexpr milliseconds maxRetryAfter = std::chrono::hours(1);

bool isDigits(const QByteArray &text)
{
    return !text.isEmpty()
           && std::all_of(text.cbegin(), text.cend(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

TESSERA_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    TesseraFuzz::Input input(data, size);
    quint32 offset = 0;
    for (int i = 0; i < 4; ++i)
        offset = offset << 8 | input.byte();
    static const QDateTime base(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);
    const QDateTime now = base.addSecs(qint32(offset));
    const QByteArray header = input.rest();

    // backoff_p.h: absent or unreadable gives nullopt, anything else a delay in [0, 1 h].
    const std::optional<milliseconds> delay = Backoff::parseRetryAfter(header, now);
    if (delay)
        FUZZ_CHECK(*delay >= milliseconds(0) && *delay <= maxRetryAfter);
    const QByteArray value = header.trimmed();
    if (isDigits(value)) {
        const milliseconds expected =
                value.size() > 12
                        ? maxRetryAfter
                        : std::min(milliseconds(value.toLongLong() * 1000), maxRetryAfter);
        FUZZ_CHECK(delay && *delay == expected);
    }

    const std::optional<QDateTime> date = parseHttpDate(header);
    if (!date)
        return 0;
    FUZZ_CHECK(header.size() <= 64);
    FUZZ_CHECK(date->isValid() && date->timeSpec() == Qt::UTC);
    // Written back as an IMF-fixdate, it reads the same, and Retry-After (a reader of its own)
    // agrees with it on the years a server could mean.
    const QByteArray fixdate =
            QLocale::c()
                    .toString(*date, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                    .toLatin1();
    const std::optional<QDateTime> reread = parseHttpDate(fixdate);
    FUZZ_CHECK(reread && *reread == *date);
    if (date->date().year() >= 1900 && date->date().year() <= 9999) {
        const std::optional<milliseconds> retry = Backoff::parseRetryAfter(fixdate, now);
        FUZZ_CHECK(retry
                   && *retry
                              == std::clamp(milliseconds(now.msecsTo(*date)), milliseconds(0),
                                            maxRetryAfter));
    }
    return 0;
}

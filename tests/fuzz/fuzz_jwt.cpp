// SPDX-License-Identifier: BSD-3-Clause
// Jwt::expiry(): the exp claim of whatever access token a server sent.
//
// Input: one byte, then the rest. Even byte: the rest is the token as it is. Odd byte: the rest
// is "header\npayload\nsignature", each base64url-encoded here, so that the fuzzer works on the
// JSON inside a well-formed token instead of having to find base64 first.
#include "fuzz_common.h"

#include "jwt_p.h"

using namespace Tessera;

TESSERA_FUZZ_INITIALIZE

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    TesseraFuzz::Input input(data, size);
    QByteArray token;
    if (input.byte() & 1) {
        const auto encoded = [](const QByteArray &part) {
            return part.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        };
        const QByteArray header = input.until('\n');
        const QByteArray payload = input.until('\n');
        token = encoded(header) + '.' + encoded(payload) + '.' + encoded(input.rest());
    } else {
        token = input.rest();
    }

    const std::optional<QDateTime> exp = Jwt::expiry(Secret(token));
    if (exp) {
        // jwt_p.h: a UTC time from 1970 to the end of 9999.
        FUZZ_CHECK(exp->isValid());
        FUZZ_CHECK(exp->timeSpec() == Qt::UTC);
        FUZZ_CHECK(exp->toSecsSinceEpoch() >= 0);
        FUZZ_CHECK(exp->date().year() <= 9999);
    }
    return 0;
}

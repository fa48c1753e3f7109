// SPDX-License-Identifier: BSD-3-Clause
#include "servertext_p.h"

#include <QList>

namespace Tessera::ServerText {

namespace {

bool isShown(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
        return false;
    default:
        return true;
    }
}

} // namespace

QString sanitised(const QByteArray &utf8, qsizetype maxLength)
{
    QString text;
    bool pendingSpace = false;
    qsizetype length = 0;
    bool cut = false;
    for (char32_t c : QString::fromUtf8(utf8).toUcs4()) {
        if (QChar::isSpace(c) || c == U'\n' || c == U'\r' || c == U'\t') {
            pendingSpace = !text.isEmpty();
            continue;
        }
        if (!isShown(c))
            continue;
        if (c == U'<')
            c = U'\u2039';
        else if (c == U'>')
            c = U'\u203a';
        const qsizetype needed = pendingSpace ? 2 : 1;
        if (length + needed > maxLength) {
            cut = true;
            break;
        }
        if (pendingSpace)
            text += QLatin1Char(' ');
        pendingSpace = false;
        const char32_t one[] = {c};
        text += QString::fromUcs4(one, 1);
        length += needed;
    }
    if (cut)
        text += QChar(0x2026);
    return text;
}

} // namespace Tessera::ServerText

// SPDX-License-Identifier: BSD-3-Clause
#include "secondoriginlog.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

QJsonObject SecondOriginLog::toJson() const
{
    return QJsonObject {
            {u"authorization_present"_s, authorizationPresent},
            {u"count"_s, count},
            {u"header_names"_s, QJsonArray::fromStringList(headerNames)},
    };
}

} // namespace Tessera::DevServer

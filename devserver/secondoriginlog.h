// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonObject>
#include <QStringList>

namespace Tessera::DevServer {

// What the second (redirect target) origin saw. Header values are never kept.
struct SecondOriginLog
{
    qint64 count = 0;
    bool authorizationPresent = false;
    QStringList headerNames; // of the last request, lower-case

    QJsonObject toJson() const;
};

} // namespace Tessera::DevServer

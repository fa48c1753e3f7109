// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "fault.h"

#include <QJsonArray>
#include <QList>

#include <optional>

namespace Tessera::DevServer {

// Pending faults, consumed in the order they were added, per exact path.
class FaultQueue
{
public:
    void append(const Fault &fault) { m_faults.append(fault); }
    int clear();
    // The fault the next request to `path` gets, if any; consumes one use of it.
    std::optional<Fault> take(const QString &path);
    QJsonArray toJson() const;

private:
    QList<Fault> m_faults;
};

} // namespace Tessera::DevServer

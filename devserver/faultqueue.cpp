// SPDX-License-Identifier: BSD-3-Clause
#include "faultqueue.h"

namespace Tessera::DevServer {

int FaultQueue::clear()
{
    const int count = int(m_faults.size());
    m_faults.clear();
    return count;
}

std::optional<Fault> FaultQueue::take(const QString &path)
{
    for (qsizetype i = 0; i < m_faults.size(); ++i) {
        Fault &fault = m_faults[i];
        if (fault.path != path)
            continue;
        const Fault taken = fault;
        if (fault.count > 0 && --fault.count == 0)
            m_faults.removeAt(i);
        return taken;
    }
    return std::nullopt;
}

QJsonArray FaultQueue::toJson() const
{
    QJsonArray array;
    for (const Fault &fault : m_faults)
        array.append(fault.toJson());
    return array;
}

} // namespace Tessera::DevServer

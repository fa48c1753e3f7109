// SPDX-License-Identifier: BSD-3-Clause
#include "requestbody_p.h"

namespace Tessera {

RequestBody::RequestBody(QIODevice *device)
    : m_device(device)
    , m_hadDevice(device != nullptr)
{
    if (device && !device->isSequential())
        m_start = device->pos();
}

bool RequestBody::isReplayable() const
{
    if (!m_hadDevice)
        return true;
    return m_device && !m_device->isSequential();
}

bool RequestBody::rewind()
{
    if (!m_device)
        return !m_hadDevice;
    if (m_device->isSequential())
        return false;
    // reset() rather than seek(0): a QHttpMultiPart's device rewinds its parts only there.
    return m_start == 0 ? m_device->reset() : m_device->seek(m_start);
}

} // namespace Tessera

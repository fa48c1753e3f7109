// SPDX-License-Identifier: BSD-3-Clause
#include "requestbody_p.h"

#include "bodyrecorder_p.h"

namespace Tessera {

RequestBody::RequestBody(QIODevice *device, qint64 declaredLength)
    : m_source(device)
    , m_current(device)
    , m_hadDevice(device != nullptr)
{
    if (!device)
        return;
    if (device->isSequential()) {
        m_recorder = std::make_unique<BodyRecorder>(device, declaredLength, recordLimit);
        m_current = m_recorder.get();
    } else {
        m_start = device->pos();
    }
}

RequestBody::~RequestBody() = default;

bool RequestBody::rewind()
{
    if (!m_hadDevice)
        return true;
    if (m_recorder) {
        if (!m_recorder->isComplete())
            return false;
        if (!m_replay) {
            m_replay = std::make_unique<QBuffer>();
            m_replay->setData(m_recorder->recorded());
            m_replay->open(QIODevice::ReadOnly);
        }
        m_current = m_replay.get();
        return m_replay->reset();
    }
    if (!m_source)
        return false;
    // reset() rather than seek(0): a QHttpMultiPart's device rewinds its parts only there, and
    // says so when one of them cannot be rewound.
    return m_start == 0 ? m_source->reset() : m_source->seek(m_start);
}

void RequestBody::drop()
{
    m_current = nullptr;
    m_hadDevice = false;
}

} // namespace Tessera

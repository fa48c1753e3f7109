// SPDX-License-Identifier: BSD-3-Clause
#include "streamedbody.h"

#include <QTcpSocket>
#include <QtEndian>

#include <algorithm>

namespace Tessera::DevServer {

namespace {
constexpr qint64 pieceSize = 64 * 1024;
constexpr qint64 lowWaterMark = 128 * 1024;
constexpr qsizetype gzipUnitInflated = 1024 * 1024;

quint32 adler32(const QByteArray &data)
{
    quint32 a = 1;
    quint32 b = 0;
    for (const char c : data) {
        a = (a + quint8(c)) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

QByteArray bigEndian32(quint32 value)
{
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}
} // namespace

StreamedBody::StreamedBody(QTcpSocket *socket, const Fault &fault, bool keepAlive)
    : QObject(socket)
    , m_socket(socket)
    , m_framing(fault.framing)
    , m_declaredLength(fault.declaredLength)
    , m_gzip(fault.gzip)
    , m_keepAlive(keepAlive)
{
    if (m_gzip) {
        // RFC 1952 header (deflate, no name, no time, Unix), the units, a last empty stored
        // block, then CRC-32 (not computed: a bomb's is never checked) and the size mod 2^32.
        m_head = QByteArray::fromHex("1f8b0800000000000003");
        m_unit = gzipUnit();
        const qint64 units = (fault.streamBytes + gzipUnitInflated - 1) / gzipUnitInflated;
        m_fillerSize = units * m_unit.size();
        QByteArray size(4, '\0');
        qToLittleEndian(quint32(units * gzipUnitInflated), size.data());
        m_tail = QByteArray::fromHex("010000ffff") + QByteArray(4, '\0') + size;
    } else {
        const QByteArray head = "{\"data\":{\"padding\":\"";
        const QByteArray tail = "\"}}";
        m_head = head.left(fault.streamBytes);
        m_tail = tail.left(fault.streamBytes - m_head.size());
        m_fillerSize = fault.streamBytes - m_head.size() - m_tail.size();
        m_unit = QByteArray(pieceSize, 'x');
    }
    connect(socket, &QTcpSocket::bytesWritten, this, &StreamedBody::writeMore);
    connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
}

void StreamedBody::start(HttpResponse response)
{
    qint64 contentLength = -1;
    if (m_gzip)
        response.withHeader("Content-Encoding", "gzip");
    switch (m_framing) {
    case Fault::Framing::Chunked:
        response.withHeader("Transfer-Encoding", "chunked");
        break;
    case Fault::Framing::Close:
        m_keepAlive = false;
        break;
    case Fault::Framing::Length:
        contentLength = m_declaredLength >= 0 ? m_declaredLength : size();
        // After a lie the connection cannot carry another answer.
        if (contentLength != size())
            m_keepAlive = false;
        break;
    }
    m_socket->write(response.head(contentLength, m_keepAlive));
    writeMore();
}

void StreamedBody::writeMore()
{
    while (m_socket->state() == QAbstractSocket::ConnectedState && m_sent < size()
           && m_socket->bytesToWrite() < lowWaterMark) {
        const QByteArray piece = nextPiece(pieceSize);
        m_sent += piece.size();
        if (m_framing == Fault::Framing::Chunked)
            m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
        else
            m_socket->write(piece);
    }
    if (m_sent == size())
        finish();
}

QByteArray StreamedBody::nextPiece(qint64 maxSize)
{
    QByteArray piece;
    qint64 at = m_sent;
    while (piece.size() < maxSize && at < size()) {
        const qint64 room = maxSize - piece.size();
        if (at < m_head.size()) {
            piece += m_head.mid(at, room);
        } else if (at < m_head.size() + m_fillerSize) {
            const qint64 inFiller = at - m_head.size();
            const qint64 inUnit = inFiller % m_unit.size();
            const qint64 take = std::min({room, m_unit.size() - inUnit, m_fillerSize - inFiller});
            piece += m_unit.mid(inUnit, take);
        } else {
            piece += m_tail.mid(at - m_head.size() - m_fillerSize, room);
        }
        at = m_sent + piece.size();
    }
    return piece;
}

void StreamedBody::finish()
{
    disconnect(m_socket, nullptr, this, nullptr);
    if (m_framing == Fault::Framing::Chunked)
        m_socket->write("0\r\n\r\n");
    if (!m_keepAlive)
        m_socket->disconnectFromHost();
    deleteLater();
}

// One deflate block that inflates to 1 MiB of 'x', not the last one, followed by an empty
// stored block that brings it to a byte boundary: units in a row make a valid deflate stream.
// zlib (through qCompress) writes the block as the last and only one; its first bit (BFINAL)
// is cleared, and which padding the stored block needs after it (the block ends mid-byte) is
// found by inflating two units with qUncompress.
const QByteArray &StreamedBody::gzipUnit()
{
    static const QByteArray unit = [] {
        const QByteArray plain(gzipUnitInflated, 'x');
        const QByteArray zlib = qCompress(plain, 9); // 4-byte size, 2-byte header, ..., adler
        QByteArray block = zlib.mid(6, zlib.size() - 6 - 4);
        block[0] = char(block.at(0) & ~1);
        const QByteArray twice = plain + plain;
        for (const QByteArray &padding :
             {QByteArray::fromHex("0000ffff"), QByteArray::fromHex("000000ffff")}) {
            const QByteArray candidate = block + padding;
            const QByteArray stream = bigEndian32(quint32(twice.size())) + zlib.mid(4, 2)
                                      + candidate + candidate + QByteArray::fromHex("010000ffff")
                                      + bigEndian32(adler32(twice));
            if (qUncompress(stream) == twice)
                return candidate;
        }
        qFatal("tessera-devserver: could not build a gzip stream unit");
    }();
    return unit;
}

} // namespace Tessera::DevServer

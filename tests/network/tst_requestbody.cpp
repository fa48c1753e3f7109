// SPDX-License-Identifier: BSD-3-Clause
// RequestBody: which uploads can be sent again, decided by trying to rewind them; sequential
// ones recorded as they go, up to a limit.
#include "requestbody_p.h"

#include "onceonlydevice.h"

#include <QTemporaryFile>
#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

class tst_RequestBody : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noBodyIsReplayable();
    void bufferRewindsToWhereItStarted();
    void fileRewinds();
    void deviceThatCannotSeekBackIsNot();
    void sequentialBodyIsReplayedFromItsRecording();
    void sequentialBodyNotReadToTheEndIsNot();
    void sequentialBodyWithinItsDeclaredLength();
    void sequentialBodyPastTheLimitIsNot();
    void sequentialBodyEndingEarlyIsNotWhole_data();
    void sequentialBodyEndingEarlyIsNotWhole();
    void droppedBodyIsEmpty();

private:
    static QByteArray drain(QIODevice *device);
};

QByteArray tst_RequestBody::drain(QIODevice *device)
{
    QByteArray all;
    char chunk[4096];
    for (qint64 n; (n = device->read(chunk, sizeof chunk)) > 0;)
        all.append(chunk, n);
    return all;
}

void tst_RequestBody::noBodyIsReplayable()
{
    RequestBody body;
    QVERIFY(!body.device());
    QVERIFY(body.rewind());
}

void tst_RequestBody::bufferRewindsToWhereItStarted()
{
    QBuffer buffer;
    buffer.setData("skip:payload");
    buffer.open(QIODevice::ReadOnly);
    buffer.seek(5);
    RequestBody body(&buffer);
    QCOMPARE(drain(body.device()), QByteArray("payload"));
    QVERIFY(body.rewind());
    QCOMPARE(drain(body.device()), QByteArray("payload"));
}

void tst_RequestBody::fileRewinds()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write("file payload");
    file.seek(0);
    RequestBody body(&file);
    QCOMPARE(drain(body.device()), QByteArray("file payload"));
    QVERIFY(body.rewind());
    QCOMPARE(drain(body.device()), QByteArray("file payload"));
}

void tst_RequestBody::deviceThatCannotSeekBackIsNot()
{
    ForwardOnlyDevice device("forward only");
    device.open(QIODevice::ReadOnly);
    RequestBody body(&device);
    QCOMPARE(drain(body.device()), QByteArray("forward only"));
    QVERIFY(!device.isSequential()); // it says it can seek...
    QVERIFY(!body.rewind()); // ...but it cannot be sent again
}

void tst_RequestBody::sequentialBodyIsReplayedFromItsRecording()
{
    OnceOnlyDevice stream("streamed payload");
    stream.open(QIODevice::ReadOnly);
    RequestBody body(&stream);
    QVERIFY(body.device()->isSequential());
    QCOMPARE(drain(body.device()), QByteArray("streamed payload"));
    QVERIFY(body.rewind());
    QCOMPARE(drain(body.device()), QByteArray("streamed payload"));
    QVERIFY(body.rewind()); // as often as needed
    QCOMPARE(drain(body.device()), QByteArray("streamed payload"));
}

void tst_RequestBody::sequentialBodyNotReadToTheEndIsNot()
{
    OnceOnlyDevice stream("streamed payload");
    stream.open(QIODevice::ReadOnly);
    RequestBody body(&stream);
    char some[4];
    QCOMPARE(body.device()->read(some, sizeof some), qint64(sizeof some));
    QVERIFY(!body.rewind()); // only part of it went out: the rest was never seen
}

void tst_RequestBody::sequentialBodyWithinItsDeclaredLength()
{
    // With a Content-Length the upload stops at that length, without reading to the end.
    OnceOnlyDevice stream("0123456789");
    stream.open(QIODevice::ReadOnly);
    RequestBody body(&stream, 10);
    char all[10];
    QCOMPARE(body.device()->read(all, sizeof all), qint64(10));
    QVERIFY(body.rewind());
    QCOMPARE(drain(body.device()), QByteArray("0123456789"));
}

void tst_RequestBody::sequentialBodyPastTheLimitIsNot()
{
    const QByteArray big(RequestBody::recordLimit + 1, 'x');
    OnceOnlyDevice stream(big);
    stream.open(QIODevice::ReadOnly);
    RequestBody body(&stream);
    QCOMPARE(drain(body.device()).size(), big.size()); // the upload itself is untouched
    QVERIFY(!body.rewind());
}

void tst_RequestBody::sequentialBodyEndingEarlyIsNotWhole_data()
{
    QTest::addColumn<qint64>("declaredLength");
    QTest::newRow("with Content-Length") << qint64(1000);
    QTest::newRow("without") << qint64(-1);
}

void tst_RequestBody::sequentialBodyEndingEarlyIsNotWhole()
{
    // A process's or socket's output says it has finished as soon as its writer is done, long
    // before the upload has read it all (over HTTP/2 a 401 can come back by then). Sending
    // what went out so far again, under the full Content-Length, would be a broken request.
    QFETCH(qint64, declaredLength);
    OnceOnlyDevice stream(QByteArray(1000, 'x'));
    stream.open(QIODevice::ReadOnly);
    RequestBody body(&stream, declaredLength);
    char some[100];
    QCOMPARE(body.device()->read(some, sizeof some), qint64(sizeof some));
    Q_EMIT stream.readChannelFinished();
    QVERIFY(!body.rewind());
}

void tst_RequestBody::droppedBodyIsEmpty()
{
    QBuffer buffer;
    buffer.setData("payload");
    buffer.open(QIODevice::ReadOnly);
    RequestBody body(&buffer);
    body.drop();
    QVERIFY(!body.device());
    QVERIFY(body.rewind());
}

QTEST_GUILESS_MAIN(tst_RequestBody)
#include "tst_requestbody.moc"

// SPDX-License-Identifier: BSD-3-Clause
// LoopbackReceiver: the browser sign-in's listener, over real sockets on 127.0.0.1.
#include "loopbackreceiver_p.h"

#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Tessera;

namespace {

const QByteArray kState = "s0m3-unGu3ssable_state";

// Sends \a raw to \a port and returns what came back before the server closed the connection.
QByteArray exchange(quint16 port, const QByteArray &raw)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(2000))
        return {};
    socket.write(raw);
    QByteArray answer;
    [[maybe_unused]] const bool closed = QTest::qWaitFor(
            [&] {
                answer += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            5000);
    return answer + socket.readAll();
}

QByteArray get(quint16 port, const QByteArray &target)
{
    return exchange(port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

bool listening(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(2000);
}

} // namespace

class tst_LoopbackReceiver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_receiver = std::make_unique<LoopbackReceiver>(QStringLiteral("Example <API>"));
        QString error;
        QVERIFY2(m_receiver->listen(0, &error), qPrintable(error));
        AuthorizationCallback::Expectation expected;
        expected.redirectPath = QStringLiteral("/callback");
        expected.state = kState;
        m_receiver->expect(expected);
        m_port = quint16(m_receiver->redirectUri(QStringLiteral("/callback")).port());
    }

    void redirectUriIsLoopback();
    void bindsTheLoopbackAddressOnly();
    void theCodeIsAnsweredAndThePortFreed();
    void otherRequestsAreAnsweredAndChangeNothing_data();
    void otherRequestsAreAnsweredAndChangeNothing();
    void anErrorIsShownEscaped();
    void oversizedRequestsAreRefused();
    void aPortInUseIsNamed();
    void destroyingFreesThePort();

private:
    std::unique_ptr<LoopbackReceiver> m_receiver;
    quint16 m_port = 0;
};

void tst_LoopbackReceiver::redirectUriIsLoopback()
{
    const QUrl uri = m_receiver->redirectUri(QStringLiteral("/callback"));
    QCOMPARE(uri.toString(), QStringLiteral("http://127.0.0.1:%1/callback").arg(m_port));
}

void tst_LoopbackReceiver::bindsTheLoopbackAddressOnly()
{
    // Another interface of this machine, if there is one, must not reach the listener.
    const QList<QHostAddress> addresses = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : addresses) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        QTcpSocket socket;
        socket.connectToHost(address, m_port);
        QVERIFY2(!socket.waitForConnected(1000), qPrintable(address.toString()));
    }
    QVERIFY(listening(m_port));
}

void tst_LoopbackReceiver::theCodeIsAnsweredAndThePortFreed()
{
    QSignalSpy received(m_receiver.get(), &LoopbackReceiver::received);
    const QByteArray answer = get(m_port, "/callback?code=the-code&state=" + kState);
    QVERIFY2(answer.startsWith("HTTP/1.1 200 OK\r\n"), answer.constData());
    QVERIFY(answer.contains("Content-Security-Policy: default-src 'none'"));
    QVERIFY(answer.contains("Cache-Control: no-store"));
    QVERIFY(answer.contains("You are signed in to Example &lt;API&gt;. You can close this tab"));
    QVERIFY(!answer.contains("the-code"));
    QCOMPARE(received.count(), 1);
    const auto verdict = received.at(0).at(0).value<AuthorizationCallback::Verdict>();
    QCOMPARE(verdict.outcome, AuthorizationCallback::Outcome::Code);
    QVERIFY(verdict.code == Secret("the-code"));
    QVERIFY(!m_receiver->isListening());
    QVERIFY(!listening(m_port));
}

void tst_LoopbackReceiver::otherRequestsAreAnsweredAndChangeNothing_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("status");
    QTest::newRow("favicon") << QByteArray("GET /favicon.ico HTTP/1.1\r\n\r\n")
                             << QByteArray("404");
    QTest::newRow("wrong state") << QByteArray("GET /callback?code=x&state=guess HTTP/1.1\r\n\r\n")
                                 << QByteArray("404");
    QTest::newRow("no state") << QByteArray("GET /callback?code=x HTTP/1.1\r\n\r\n")
                              << QByteArray("404");
    QTest::newRow("POST") << QByteArray("POST /callback?code=x&state=" + kState
                                        + " HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                          << QByteArray("405");
    QTest::newRow("garbage") << QByteArray("hello\r\n\r\n") << QByteArray("400");
}

void tst_LoopbackReceiver::otherRequestsAreAnsweredAndChangeNothing()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, status);
    QSignalSpy received(m_receiver.get(), &LoopbackReceiver::received);
    const QByteArray answer = exchange(m_port, request);
    QVERIFY2(answer.startsWith("HTTP/1.1 " + status), answer.constData());
    QCOMPARE(received.count(), 0);
    QVERIFY(m_receiver->isListening());
    // The real answer still gets through.
    QVERIFY(get(m_port, "/callback?code=c&state=" + kState).startsWith("HTTP/1.1 200"));
    QCOMPARE(received.count(), 1);
}

void tst_LoopbackReceiver::anErrorIsShownEscaped()
{
    QSignalSpy received(m_receiver.get(), &LoopbackReceiver::received);
    const QByteArray answer =
            get(m_port, "/callback?error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state="
                                + kState);
    QVERIFY(answer.startsWith("HTTP/1.1 200"));
    QVERIFY(answer.contains("Sign-in failed"));
    QVERIFY(!answer.contains("<b>no"));
    QCOMPARE(received.count(), 1);
    QCOMPARE(received.at(0).at(0).value<AuthorizationCallback::Verdict>().outcome,
             AuthorizationCallback::Outcome::Failed);
    QVERIFY(!listening(m_port));
}

void tst_LoopbackReceiver::oversizedRequestsAreRefused()
{
    QSignalSpy received(m_receiver.get(), &LoopbackReceiver::received);
    const QByteArray huge = "GET /callback?x=" + QByteArray(LoopbackReceiver::MaxRequestBytes, 'a')
                            + " HTTP/1.1\r\n\r\n";
    QVERIFY(exchange(m_port, huge).startsWith("HTTP/1.1 431"));
    QCOMPARE(received.count(), 0);
    QVERIFY(m_receiver->isListening());
}

void tst_LoopbackReceiver::aPortInUseIsNamed()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost));
    LoopbackReceiver other(QStringLiteral("Example"));
    QString error;
    QVERIFY(!other.listen(squatter.serverPort(), &error));
    QVERIFY2(error.contains(QString::number(squatter.serverPort())), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("in use")), qPrintable(error));
    QVERIFY(!other.isListening());
}

void tst_LoopbackReceiver::destroyingFreesThePort()
{
    QTcpSocket idle; // a browser that connected and sent nothing
    idle.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(idle.waitForConnected(2000));
    m_receiver.reset();
    QVERIFY(!listening(m_port));
}

QTEST_GUILESS_MAIN(tst_LoopbackReceiver)
#include "tst_loopbackreceiver.moc"

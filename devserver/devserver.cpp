// SPDX-License-Identifier: BSD-3-Clause
#include "devserver.h"

#include "faultresponder.h"
#include "logging.h"
#include "responsewriter.h"
#include "sniffingtcpserver.h"

#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Tessera::DevServer {

namespace {
constexpr int listenBacklog = 4096;
constexpr int maxPendingConnections = 100000;
} // namespace

DevServer::DevServer(const DevServerOptions &options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_state(options)
    , m_auth(m_state)
    , m_formAuth(m_state)
    , m_oauth(m_state)
    , m_discovery(m_state)
    , m_authorization(m_state)
    , m_device(m_state)
    , m_api(m_state)
    , m_control(m_state)
{ }

bool DevServer::recordIssuedTokens(const QString &path, QString *error)
{
    if (!m_state.issuedLog.open(path, error))
        return false;
    m_state.issuedLog.recordSecret(m_state.appKey);
    return true;
}

bool DevServer::listen(quint16 port, std::optional<quint16> secondPort, QString *error)
{
    if (!listenOn(port, &m_state.port, error))
        return false;
    return !secondPort || listenOn(*secondPort, &m_state.secondPort, error);
}

bool DevServer::listenOn(quint16 port, quint16 *boundPort, QString *error)
{
    auto *server = new SniffingTcpServer(this);
    server->setListenBacklogSize(listenBacklog);
    server->setMaxPendingConnections(maxPendingConnections);
    if (!server->listen(QHostAddress::LocalHost, port)) {
        *error = u"cannot listen on 127.0.0.1:%1: %2"_s.arg(port).arg(server->errorString());
        delete server;
        return false;
    }
    bind(server);
    *boundPort = server->serverPort();
    return true;
}

bool DevServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const HttpRequestData data = HttpRequestData::fromRequest(request, socket);
    if (m_state.secondPort != 0 && socket->localPort() == m_state.secondPort)
        recordSecondOrigin(socket, data);
    else
        dispatch(socket, data);
    return true;
}

void DevServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() answers every request.
    const HttpRequestData data = HttpRequestData::fromRequest(request, socket);
    ResponseWriter::send(socket, data,
                         HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s));
}

void DevServer::dispatch(QTcpSocket *socket, const HttpRequestData &request)
{
    if (request.path.startsWith("/api/"_L1))
        ++m_state.stats.apiRequests;
    const auto fault =
            request.path.startsWith("/_dev/"_L1) ? std::nullopt : m_state.faults.take(request.path);
    if (!fault) {
        answerNormally(socket, request);
        return;
    }
    if (fault->delayMs <= 0) {
        answerFault(socket, request, *fault);
        return;
    }
    logExchange(request, u"delayed %1 ms"_s.arg(fault->delayMs));
    // The socket is the timer's context: if the client goes away, the answer is dropped.
    QTimer::singleShot(fault->delayMs, Qt::PreciseTimer, socket,
                       [this, guard = QPointer<QTcpSocket>(socket), request, fault = *fault] {
                           if (guard)
                               answerFault(guard, request, fault);
                       });
}

void DevServer::answerFault(QTcpSocket *socket, const HttpRequestData &request, const Fault &fault)
{
    if (!fault.replacesResponse()) {
        answerNormally(socket, request);
        return;
    }
    if (fault.loseAnswer) {
        // The request takes effect (a refresh really rotates), but its answer never arrives.
        const HttpResponse lost = route(request);
        logExchange(request, u"%1, answer lost"_s.arg(lost.status));
        ResponseWriter::closeWithoutResponse(socket);
        return;
    }
    logExchange(request, u"injected fault"_s);
    FaultResponder::respond(socket, request, fault);
}

void DevServer::answerNormally(QTcpSocket *socket, const HttpRequestData &request)
{
    const HttpResponse response = route(request);
    logExchange(request, QString::number(response.status));
    ResponseWriter::send(socket, request, response);
}

HttpResponse DevServer::route(const HttpRequestData &request)
{
    const QString &path = request.path;
    if (path.startsWith("/auth/"_L1))
        return m_auth.handle(request);
    if (path.startsWith("/form-auth/"_L1))
        return m_formAuth.handle(request);
    if (path == "/oauth/authorize"_L1)
        return m_authorization.handle(request);
    if (path == "/oauth/device_authorization"_L1 || path == "/device"_L1)
        return m_device.handle(request);
    if (path.startsWith("/oauth/"_L1))
        return m_oauth.handle(request);
    if (path.startsWith("/.well-known/"_L1))
        return m_discovery.handle(request);
    if (path.startsWith("/api/"_L1))
        return m_api.handle(request);
    if (path.startsWith("/_dev/"_L1))
        return m_control.handle(request);
    return HttpResponse::error(404, u"not_found"_s, u"No such endpoint"_s);
}

void DevServer::recordSecondOrigin(QTcpSocket *socket, const HttpRequestData &request)
{
    SecondOriginLog &log = m_state.secondOrigin;
    ++log.count;
    log.authorizationPresent = false;
    log.headerNames.clear();
    for (const auto &[name, value] : request.headers) {
        const QString lower = QString::fromLatin1(name).toLower();
        log.headerNames.append(lower);
        if (lower == "authorization"_L1)
            log.authorizationPresent = true;
    }
    logExchange(request, u"recorded by the second origin"_s);
    ResponseWriter::send(socket, request,
                         HttpResponse::json(200, QJsonObject {{u"recorded"_s, true}}));
}

void DevServer::logExchange(const HttpRequestData &request, const QString &outcome) const
{
    // Only the method and path: never query strings, headers or bodies (they carry secrets).
    if (m_verbose || lcDevServer().isDebugEnabled())
        qCInfo(lcDevServer).noquote()
                << QString::fromLatin1(request.method) << request.path << "->" << outcome;
}

} // namespace Tessera::DevServer

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "apiendpoints.h"
#include "authendpoints.h"
#include "authorizationendpoint.h"
#include "controlendpoints.h"
#include "deviceendpoints.h"
#include "devstate.h"
#include "discoveryendpoints.h"
#include "formauthendpoints.h"
#include "oauthendpoints.h"

#include <QAbstractHttpServer>

namespace Tessera::DevServer {

class Fault;

// The HTTP server: listens on 127.0.0.1 only, applies injected faults and routes requests to
// the endpoint groups. Every response is written raw, so it can be delayed, truncated or
// replaced by closing the connection.
class DevServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    explicit DevServer(const DevServerOptions &options, QObject *parent = nullptr);

    // Listens on `port` and, when given, on the second (redirect target) origin port.
    bool listen(quint16 port, std::optional<quint16> secondPort, QString *error);
    // Appends every issued token to `path` (--issued-tokens-file).
    bool recordIssuedTokens(const QString &path, QString *error);
    quint16 port() const { return m_state.port; }
    quint16 secondPort() const { return m_state.secondPort; }
    void setVerbose(bool verbose) { m_verbose = verbose; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    bool listenOn(quint16 port, quint16 *boundPort, QString *error);
    void dispatch(QTcpSocket *socket, const HttpRequestData &request);
    void answerFault(QTcpSocket *socket, const HttpRequestData &request, const Fault &fault);
    void answerNormally(QTcpSocket *socket, const HttpRequestData &request);
    void recordSecondOrigin(QTcpSocket *socket, const HttpRequestData &request);
    HttpResponse route(const HttpRequestData &request);
    void logExchange(const HttpRequestData &request, const QString &outcome) const;

    DevState m_state;
    AuthEndpoints m_auth;
    FormAuthEndpoints m_formAuth;
    OAuthEndpoints m_oauth;
    DiscoveryEndpoints m_discovery;
    AuthorizationEndpoint m_authorization;
    DeviceEndpoints m_device;
    ApiEndpoints m_api;
    ControlEndpoints m_control;
    bool m_verbose = false;
};

} // namespace Tessera::DevServer

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httprequestdata.h"
#include "httpresponse.h"

class QTcpSocket;

namespace Tessera::DevServer {

// Writes raw HTTP/1.1 to a connection. Keep-alive connections stay open; connections whose
// request asked for "Connection: close" are closed once the response is flushed.
class ResponseWriter
{
public:
    static void send(QTcpSocket *socket, const HttpRequestData &request,
                     const HttpResponse &response);
    // Large bodies are written in chunks as the socket drains, so the server stays responsive.
    static void stream(QTcpSocket *socket, const HttpRequestData &request,
                       const HttpResponse &response);
    // Announces `declaredLength` bytes, sends only response.body, then closes the connection.
    static void sendTruncated(QTcpSocket *socket, const HttpResponse &response,
                              qint64 declaredLength);
    static void closeWithoutResponse(QTcpSocket *socket);
};

} // namespace Tessera::DevServer

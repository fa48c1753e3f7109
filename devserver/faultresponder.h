// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "fault.h"
#include "httprequestdata.h"
#include "httpresponse.h"

class QTcpSocket;

namespace Tessera::DevServer {

// Answers a request the way a fault describes: odd bodies, statuses, truncation or no answer.
class FaultResponder
{
public:
    static void respond(QTcpSocket *socket, const HttpRequestData &request, const Fault &fault);

private:
    enum class Dialect { Json, OAuth, Api };
    static Dialect dialectOf(const QString &path);
    static HttpResponse responseFor(const Fault &fault, Dialect dialect);
    static QByteArray bodyFor(Fault::Body body, Dialect dialect, int status);
    static QByteArray statusOnlyBody(Dialect dialect, int status);
    static QByteArray wrongTypesBody(Dialect dialect);
    static QByteArray hugeBody(Dialect dialect);
    static QByteArray echoBody(const HttpRequestData &request, Dialect dialect);
};

} // namespace Tessera::DevServer

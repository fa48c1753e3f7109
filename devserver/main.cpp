// SPDX-License-Identifier: BSD-3-Clause
#include "devserver.h"
#include "devserveroptions.h"
#include "logging.h"

#include <QCoreApplication>

#include <cstdio>

#ifdef Q_OS_UNIX
#    include <sys/resource.h>
#endif

using namespace Tessera::DevServer;

namespace {

// Many concurrent test connections need more descriptors than the usual soft limit of 1024.
void raiseFileDescriptorLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
#endif
}

QLoggingCategory::CategoryFilter previousCategoryFilter = nullptr;

// Qt HttpServer's debug output prints whole requests, Authorization headers included. Keep it
// off whatever QT_LOGGING_RULES says: nothing secret may reach the logs.
void silenceRequestDumps(QLoggingCategory *category)
{
    if (previousCategoryFilter)
        previousCategoryFilter(category);
    if (qstrncmp(category->categoryName(), "qt.httpserver", 13) == 0) {
        category->setEnabled(QtDebugMsg, false);
        category->setEnabled(QtInfoMsg, false);
    }
}

void printLine(const QByteArray &line)
{
    std::fputs(line.constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    previousCategoryFilter = QLoggingCategory::installFilter(silenceRequestDumps);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tessera-devserver"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TESSERA_DEVSERVER_VERSION));

    DevServerOptions options;
    QString error;
    if (!options.parse(app, &error)) {
        std::fprintf(stderr, "tessera-devserver: %s\n", qPrintable(error));
        return 2;
    }
    raiseFileDescriptorLimit();

    DevServer server(options);
    server.setVerbose(options.verbose);
    if (!options.issuedTokensFile.isEmpty()
        && !server.recordIssuedTokens(options.issuedTokensFile, &error)) {
        std::fprintf(stderr, "tessera-devserver: %s\n", qPrintable(error));
        return 2;
    }
    if (!server.listen(options.port, options.redirectPort, &error)) {
        std::fprintf(stderr, "tessera-devserver: %s\n", qPrintable(error));
        return 1;
    }
    printLine("tessera-devserver listening on http://127.0.0.1:"
              + QByteArray::number(server.port()));
    if (options.redirectPort) {
        printLine("tessera-devserver second origin on http://127.0.0.1:"
                  + QByteArray::number(server.secondPort()));
    }
    qCInfo(lcDevServer, "ready");
    return app.exec();
}

// SPDX-License-Identifier: BSD-3-Clause
// tessera-consumer PROFILE < password
// What another Qt app does with an installed Tessera: load a profile, sign in, and make an
// authenticated request through Tessera::NetworkAccessManager. Exits 0 when the API answered.
#include <Tessera/memorytokenstore.h>
#include <Tessera/networkaccessmanager.h>
#include <Tessera/profile.h>
#include <Tessera/session.h>

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: tessera-consumer PROFILE < password\n");
        return 2;
    }
    const Tessera::ProfileLoadResult loaded =
            Tessera::Profile::load(QString::fromLocal8Bit(argv[1]));
    if (!loaded) {
        std::fprintf(stderr, "%s\n", qPrintable(loaded.errorString()));
        return 2;
    }
    const QByteArray password = QTextStream(stdin).readLine().toUtf8();

    Tessera::MemoryTokenStore store;
    Tessera::Session session(loaded.profile());
    session.setTokenStore(&store);
    Tessera::NetworkAccessManager manager(&session);

    int status = 1;
    QObject::connect(&session, &Tessera::Session::errorOccurred, &app,
                     [&](Tessera::Session::Error, const QString &text) {
                         std::fprintf(stderr, "session: %s\n", qPrintable(text));
                         app.exit(1);
                     });
    QObject::connect(&session, &Tessera::Session::signedIn, &app, [&] {
        QNetworkReply *reply = manager.get(QNetworkRequest(
                loaded.profile().baseUrl().resolved(QUrl(QStringLiteral("/api/me")))));
        QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply] {
            const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
            std::printf("state %s, GET /api/me -> %d, user %s\n",
                        session.state() == Tessera::Session::State::Active ? "active" : "other",
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                        qPrintable(body.value(QStringLiteral("user")).toString()));
            status = reply->error() == QNetworkReply::NoError ? 0 : 1;
            app.exit(status);
        });
    });
    QTimer::singleShot(20000, &app, [&] {
        std::fprintf(stderr, "timed out\n");
        app.exit(1);
    });
    session.signIn(QStringLiteral("alice"), Tessera::Secret(password));
    return app.exec();
}

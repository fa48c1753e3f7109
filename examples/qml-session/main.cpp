// SPDX-License-Identifier: BSD-3-Clause
// tessera-qml-example [PROFILE]: a QML app whose XMLHttpRequests carry a Tessera session's
// token. The two lines that matter are marked.
#include <Tessera/profile.h>
#include <Tessera/qmlnetworkaccessmanagerfactory.h>

#include <QDir>
#include <QGuiApplication>
#include <QQmlApplicationEngine>

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    QString profilePath =
            arguments.size() > 1 ? arguments.at(1) : qEnvironmentVariable("TESSERA_PROFILE");
    if (profilePath.isEmpty())
        profilePath = QStringLiteral(TESSERA_DEFAULT_PROFILE);
    profilePath = QDir::current().absoluteFilePath(profilePath);

    // Where the example's list comes from: the profile's (first) API origin.
    const Tessera::ProfileLoadResult loaded = Tessera::Profile::load(profilePath);
    const QList<QUrl> origins = loaded ? loaded.profile().apiOrigins() : QList<QUrl>();
    const QString apiBase = origins.isEmpty() ? QString() : origins.first().toString();

    Tessera::QmlNetworkAccessManagerFactory factory; // (1) outlives the engine
    QQmlApplicationEngine engine;
    engine.setNetworkAccessManagerFactory(&factory); // (2) before anything is loaded
    engine.addImportPath(QStringLiteral(TESSERA_QML_IMPORT_PATH)); // the build tree's module
    engine.setInitialProperties(
            {{QStringLiteral("profilePath"), profilePath}, {QStringLiteral("apiBase"), apiBase}});
    QObject::connect(
            &engine, &QQmlApplicationEngine::objectCreationFailed, &app,
            [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/QmlSessionExample/Main.qml")));
    return app.exec();
}

// SPDX-License-Identifier: BSD-3-Clause
// Loads Tessera's translations (one catalog, tessera_<lang>.qm, for the library, the widgets and
// both programs) and Qt's own (qtbase) for the user's locale, as soon as an application object
// exists: every program that links Tessera::Core speaks the user's language without a call.
#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

// Where tessera_<lang>.qm is looked up, first match wins: $TESSERA_TRANSLATIONS_DIR, the build
// tree's translations/ (a run from the build tree, the tests), the installed directory.
QStringList translationDirectories()
{
    QStringList directories;
    const QString fromEnvironment = qEnvironmentVariable("TESSERA_TRANSLATIONS_DIR");
    if (!fromEnvironment.isEmpty())
        directories.append(fromEnvironment);
#ifdef TESSERA_BUILD_TRANSLATIONS_DIR
    directories.append(QStringLiteral(TESSERA_BUILD_TRANSLATIONS_DIR));
#endif
#ifdef TESSERA_INSTALLED_TRANSLATIONS_DIR
    directories.append(QStringLiteral(TESSERA_INSTALLED_TRANSLATIONS_DIR));
#endif
    return directories;
}

void loadTranslations()
{
    auto *application = QCoreApplication::instance();
    if (!application || application->property("_tessera_translations").toBool())
        return;
    application->setProperty("_tessera_translations", true);
    const QLocale locale;
    auto *tessera = new QTranslator(application);
    bool loaded = false;
    for (const QString &directory : translationDirectories()) {
        if (QDir(directory).exists()
            && tessera->load(locale, QStringLiteral("tessera"), QStringLiteral("_"), directory)) {
            loaded = QCoreApplication::installTranslator(tessera);
            break;
        }
    }
    if (!loaded)
        delete tessera;
    auto *qt = new QTranslator(application);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(loadTranslations)

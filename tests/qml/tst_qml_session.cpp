// SPDX-License-Identifier: BSD-3-Clause
// `import Tessera` under the offscreen platform: a TesseraSession made from a profile file,
// QML bindings to its Session, and the network access manager factory: XMLHttpRequest (the
// main thread) and Image (the image reader's thread) to the API carry the session's token,
// a request to another origin does not.
#include "devserverprocess.h"

#include <Tessera/memorytokenstore.h>
#include <Tessera/networkaccessmanager.h>
#include <Tessera/qmlnetworkaccessmanagerfactory.h>
#include <Tessera/session.h>

#include <QAbstractItemModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QNetworkReply>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

// A page as an app would write it: the session from a profile file, properties bound to it,
// and XMLHttpRequest.
const char *const page = R"(
import QtQml
import Tessera

QtObject {
    id: root
    property string profile
    property TesseraSession tessera: TesseraSession {
        profilePath: root.profile
        restoreOnLoad: false   // the test gives the session a memory store first
    }
    property int boundState: tessera.session ? tessera.session.state : -1
    property bool active: tessera.session !== null && tessera.session.state === Session.Active
    property string boundUser: tessera.session ? tessera.session.user : ""
    property string boundDisplayName: tessera.session ? tessera.session.displayName : ""
    property bool boundReady: tessera.session ? tessera.session.ready : false
    property bool boundSignedIn: tessera.session ? tessera.session.signedIn : false
    property bool noPrompt: tessera.session !== null
                            && tessera.session.signInPrompt.kind === 0 // SignInPrompt.Kind.None
                            && tessera.session.signInPrompt.userCode === ""
    property int signedInCount: 0
    property Connections watcher: Connections {
        target: root.tessera.session
        function onSignedIn() { root.signedInCount++ }
    }

    property bool done: false
    property int status: -1
    property string body

    function signIn(user, password) { tessera.signIn(user, password) }
    function get(url) {
        done = false
        const xhr = new XMLHttpRequest()
        xhr.onreadystatechange = function() {
            if (xhr.readyState !== XMLHttpRequest.DONE)
                return
            root.status = xhr.status
            root.body = xhr.responseText
            root.done = true
        }
        xhr.open("GET", url)
        xhr.send()
    }
}
)";

const char *const imagePage = R"(
import QtQuick

Image {
    asynchronous: true
    cache: false
}
)";

/*! \brief The factory, recording the threads QML asks for managers on. */
class RecordingFactory : public QmlNetworkAccessManagerFactory
{
public:
    QNetworkAccessManager *create(QObject *parent) override
    {
        {
            QMutexLocker lock(&mutex);
            threads.insert(QThread::currentThread());
        }
        return QmlNetworkAccessManagerFactory::create(parent);
    }
    QSet<QThread *> otherThreads()
    {
        QMutexLocker lock(&mutex);
        QSet<QThread *> others = threads;
        others.remove(QThread::currentThread());
        return others;
    }

    QMutex mutex;
    QSet<QThread *> threads;
};

} // namespace

class tst_QmlSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void bindsToTheSessionsProperties();
    void aProfileThatDoesNotLoadIsReported();
    void xhrToTheApiIsAuthenticated();
    void xhrToAnotherOriginIsNot();
    void xhrBeforeSigningInIsRefusedUnsent();
    void xhrAfterA401RefreshesAndRetries();
    void imageSourceOnTheApiIsAuthenticated();
    void managerOnAnotherThreadForwardsToTheSession();
    void forwardedRequestsEndWhenAbortedOrWithTheFactory();
    void theExampleSignsInAndLoadsItsList();

private:
    bool signIn();
    bool get(const QUrl &url);
    QStringList lastHeadersAtSecondOrigin();
    int stat(const char *name) { return m_server.stats().value(QLatin1String(name)).toInt(); }

    DevServerProcess m_server {{QStringLiteral("--redirect-port"), QStringLiteral("0")}};
    QTemporaryDir m_dir;
    QString m_profilePath;
    std::unique_ptr<RecordingFactory> m_factory;
    std::unique_ptr<QQmlEngine> m_engine;
    std::unique_ptr<QObject> m_root;
    MemoryTokenStore m_store;
    Session *m_session = nullptr;
};

void tst_QmlSession::initTestCase()
{
    QVERIFY(m_server.start());
    QVERIFY(m_server.secondOrigin().isValid());
    QVERIFY(m_dir.isValid());
    m_profilePath = m_server.writeProfile(m_dir.path(), QStringLiteral("qml-test"));
}

void tst_QmlSession::init()
{
    m_server.post(QStringLiteral("/_dev/reset"), {});
    m_factory = std::make_unique<RecordingFactory>();
    m_engine = std::make_unique<QQmlEngine>();
    m_engine->setNetworkAccessManagerFactory(m_factory.get());
    m_engine->addImportPath(QStringLiteral(TESSERA_QML_IMPORT_PATH));
    QQmlComponent component(m_engine.get());
    component.setData(page, QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("Page.qml"))));
    QVERIFY2(component.isReady(), qPrintable(component.errorString()));
    m_root.reset(
            component.createWithInitialProperties({{QStringLiteral("profile"), m_profilePath}}));
    QVERIFY2(m_root, qPrintable(component.errorString()));
    auto *tessera = m_root->property("tessera").value<QObject *>();
    QVERIFY(tessera);
    QCOMPARE(tessera->property("loadError").toString(), QString());
    m_session = tessera->property("session").value<Session *>();
    QVERIFY(m_session);
    m_session->setTokenStore(&m_store);
    // The session made in QML is the one the engine's network loads use.
    QCOMPARE(m_factory->session(), m_session);
}

void tst_QmlSession::cleanup()
{
    m_root.reset();
    m_engine.reset(); // before the factory it uses
    m_factory.reset();
    m_session = nullptr;
}

bool tst_QmlSession::signIn()
{
    QMetaObject::invokeMethod(m_root.get(), "signIn", Q_ARG(QVariant, Accounts::alice),
                              Q_ARG(QVariant, QString::fromUtf8(Accounts::alicePassword)));
    return QTest::qWaitFor([this] { return m_root->property("active").toBool(); }, 10000);
}

bool tst_QmlSession::get(const QUrl &url)
{
    QMetaObject::invokeMethod(m_root.get(), "get", Q_ARG(QVariant, url.toString()));
    return QTest::qWaitFor([this] { return m_root->property("done").toBool(); }, 10000);
}

QStringList tst_QmlSession::lastHeadersAtSecondOrigin()
{
    const QJsonObject answer =
            m_server.get(QStringLiteral("/_dev/second-origin/last-headers")).body;
    QStringList names;
    for (const QJsonValue &name : answer.value(QStringLiteral("header_names")).toArray())
        names.append(name.toString().toLower());
    return names;
}

void tst_QmlSession::bindsToTheSessionsProperties()
{
    QCOMPARE(m_root->property("boundState").toInt(), int(Session::State::SignedOut));
    QCOMPARE(m_root->property("boundUser").toString(), QString());
    QVERIFY(m_root->property("boundReady").toBool());
    QVERIFY(m_root->property("noPrompt").toBool()); // the prompt's properties are readable
    QVERIFY(signIn());
    QCOMPARE(m_root->property("boundState").toInt(), int(Session::State::Active));
    QCOMPARE(m_root->property("boundUser").toString(), Accounts::alice);
    QCOMPARE(m_root->property("boundDisplayName").toString(), m_session->displayName());
    QVERIFY(!m_session->displayName().isEmpty());
    QVERIFY(m_root->property("boundSignedIn").toBool());
    QCOMPARE(m_root->property("signedInCount").toInt(), 1);

    m_session->signOut();
    QTRY_COMPARE(m_root->property("boundState").toInt(), int(Session::State::SignedOut));
    QCOMPARE(m_root->property("boundUser").toString(), QString());
    QVERIFY(!m_root->property("boundSignedIn").toBool());
}

void tst_QmlSession::aProfileThatDoesNotLoadIsReported()
{
    QQmlComponent component(m_engine.get());
    component.setData(R"(
import Tessera
TesseraSession { profilePath: "/nonexistent/profile.json" }
)",
                      QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("Broken.qml"))));
    std::unique_ptr<QObject> broken(component.create());
    QVERIFY2(broken, qPrintable(component.errorString()));
    QVERIFY(!broken->property("session").value<Session *>());
    const QString error = broken->property("loadError").toString();
    QVERIFY2(error.contains(QStringLiteral("/nonexistent/profile.json")), qPrintable(error));
    // It did not take the place of the session the engine's requests use.
    QCOMPARE(m_factory->session(), m_session);

    // A path that loads, set later, makes a session.
    QSignalSpy sessionChanged(broken.get(), SIGNAL(sessionChanged()));
    broken->setProperty("restoreOnLoad", false);
    broken->setProperty("profilePath", m_profilePath);
    QCOMPARE(sessionChanged.count(), 1);
    QVERIFY(broken->property("session").value<Session *>());
    QCOMPARE(broken->property("loadError").toString(), QString());
}

void tst_QmlSession::xhrToTheApiIsAuthenticated()
{
    QVERIFY(signIn());
    m_server.resetStats();
    QVERIFY(get(m_server.url(QStringLiteral("/api/echo"))));
    QCOMPARE(m_root->property("status").toInt(), 200);
    const QJsonObject echo =
            QJsonDocument::fromJson(m_root->property("body").toString().toUtf8()).object();
    QCOMPARE(echo.value(QStringLiteral("user")).toString(), Accounts::alice);
    QVERIFY(!echo.value(QStringLiteral("jti")).toString().isEmpty());
    QCOMPARE(stat("api_requests"), 1);
    QCOMPARE(stat("api_unauthorized"), 0);
}

void tst_QmlSession::xhrToAnotherOriginIsNot()
{
    QVERIFY(signIn());
    QVERIFY(get(m_server.secondOrigin().resolved(QUrl(QStringLiteral("/record")))));
    QCOMPARE(m_root->property("status").toInt(), 200);
    const QStringList headers = lastHeadersAtSecondOrigin();
    QVERIFY(!headers.isEmpty());
    QVERIFY2(!headers.contains(QStringLiteral("authorization")), qPrintable(headers.join(u',')));
}

void tst_QmlSession::xhrBeforeSigningInIsRefusedUnsent()
{
    m_server.resetStats();
    QVERIFY(get(m_server.url(QStringLiteral("/api/me"))));
    QCOMPARE(m_root->property("status").toInt(), 0); // a network error, not an HTTP answer
    QCOMPARE(stat("api_requests"), 0);
}

void tst_QmlSession::xhrAfterA401RefreshesAndRetries()
{
    QVERIFY(signIn());
    m_server.post(QStringLiteral("/_dev/revoke-access-tokens"), {});
    m_server.resetStats();
    QVERIFY(get(m_server.url(QStringLiteral("/api/me"))));
    QCOMPARE(m_root->property("status").toInt(), 200);
    QCOMPARE(stat("api_unauthorized"), 1);
    QCOMPARE(stat("refreshes"), 1);
    QCOMPARE(stat("api_requests"), 2);
}

void tst_QmlSession::imageSourceOnTheApiIsAuthenticated()
{
    QVERIFY(signIn());
    m_server.resetStats();
    QQmlComponent component(m_engine.get());
    component.setData(imagePage, QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("Image.qml"))));
    QVERIFY2(component.isReady(), qPrintable(component.errorString()));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("Error decoding: .*/api/me")));
    std::unique_ptr<QObject> image(component.createWithInitialProperties(
            {{QStringLiteral("source"), m_server.url(QStringLiteral("/api/me"))}}));
    QVERIFY2(image, qPrintable(component.errorString()));
    // The answer is JSON, not an image: the load ends in an error, after the request was
    // answered as an authenticated one.
    constexpr int error = 3; // Image.Error
    QTRY_COMPARE_WITH_TIMEOUT(image->property("status").toInt(), error, 10000);
    QCOMPARE(stat("api_requests"), 1);
    QCOMPARE(stat("api_unauthorized"), 0);
    // It came from the image reader's thread, through a manager made there.
    QVERIFY(!m_factory->otherThreads().isEmpty());
}

/*! \brief How a request on a manager of another thread ended. */
struct Outcome
{
    bool isDone()
    {
        QMutexLocker lock(&mutex);
        return done;
    }

    QMutex mutex;
    bool done = false;
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QThread *replyThread = nullptr;
    QNetworkReply *reply = nullptr; //!< the worker thread's, while it runs
};

/*! \brief A thread of the test's own with a manager from \a factory on it, as QML's type
 *  loader and image reader have. */
class Worker
{
public:
    explicit Worker(QQmlNetworkAccessManagerFactory &factory)
    {
        thread.start();
        context.moveToThread(&thread);
        QMetaObject::invokeMethod(
                &context, [&] { manager = factory.create(nullptr); }, Qt::BlockingQueuedConnection);
    }
    ~Worker()
    {
        QMetaObject::invokeMethod(
                &context, [this] { delete manager; }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }

    /*! \brief GETs \a url on the worker's thread; \a outcome is filled in when it ends. */
    void get(const QUrl &url, Outcome &outcome)
    {
        QMetaObject::invokeMethod(&context, [this, &outcome, url] {
            QNetworkReply *reply = manager->get(QNetworkRequest(url));
            {
                QMutexLocker lock(&outcome.mutex);
                outcome.reply = reply;
            }
            QObject::connect(reply, &QNetworkReply::finished, reply, [&outcome, reply] {
                QMutexLocker lock(&outcome.mutex);
                outcome.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                outcome.error = reply->error();
                outcome.body = reply->readAll();
                outcome.replyThread = QThread::currentThread();
                outcome.done = true;
                outcome.reply = nullptr;
                reply->deleteLater();
            });
        });
    }

    /*! \brief Aborts the request of \a outcome, on the worker's thread. */
    void abort(Outcome &outcome)
    {
        QMetaObject::invokeMethod(
                &context,
                [&outcome] {
                    QNetworkReply *reply = nullptr;
                    {
                        QMutexLocker lock(&outcome.mutex);
                        reply = outcome.reply;
                    }
                    if (reply)
                        reply->abort();
                },
                Qt::BlockingQueuedConnection);
    }

    QThread thread;
    QObject context;
    QNetworkAccessManager *manager = nullptr;
};

// What QML's loader threads do, done by hand: a manager made on another thread sends an API
// request through the session's thread, and another origin's request itself.
void tst_QmlSession::managerOnAnotherThreadForwardsToTheSession()
{
    QVERIFY(signIn());
    Worker worker(*m_factory);
    QVERIFY(worker.manager);
    QCOMPARE(worker.manager->thread(), &worker.thread);

    Outcome api;
    worker.get(m_server.url(QStringLiteral("/api/echo")), api);
    QTRY_VERIFY_WITH_TIMEOUT(api.isDone(), 10000);
    QCOMPARE(api.status, 200);
    QCOMPARE(api.replyThread, &worker.thread);
    QCOMPARE(QJsonDocument::fromJson(api.body).object().value(QStringLiteral("user")).toString(),
             Accounts::alice);

    Outcome other;
    worker.get(m_server.secondOrigin().resolved(QUrl(QStringLiteral("/record"))), other);
    QTRY_VERIFY_WITH_TIMEOUT(other.isDone(), 10000);
    QCOMPARE(other.status, 200);
    const QStringList headers = lastHeadersAtSecondOrigin();
    QVERIFY(!headers.isEmpty());
    QVERIFY2(!headers.contains(QStringLiteral("authorization")), qPrintable(headers.join(u',')));
}

// A forwarded request the server is still holding: aborted by its caller, or cut off by the
// factory's end, it finishes at once with OperationCanceledError on the caller's thread.
void tst_QmlSession::forwardedRequestsEndWhenAbortedOrWithTheFactory()
{
    QVERIFY(signIn());
    const auto holdTheNextEcho = [this] {
        m_server.addFault({{QStringLiteral("path"), QStringLiteral("/api/echo")},
                           {QStringLiteral("count"), 1},
                           {QStringLiteral("delay_ms"), 20000}});
    };
    {
        Worker worker(*m_factory);
        m_server.resetStats();
        holdTheNextEcho();
        Outcome aborted;
        worker.get(m_server.url(QStringLiteral("/api/echo")), aborted);
        QTRY_COMPARE(stat("api_requests"), 1); // at the server, which holds it
        QVERIFY(!aborted.isDone());
        worker.abort(aborted);
        QVERIFY(aborted.isDone());
        QCOMPARE(aborted.error, QNetworkReply::OperationCanceledError);
        QCOMPARE(aborted.status, 0);
    }
    {
        auto factory = std::make_unique<QmlNetworkAccessManagerFactory>(m_session);
        Worker worker(*factory);
        m_server.resetStats();
        holdTheNextEcho();
        Outcome cut;
        worker.get(m_server.url(QStringLiteral("/api/echo")), cut);
        QTRY_COMPARE(stat("api_requests"), 1);
        QVERIFY(!cut.isDone());
        factory.reset();
        QTRY_VERIFY(cut.isDone());
        QCOMPARE(cut.error, QNetworkReply::OperationCanceledError);
        QCOMPARE(cut.replyThread, &worker.thread);

        // The manager outlives the factory: it is a plain manager now, which sends an API
        // request itself, without a token.
        Outcome late;
        worker.get(m_server.url(QStringLiteral("/api/me")), late);
        QTRY_VERIFY(late.isDone());
        QCOMPARE(late.status, 401);
    }
}

// examples/qml-session/Main.qml as it is, driven through its controls, with the session in the
// keychain (the test runs in a throw-away one: scripts/with-keyring.sh).
void tst_QmlSession::theExampleSignsInAndLoadsItsList()
{
    // The page's session goes, and with it the factory's: the example's session takes its place.
    m_root.reset();
    m_session = nullptr;
    QVERIFY(!m_factory->session());
    m_server.resetStats();
    QQmlComponent component(m_engine.get(),
                            QUrl::fromLocalFile(QStringLiteral(TESSERA_EXAMPLE_QML)));
    QVERIFY2(component.isReady(), qPrintable(component.errorString()));
    std::unique_ptr<QObject> window(component.createWithInitialProperties(
            {{QStringLiteral("profilePath"), m_profilePath},
             {QStringLiteral("apiBase"), m_server.baseUrl().toString(QUrl::StripTrailingSlash)}}));
    QVERIFY2(window, qPrintable(component.errorString()));
    auto *password = window->findChild<QObject *>(QStringLiteral("password"));
    auto *signInButton = window->findChild<QObject *>(QStringLiteral("signIn"));
    auto *list = window->findChild<QAbstractItemModel *>(QStringLiteral("seen"));
    QVERIFY(password && signInButton && list);
    // The example's session restored (nothing stored) and waits on its sign-in page.
    QTRY_VERIFY_WITH_TIMEOUT(signInButton->property("visible").toBool(), 10000);
    QCOMPARE(list->rowCount(), 0);
    auto *tessera = window->findChild<QObject *>(QStringLiteral("tessera"));
    QVERIFY(tessera);
    QVERIFY(m_factory->session());
    QCOMPARE(m_factory->session(), tessera->property("session").value<Session *>());

    password->setProperty("text", QString::fromUtf8(Accounts::alicePassword));
    QVERIFY(QMetaObject::invokeMethod(signInButton, "clicked"));
    QCOMPARE(password->property("text").toString(), QString()); // not kept in the field
    QTRY_VERIFY_WITH_TIMEOUT(list->rowCount() > 2, 10000);
    const QHash<int, QByteArray> roles = list->roleNames();
    const int nameRole = roles.key("name"), valueRole = roles.key("value");
    QCOMPARE(list->index(0, 0).data(nameRole).toString(), QStringLiteral("user"));
    QCOMPARE(list->index(0, 0).data(valueRole).toString(), Accounts::alice);
    QCOMPARE(stat("api_unauthorized"), 0);

    auto *signOutButton = window->findChild<QObject *>(QStringLiteral("signOut"));
    QVERIFY(signOutButton);
    QVERIFY(QMetaObject::invokeMethod(signOutButton, "clicked"));
    QTRY_VERIFY_WITH_TIMEOUT(signInButton->property("visible").toBool(), 10000);
    QCOMPARE(list->rowCount(), 0);
}

QTEST_MAIN(tst_QmlSession)
#include "tst_qml_session.moc"

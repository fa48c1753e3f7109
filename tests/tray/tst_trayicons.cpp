// SPDX-License-Identifier: BSD-3-Clause
// Session state -> tray look, against real sessions on the dev server.
#include "devserverprocess.h"
#include "sessionharness.h"
#include "trayicons.h"

#include <QApplication>
#include <QIcon>
#include <QPainter>

#include <cmath>

using namespace Tessera;
using namespace Tessera::Test;
using namespace std::chrono_literals;
using namespace Tessera::Tray;
using State = Session::State;

namespace {
const QList<TrayState> allLooks {TrayState::SignedOut,    TrayState::Active,
                                 TrayState::ExpiringSoon, TrayState::Refreshing,
                                 TrayState::Offline,      TrayState::SignInNeeded};

// \a state's icon at panel size, drawn over \a background, in grey levels only.
QImage greyOver(TrayState state, const QColor &background, int size = 22)
{
    QImage image(size, size, QImage::Format_ARGB32);
    image.fill(background);
    QPainter painter(&image);
    trayIcon(state).paint(&painter, QRect(0, 0, size, size));
    painter.end();
    return image.convertToFormat(QImage::Format_Grayscale8);
}

// WCAG 2.1 relative luminance and contrast ratio.
double luminance(const QColor &colour)
{
    const auto channel = [](double c) {
        return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
           + 0.0722 * channel(colour.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// How many pixels of \a a and \a b differ by more than \a threshold grey levels.
int differing(const QImage &a, const QImage &b, int threshold)
{
    int count = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x)
            count += std::abs(qGray(a.pixel(x, y)) - qGray(b.pixel(x, y))) > threshold ? 1 : 0;
    }
    return count;
}
} // namespace

class tst_TrayIcons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyLookHasItsOwnIcon();
    void looksDifferInShapeNotOnlyInColour();
    void looksReadOnLightAndDarkPanels();
    void sessionStatesMapToLooks();
    void mostUrgentWins_data();
    void mostUrgentWins();

private:
    DevServerProcess m_server;
};

void tst_TrayIcons::initTestCase()
{
    Q_INIT_RESOURCE(tessera_tray);
    QVERIFY(m_server.start());
    m_server.configure(
            {{QStringLiteral("access_lifetime"), 300}, {QStringLiteral("refresh_lifetime"), 3600}});
}

void tst_TrayIcons::everyLookHasItsOwnIcon()
{
    QSet<QString> paths;
    for (TrayState state : allLooks) {
        paths.insert(trayIconPath(state, 22));
        // Rendered from the SVG at the build, at panel sizes and between them.
        for (int size : {16, 20, 22, 48, 64}) {
            const QPixmap pixmap = trayIcon(state).pixmap(size, size);
            QVERIFY2(!pixmap.isNull(), qPrintable(trayStateName(state)));
            QCOMPARE(pixmap.width(), size);
        }
    }
    QCOMPARE(paths.size(), 6);
}

void tst_TrayIcons::looksDifferInShapeNotOnlyInColour()
{
    // In grey levels (as someone who cannot tell red from green sees them, roughly), every
    // pair of looks still differs in a good part of the icon: the shapes differ.
    for (int i = 0; i < allLooks.size(); ++i) {
        for (int j = i + 1; j < allLooks.size(); ++j) {
            for (const QColor &panel : {QColor(Qt::white), QColor(0x40, 0x40, 0x40)}) {
                const int pixels = differing(greyOver(allLooks.at(i), panel),
                                             greyOver(allLooks.at(j), panel), 48);
                QVERIFY2(pixels >= 22 * 22 / 12,
                         qPrintable(QStringLiteral("%1 vs %2: %3 pixels")
                                            .arg(trayStateName(allLooks.at(i)),
                                                 trayStateName(allLooks.at(j)))
                                            .arg(pixels)));
            }
        }
    }
}

void tst_TrayIcons::looksReadOnLightAndDarkPanels()
{
    // Against a white and a black panel alike, each icon is of a good size and a good part of
    // it stands out with the 3:1 contrast asked of graphics (WCAG 2.1, 1.4.11).
    for (const TrayState state : allLooks) {
        for (const QColor &panel : {QColor(Qt::white), QColor(Qt::black)}) {
            QImage image(22, 22, QImage::Format_ARGB32);
            image.fill(panel);
            QPainter painter(&image);
            trayIcon(state).paint(&painter, image.rect());
            painter.end();
            // Of the pixels the icon covers, how many are clearly apart from the panel.
            QImage alpha(22, 22, QImage::Format_ARGB32);
            alpha.fill(Qt::transparent);
            QPainter mask(&alpha);
            trayIcon(state).paint(&mask, alpha.rect());
            mask.end();
            int covered = 0;
            int clear = 0;
            for (int y = 0; y < image.height(); ++y) {
                for (int x = 0; x < image.width(); ++x) {
                    if (qAlpha(alpha.pixel(x, y)) < 128)
                        continue;
                    ++covered;
                    clear += contrast(image.pixelColor(x, y), panel) >= 3.0 ? 1 : 0;
                }
            }
            // The halo that helps on dark panels vanishes on white ones, so a tenth of the whole
            // area is asked for, not a share of what the icon covers.
            QVERIFY2(covered >= 22 * 22 / 4 && clear >= 22 * 22 / 10,
                     qPrintable(QStringLiteral("%1 on %2: %3 of %4 pixels")
                                        .arg(trayStateName(state), panel.name())
                                        .arg(clear)
                                        .arg(covered)));
        }
    }
}

void tst_TrayIcons::sessionStatesMapToLooks()
{
    SessionHarness h(m_server.profile(Profile::Dialect::Json));
    const auto look = [&](std::chrono::seconds warning = 600s) {
        return trayStateOf(*h.session, h.clock.now(), warning);
    };
    QCOMPARE(look(), TrayState::SignedOut);
    h.session->signIn(Accounts::alice, Secret(Accounts::alicePassword));
    QCOMPARE(look(), TrayState::Refreshing); // signing in: busy
    QTRY_COMPARE(h.session->state(), State::Active);
    QCOMPARE(look(), TrayState::Active);
    // Within the warning time of the session's end (the refresh token's expiry): hourglass.
    QCOMPARE(look(std::chrono::seconds(h.clock.now().secsTo(h.session->refreshExpiresAt()) + 1)),
             TrayState::ExpiringSoon);

    m_server.addFault({{QStringLiteral("path"), QStringLiteral("/auth/refresh")},
                       {QStringLiteral("count"), 1},
                       {QStringLiteral("status"), 503}});
    h.session->refresh();
    QCOMPARE(look(), TrayState::Refreshing);
    QTRY_COMPARE(h.session->state(), State::RefreshRetrying);
    QCOMPARE(look(), TrayState::Offline);

    m_server.post(QStringLiteral("/_dev/revoke-user"), {{QStringLiteral("user"), Accounts::alice}});
    h.session->refresh();
    QTRY_COMPARE(h.session->state(), State::ReauthenticationRequired);
    QCOMPARE(look(), TrayState::SignInNeeded);
}

void tst_TrayIcons::mostUrgentWins_data()
{
    QTest::addColumn<QList<TrayState>>("states");
    QTest::addColumn<TrayState>("shown");
    QTest::newRow("none") << QList<TrayState> {} << TrayState::SignedOut;
    QTest::newRow("one") << QList<TrayState> {TrayState::Active} << TrayState::Active;
    QTest::newRow("sign-in needed beats all")
            << QList<TrayState> {TrayState::Active, TrayState::SignInNeeded, TrayState::Offline}
            << TrayState::SignInNeeded;
    QTest::newRow("offline beats expiring")
            << QList<TrayState> {TrayState::ExpiringSoon, TrayState::Offline} << TrayState::Offline;
    QTest::newRow("expiring beats active")
            << QList<TrayState> {TrayState::Active, TrayState::ExpiringSoon}
            << TrayState::ExpiringSoon;
    QTest::newRow("signed out is not hidden behind active")
            << QList<TrayState> {TrayState::Active, TrayState::SignedOut} << TrayState::SignedOut;
    QTest::newRow("signed out beats refreshing")
            << QList<TrayState> {TrayState::Refreshing, TrayState::SignedOut}
            << TrayState::SignedOut;
    QTest::newRow("refreshing beats active")
            << QList<TrayState> {TrayState::Active, TrayState::Refreshing} << TrayState::Refreshing;
}

void tst_TrayIcons::mostUrgentWins()
{
    QFETCH(QList<TrayState>, states);
    QFETCH(TrayState, shown);
    QCOMPARE(mostUrgent(states), shown);
}

QTEST_MAIN(tst_TrayIcons)
#include "tst_trayicons.moc"

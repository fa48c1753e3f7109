// SPDX-License-Identifier: BSD-3-Clause
// The status window on a real X server: without a tray, its "keeps running" line and its Quit
// button line up with the page above them; a last error that wraps is not cut off.
#include "statuswindow.h"

#include <Tessera/clock.h>
#include <Tessera/memorytokenstore.h>
#include <Tessera/session.h>
#include <Tessera/sessionstatusview.h>

#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QTest>

using namespace Tessera;
using Tessera::Tray::StatusWindow;

namespace {
// \a widget's rectangle in \a window's coordinates.
QRect placeIn(const QWidget *widget, const QWidget *window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

QPushButton *button(QWidget *parent, const QString &text)
{
    for (QPushButton *b : parent->findChildren<QPushButton *>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}
} // namespace

class tst_StatusWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void withoutATrayTheFooterHasThePagesMargins();
    void aLastErrorThatWrapsIsNotCutOff();
};

void tst_StatusWindow::withoutATrayTheFooterHasThePagesMargins()
{
    const ProfileLoadResult loaded = Profile::fromJson(
            R"({"id":"status-window","name":"Example API","dialect":"json","base_url":"https://api.example.com"})",
            QStringLiteral("status-window.json"));
    QVERIFY(loaded);
    Session session(loaded.profile());
    StatusWindow window({&session}, Clock::system());
    window.setTrayless(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    SessionStatusView *page = window.view(&session);
    const QMargins margins = page->layout()->contentsMargins();
    QVERIFY(margins.left() > 0 && margins.right() > 0 && margins.bottom() > 0);
    QLabel *explanation = nullptr;
    for (QLabel *label : window.findChildren<QLabel *>()) {
        if (label->text().startsWith(QStringLiteral("There is no system tray")))
            explanation = label;
    }
    QVERIFY(explanation && explanation->isVisible());
    QPushButton *quit = button(&window, QStringLiteral("&Quit Tessera"));
    QVERIFY(quit && quit->isVisible());
    const QRect pageAt = placeIn(page, &window);
    const QRect explanationAt = placeIn(explanation, &window);
    const QRect quitAt = placeIn(quit, &window);

    // The page's own content is inset by its margins; the footer by the same ones, and it
    // keeps the bottom margin from the window's edge.
    QCOMPARE(explanationAt.left(), pageAt.left() + margins.left());
    QCOMPARE(quitAt.right(), pageAt.right() - margins.right());
    QCOMPARE(window.height() - 1 - std::max(explanationAt.bottom(), quitAt.bottom()),
             margins.bottom());
    // So Quit lines up with the page's right-hand button above it, and the explanation with
    // the page's left-hand one.
    QPushButton *signOut = button(page, QStringLiteral("Sign &out"));
    QPushButton *refresh = button(page, QStringLiteral("&Refresh now"));
    QVERIFY(signOut && refresh);
    QCOMPARE(quitAt.right(), placeIn(signOut, &window).right());
    QCOMPARE(explanationAt.left(), placeIn(refresh, &window).left());
}

void tst_StatusWindow::aLastErrorThatWrapsIsNotCutOff()
{
    const ProfileLoadResult loaded = Profile::fromJson(
            R"({"id":"status-window-error","name":"Example API","dialect":"json","base_url":"https://api.example.com"})",
            QStringLiteral("status-window-error.json"));
    QVERIFY(loaded);
    MemoryTokenStore store;
    Session session(loaded.profile());
    session.setTokenStore(&store);
    StatusWindow window({&session}, Clock::system());
    window.setTrayless(true);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QSize before = window.size();

    // The keychain cannot be read: the longest of the errors, shown once the window is up.
    store.setFailure(TokenStore::Status::Unavailable);
    session.restore();
    QLabel *error = nullptr;
    for (QLabel *label : window.findChildren<QLabel *>()) {
        if (label->accessibleName() == QStringLiteral("Last error"))
            error = label;
    }
    QVERIFY(error);
    QTRY_VERIFY(error->isVisible());
    // Its words need two lines at this width (the window stays as wide as it was).
    QCOMPARE(window.width(), before.width());
    QVERIFY2(error->heightForWidth(error->width()) > error->fontMetrics().height() * 3 / 2,
             qPrintable(error->text()));
    // The window grew to hold them all: the label has the height its lines take.
    QTRY_VERIFY2(error->height() >= error->heightForWidth(error->width()),
                 qPrintable(QStringLiteral("%1 < %2")
                                    .arg(error->height())
                                    .arg(error->heightForWidth(error->width()))));
    QVERIFY(window.height() > before.height());
}

QTEST_MAIN(tst_StatusWindow)
#include "tst_statuswindow.moc"

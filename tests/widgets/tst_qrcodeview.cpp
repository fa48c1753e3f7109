// SPDX-License-Identifier: BSD-3-Clause
#include "qrcode.h"
#include "qrcodeview_p.h"
#include "qrreader.h"

#include <QTest>

using namespace Tessera;
using namespace Tessera::Test;

namespace {

constexpr int QuietZone = 4;
const QString Url = QStringLiteral("https://example.com/device?user_code=WDJB-MJHT");
// Neither black nor white, so that what the view paints stands out from what it leaves alone.
const QColor Backdrop(40, 60, 200);

// Whether \a image holds a pixel of \a colour.
bool contains(const QImage &image, QColor colour)
{
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y) == colour)
                return true;
        }
    }
    return false;
}

// The smallest rectangle of \a image's pixels that are not \a backdrop.
QRect paintedArea(const QImage &image, QColor backdrop)
{
    QRect area;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (image.pixelColor(x, y) != backdrop)
                area |= QRect(x, y, 1, 1);
        }
    }
    return area;
}

} // namespace

class tst_QrCodeView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyModuleIsAWholeSquareOfBlackOrWhite_data();
    void everyModuleIsAWholeSquareOfBlackOrWhite();
    void aReaderReadsTheView();
    void sizeHintIsFourPixelsAModuleAndSquare();
    void screenReadersHearWhatTheCodeOpens();
    void textThatCannotBeEncodedShowsNothing_data();
    void textThatCannotBeEncodedShowsNothing();

private:
    std::unique_ptr<QrCodeView> m_view;
};

void tst_QrCodeView::init()
{
    m_view = std::make_unique<QrCodeView>();
    // A dark theme: the code must stay black on white all the same.
    QPalette dark;
    dark.setColor(QPalette::Window, Backdrop);
    dark.setColor(QPalette::WindowText, Qt::white);
    dark.setColor(QPalette::Base, Qt::black);
    dark.setColor(QPalette::Text, Qt::white);
    m_view->setPalette(dark);
}

void tst_QrCodeView::cleanup()
{
    m_view.reset();
}

void tst_QrCodeView::everyModuleIsAWholeSquareOfBlackOrWhite_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("wider than high") << QSize(300, 200);
    QTest::newRow("higher than wide") << QSize(180, 400);
    QTest::newRow("large") << QSize(900, 900);
}

void tst_QrCodeView::everyModuleIsAWholeSquareOfBlackOrWhite()
{
    QFETCH(QSize, size);
    const std::optional<QrCode> code = QrCode::encode(Url);
    QVERIFY(code);
    m_view->setText(Url);
    m_view->resize(size);
    const QImage image = m_view->grab().toImage();
    QCOMPARE(image.size(), size);

    // The largest square of whole pixels per module, centred.
    const int modules = code->size() + 2 * QuietZone;
    const int modulePixels = qMin(size.width(), size.height()) / modules;
    const int side = modulePixels * modules;
    const QRect square((size.width() - side) / 2, (size.height() - side) / 2, side, side);
    QCOMPARE(paintedArea(image, Backdrop), square);

    for (int y = 0; y < side; ++y) {
        for (int x = 0; x < side; ++x) {
            const int mx = x / modulePixels - QuietZone;
            const int my = y / modulePixels - QuietZone;
            const QColor expected = code->isDark(mx, my) ? Qt::black : Qt::white;
            if (image.pixelColor(square.topLeft() + QPoint(x, y)) != expected) {
                QFAIL(qPrintable(QStringLiteral("pixel %1, %2 of module %3, %4 is not %5")
                                         .arg(x)
                                         .arg(y)
                                         .arg(mx)
                                         .arg(my)
                                         .arg(expected.name())));
            }
        }
    }
    // The top left finder's centre, in the middle of the square's top left quarter.
    const QPoint finderCentre = square.topLeft() + QPoint(7, 7) * modulePixels;
    QCOMPARE(image.pixelColor(finderCentre), QColor(Qt::black));
    // The quiet zone's corner.
    QCOMPARE(image.pixelColor(square.topLeft()), QColor(Qt::white));
    QCOMPARE(image.pixelColor(square.bottomRight()), QColor(Qt::white));
}

void tst_QrCodeView::aReaderReadsTheView()
{
    QVERIFY2(QrReader::isAvailable(), QrReader::Missing);
    m_view->setText(Url);
    m_view->resize(m_view->sizeHint());
    const QImage image = m_view->grab().toImage();
    // Whatever the device pixel ratio (QT_SCALE_FACTOR), no pixel is a blend of two modules.
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (pixel != Qt::black && pixel != Qt::white && pixel != Backdrop)
                QFAIL(qPrintable(
                        QStringLiteral("pixel %1, %2 is %3").arg(x).arg(y).arg(pixel.name())));
        }
    }
    const QrReader::Result read = QrReader::read(image);
    QVERIFY2(read.error.isEmpty(), qPrintable(read.error));
    QCOMPARE(read.text, Url);
}

void tst_QrCodeView::sizeHintIsFourPixelsAModuleAndSquare()
{
    const std::optional<QrCode> code = QrCode::encode(Url);
    QVERIFY(code);
    m_view->setText(Url);
    const int side = (code->size() + 2 * QuietZone) * 4;
    QCOMPARE(m_view->sizeHint(), QSize(side, side));
    QVERIFY(m_view->minimumSizeHint().width() <= side);
    QCOMPARE(m_view->minimumSizeHint().width(), m_view->minimumSizeHint().height());
    QVERIFY(m_view->hasHeightForWidth());
    QCOMPARE(m_view->heightForWidth(123), 123);
    QVERIFY(m_view->sizePolicy().hasHeightForWidth());
    QVERIFY(m_view->sizePolicy().horizontalPolicy() & QSizePolicy::GrowFlag);
    QVERIFY(m_view->sizePolicy().verticalPolicy() & QSizePolicy::GrowFlag);
}

void tst_QrCodeView::screenReadersHearWhatTheCodeOpens()
{
    QCOMPARE(m_view->accessibleName(), QStringLiteral("QR code"));
    QCOMPARE(m_view->accessibleDescription(), QString());
    m_view->setText(Url);
    QCOMPARE(m_view->accessibleName(), QStringLiteral("QR code"));
    QCOMPARE(m_view->accessibleDescription(), QStringLiteral("Scan to open ") + Url);
}

void tst_QrCodeView::textThatCannotBeEncodedShowsNothing_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("5000 bytes") << QString(5000, QLatin1Char('a'));
}

void tst_QrCodeView::textThatCannotBeEncodedShowsNothing()
{
    QFETCH(QString, text);
    m_view->resize(300, 300);
    m_view->setText(Url); // a code first, which the text must then take away
    QVERIFY(!m_view->isEmpty());
    QVERIFY(contains(m_view->grab().toImage(), Qt::black));

    m_view->setText(text);
    QCOMPARE(m_view->text(), text);
    QVERIFY(m_view->isEmpty());
    QCOMPARE(m_view->accessibleDescription(), QString());
    QCOMPARE(m_view->sizeHint(), QSize(0, 0));
    QVERIFY(!m_view->hasHeightForWidth());
    const QImage image = m_view->grab().toImage();
    QVERIFY(!image.isNull());
    QCOMPARE(paintedArea(image, Backdrop), QRect());
}

QTEST_MAIN(tst_QrCodeView)
#include "tst_qrcodeview.moc"

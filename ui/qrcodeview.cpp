// SPDX-License-Identifier: BSD-3-Clause
#include "qrcodeview_p.h"

#include "qrcode.h"

#include <QPainter>

#include <cmath>

namespace Tessera {

namespace {

constexpr int QuietZone = 4; // modules, on every side (ISO/IEC 18004)
constexpr int PreferredModulePixels = 4;
constexpr int MinimumModulePixels = 2;

// \a code one pixel per module, black on white, with its quiet zone.
QImage moduleImage(const QrCode &code)
{
    const int side = code.size() + 2 * QuietZone;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(Qt::white);
    for (int y = 0; y < code.size(); ++y) {
        uchar *line = image.scanLine(y + QuietZone);
        for (int x = 0; x < code.size(); ++x) {
            if (code.isDark(x, y))
                line[x + QuietZone] = 0;
        }
    }
    return image;
}

} // namespace

QrCodeView::QrCodeView(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("QR code"));
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

QrCodeView::~QrCodeView() = default;

void QrCodeView::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    const std::optional<QrCode> code = QrCode::encode(text);
    m_modules = code ? moduleImage(*code) : QImage();
    setAccessibleDescription(code ? tr("Scan to open %1").arg(text) : QString());
    updateGeometry();
    update();
}

int QrCodeView::modulesPerSide() const
{
    return m_modules.width();
}

QSize QrCodeView::sizeHint() const
{
    const int side = modulesPerSide() * PreferredModulePixels;
    return {side, side};
}

QSize QrCodeView::minimumSizeHint() const
{
    const int side = modulesPerSide() * MinimumModulePixels;
    return {side, side};
}

bool QrCodeView::hasHeightForWidth() const
{
    return !isEmpty();
}

int QrCodeView::heightForWidth(int width) const
{
    return isEmpty() ? 0 : width;
}

void QrCodeView::paintEvent(QPaintEvent *)
{
    if (isEmpty())
        return;
    // Whole device pixels per module, so that every module edge falls on a pixel edge.
    const qreal ratio = devicePixelRatioF();
    const int deviceWidth = int(std::floor(width() * ratio));
    const int deviceHeight = int(std::floor(height() * ratio));
    const int modulePixels = qMax(1, qMin(deviceWidth, deviceHeight) / modulesPerSide());
    const int deviceSide = modulePixels * modulesPerSide();
    QImage square =
            m_modules.scaled(deviceSide, deviceSide, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    square.setDevicePixelRatio(ratio);
    const QPointF topLeft(((deviceWidth - deviceSide) / 2) / ratio,
                          ((deviceHeight - deviceSide) / 2) / ratio);
    QPainter painter(this);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(topLeft, square);
}

} // namespace Tessera

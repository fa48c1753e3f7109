// SPDX-License-Identifier: BSD-3-Clause
#include "widgetstyle_p.h"

#include <QLabel>
#include <QPalette>
#include <QPushButton>

namespace Tessera::WidgetStyle {

void markAsError(QLabel *label)
{
    QPalette palette = label->palette();
    const bool darkBackground = palette.color(QPalette::Window).lightness() < 128;
    const QColor red = darkBackground ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
    palette.setColor(QPalette::WindowText, red);
    label->setPalette(palette);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
}

void lookLikeALink(QPushButton *button)
{
    button->setFlat(true);
    button->setCursor(Qt::PointingHandCursor);
    QPalette palette = button->palette();
    palette.setColor(QPalette::ButtonText, palette.color(QPalette::Link));
    button->setPalette(palette);
    QFont font = button->font();
    font.setUnderline(true);
    button->setFont(font);
}

} // namespace Tessera::WidgetStyle

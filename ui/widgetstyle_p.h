// SPDX-License-Identifier: BSD-3-Clause
#pragma once

class QLabel;
class QPushButton;

namespace Tessera::WidgetStyle {

/*!
 * \brief Shows \a label's text as a problem: bold, in a red that reads on the label's own
 * background (dark red on light themes, light red on dark ones), never the link colour.
 */
void markAsError(QLabel *label);

/*!
 * \brief Makes \a button look like a link (flat, underlined, in the palette's link colour, a
 * pointing hand): for a way out that is no main action ("Use a code instead"). It stays a
 * button for the keyboard and for screen readers: one Tab stop, Space or Enter presses it.
 */
void lookLikeALink(QPushButton *button);

} // namespace Tessera::WidgetStyle

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

class QLabel;

namespace Tessera::WidgetStyle {

/*!
 * \brief Shows \a label's text as a problem: bold, in a red that reads on the label's own
 * background (dark red on light themes, light red on dark ones), never the link colour.
 */
void markAsError(QLabel *label);

} // namespace Tessera::WidgetStyle

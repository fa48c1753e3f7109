// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "autotest_export_p.h"

#include <QByteArray>
#include <QString>

/*!
 * \brief Text a server wrote for people (an OAuth \c error_description, a JSON API's
 * \c error.message), made fit to be shown beside Tessera's own words: the one way such text
 * reaches a dialog, a notification or a terminal.
 */
namespace Tessera::ServerText {

/*! \brief The longest text shown, in characters (code points), by default. */
constexpr qsizetype DefaultMaxLength = 200;

/*!
 * \brief \a utf8 as plain, printable text of at most \a maxLength code points: decoded as UTF-8
 * (invalid bytes become U+FFFD); control, format, surrogate, private-use and unassigned
 * characters dropped; every run of white space one space, trimmed; \c < and \c > replaced by
 * \c ‹ and \c › so that no toolkit can take it for markup; cut at \a maxLength with an ellipsis.
 * Empty if nothing is left.
 */
TESSERACORE_AUTOTEST_EXPORT QString sanitised(const QByteArray &utf8,
                                              qsizetype maxLength = DefaultMaxLength);

} // namespace Tessera::ServerText

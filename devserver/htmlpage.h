// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "httpresponse.h"

#include <QString>

namespace Tessera::DevServer {

// Small, valid, script-free HTML pages for the endpoints a browser visits (the sign-in form, the
// device page), with the headers that keep them out of caches, frames and referrers.
class HtmlPage
{
public:
    // Escapes & < > " ' so that any text can go into an element or a quoted attribute.
    static QString escape(const QString &text);
    static QString hiddenInput(const QString &name, const QString &value);
    // The labelled user name (prefilled with `username`) and password inputs of a sign-in form.
    static QString credentialInputs(const QString &username);
    // A message a screen reader announces (role="alert"); nothing for an empty text.
    static QString alert(const QString &text);
    // A complete page: `content` is HTML already (escape() whatever goes into it).
    static HttpResponse response(int status, const QString &title, const QString &content);
};

} // namespace Tessera::DevServer

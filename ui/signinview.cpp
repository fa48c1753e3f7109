// SPDX-License-Identifier: BSD-3-Clause
#include "signinview_p.h"

#include <Tessera/sessiontext.h>

namespace Tessera {

SignInView::SignInView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{ }

SignInView::~SignInView() = default;

QString SignInView::errorText(Session::Error error) const
{
    return SessionText::errorText(error);
}

QWidget *SignInView::failed(Session::Error)
{
    return nullptr;
}

} // namespace Tessera

// SPDX-License-Identifier: BSD-3-Clause
#include "signinview_p.h"

#include "networkreachability_p.h"

#include <Tessera/sessiontext.h>

namespace Tessera {

SignInView::SignInView(Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{ }

SignInView::~SignInView() = default;

QString SignInView::errorText(Session::Error error) const
{
    // A server out of reach is told apart from no network at all; the network is looked up
    // only then.
    if (error == Session::Error::NetworkError)
        return SessionText::errorText(error, NetworkReachability::shared()->network());
    return SessionText::errorText(error);
}

QWidget *SignInView::failed(Session::Error)
{
    return nullptr;
}

} // namespace Tessera

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "trayapplication.h"

#include <Tessera/logindialog.h>
#include <Tessera/session.h>

#include <QDateTime>
#include <QPointer>

#include <memory>

namespace Tessera::Tray {

/*! \brief One session of the tray, with what the tray knows about it. */
struct TrayApplication::Entry
{
    ~Entry() { delete dialog.data(); } // before the session it signs in

    std::unique_ptr<Tessera::Session> session;
    QPointer<Tessera::LoginDialog> dialog;
    Tessera::Session::State previous = Tessera::Session::State::SignedOut;
    Tessera::Session::State current = Tessera::Session::State::SignedOut;
    bool restored = false;
    bool startingUp = true; //!< restored, but not yet settled (a dead session asks at once)
    QDateTime lastRefreshedAt;
    QDateTime accessObtainedAt; //!< when the access token held arrived (or was restored)
};

} // namespace Tessera::Tray

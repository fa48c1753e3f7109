// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "widgets_autotest_export_p.h"

#include <Tessera/sessiontext.h>

#include <QObject>

#include <optional>

namespace Tessera {

/*!
 * \brief Whether this computer is on a network at all, so that the widgets can tell "no
 * network" from "the server does not answer" (SessionText::Network).
 *
 * It reads QNetworkInformation, loaded on first use, as the library's refresh schedule loads it
 * (the glib backend first: it works without a system bus; an instance already loaded is
 * shared). A program that never has to word such a failure never loads it. Disconnected is
 * Offline; Online and Site (a limited or captive network, which the server may well be on) are
 * Online; Local and Unknown are Unknown.
 *
 * One per application (shared()); a test decides what it says with setOverride().
 */
class TESSERAWIDGETS_AUTOTEST_EXPORT NetworkReachability : public QObject
{
    Q_OBJECT
public:
    /*! \brief The application's one, made on first use and owned by the application object. */
    static NetworkReachability *shared();
    ~NetworkReachability() override;

    /*! \brief What is known now; loads the network information on the first call. */
    SessionText::Network network();
    /*! \brief From now on network() says \a network, whatever the system says (for tests);
     *  std::nullopt goes back to the system's word. */
    void setOverride(std::optional<SessionText::Network> network);

Q_SIGNALS:
    /*! \brief What network() says may have changed (only once it was first asked). */
    void networkChanged();

private:
    explicit NetworkReachability(QObject *parent);
    void load();

    bool m_loaded = false;
    std::optional<SessionText::Network> m_override;
};

} // namespace Tessera

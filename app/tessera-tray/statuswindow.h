// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTabWidget;

namespace Tessera {
class Clock;
class Session;
class SessionStatusView;
} // namespace Tessera

namespace Tessera::Tray {

/*!
 * \brief The status window: a Tessera::SessionStatusView per session (tabs when there are
 * several). Without a tray it is the app's only face, so it then also says that Tessera keeps
 * running when it is closed, and offers Quit.
 */
class StatusWindow : public QWidget
{
    Q_OBJECT
public:
    StatusWindow(const std::vector<Tessera::Session *> &sessions, Tessera::Clock *clock,
                 QWidget *parent = nullptr);
    ~StatusWindow() override;

    /*! \brief Brings \a session's page to the front. */
    void showSession(const Tessera::Session *session);
    Tessera::SessionStatusView *view(const Tessera::Session *session) const;
    /*! \brief With no tray: the "keeps running" line and the Quit button. */
    void setTrayless(bool trayless);

Q_SIGNALS:
    void signInRequested(Tessera::Session *session);
    void quitRequested();
    /*! \brief The window was closed. */
    void closed();

protected:
    bool event(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QTabWidget *m_tabs = nullptr;
    QLabel *m_trayless = nullptr;
    QPushButton *m_quit = nullptr;
    std::vector<Tessera::Session *> m_sessions;
    std::vector<Tessera::SessionStatusView *> m_views;
};

} // namespace Tessera::Tray

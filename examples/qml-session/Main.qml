// SPDX-License-Identifier: BSD-3-Clause
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tessera

ApplicationWindow {
    id: window
    required property string profilePath
    required property string apiBase
    width: 480
    height: 600
    visible: true
    title: qsTr("Tessera from QML")

    TesseraSession {
        id: tessera
        objectName: "tessera"
        profilePath: window.profilePath // restore() is called once it has loaded
    }

    readonly property var session: tessera.session
    readonly property bool signedIn: session !== null && session.signedIn

    function stateText(state) {
        switch (state) {
        case Session.SignedOut: return qsTr("Signed out")
        case Session.Restoring: return qsTr("Restoring…")
        case Session.SigningIn: return qsTr("Signing in…")
        case Session.Active: return qsTr("Signed in")
        case Session.Refreshing: return qsTr("Refreshing the token…")
        case Session.RefreshRetrying: return qsTr("Refresh failed, retrying")
        case Session.WaitingForNetwork: return qsTr("Waiting for the network")
        case Session.ReauthenticationRequired: return qsTr("Sign in again")
        case Session.SigningOut: return qsTr("Signing out…")
        }
        return ""
    }

    // The list: what the API saw of our request. Its Authorization header comes from the
    // factory; nothing here touches a token.
    ListModel { id: seen; objectName: "seen" }
    property string listStatus: ""

    function loadList() {
        const xhr = new XMLHttpRequest()
        xhr.onreadystatechange = function() {
            if (xhr.readyState !== XMLHttpRequest.DONE)
                return
            seen.clear()
            if (xhr.status !== 200) {
                listStatus = qsTr("The API answered %1").arg(xhr.status || qsTr("nothing"))
                return
            }
            const answer = JSON.parse(xhr.responseText)
            seen.append({ name: "user", value: answer.user })
            seen.append({ name: "token id (jti)", value: answer.jti })
            for (const header in answer.headers)
                seen.append({ name: header, value: String(answer.headers[header]) })
            listStatus = qsTr("Loaded %1 at %2").arg("/api/echo")
                                                .arg(new Date().toLocaleTimeString())
        }
        xhr.open("GET", apiBase + "/api/echo")
        xhr.send()
    }

    onSignedInChanged: if (signedIn) loadList(); else seen.clear()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 8

        Label {
            text: tessera.loadError !== "" ? tessera.loadError
                  : session ? stateText(session.state)
                              + (session.displayName ? " — " + session.displayName : "")
                  : ""
            font.bold: true
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            visible: session !== null && session.errorString !== ""
            text: session ? session.errorString : ""
            color: "firebrick"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        // The sign-in page
        GridLayout {
            visible: session !== null && !signedIn && session.ready
            columns: 2
            Layout.fillWidth: true
            Label { text: qsTr("User") }
            TextField { id: user; objectName: "user"; text: "alice"; Layout.fillWidth: true }
            Label { text: qsTr("Password") }
            TextField {
                id: password
                objectName: "password"
                echoMode: TextInput.Password
                Layout.fillWidth: true
                onAccepted: signInButton.clicked()
            }
            Button {
                id: signInButton
                objectName: "signIn"
                text: qsTr("Sign in")
                enabled: session !== null && session.state !== Session.SigningIn
                Layout.columnSpan: 2
                onClicked: {
                    tessera.signIn(user.text, password.text)
                    password.clear()
                }
            }
        }

        // Signed in: the authenticated list
        RowLayout {
            visible: signedIn
            Button { text: qsTr("Reload"); onClicked: loadList() }
            Button { text: qsTr("Refresh token"); onClicked: session.refresh() }
            Button { objectName: "signOut"; text: qsTr("Sign out"); onClicked: session.signOut() }
        }
        Label { visible: signedIn; text: listStatus }
        ListView {
            visible: signedIn
            model: seen
            clip: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            delegate: RowLayout {
                required property string name
                required property string value
                width: ListView.view.width
                Label { text: name; font.bold: true; Layout.preferredWidth: 140 }
                Label { text: value; elide: Text.ElideRight; Layout.fillWidth: true }
            }
        }
        Item { Layout.fillHeight: true; visible: !signedIn }
    }
}

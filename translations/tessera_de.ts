<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QCommandLineParser</name>
    <message>
        <source>Usage: %1</source>
        <translation>Aufruf: %1</translation>
    </message>
</context>
<context>
    <name>Tessera::AuthClient</name>
    <message>
        <source>the connection was refused</source>
        <translation>die Verbindung wurde abgelehnt</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>der Server hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>the host was not found</source>
        <translation>der Host wurde nicht gefunden</translation>
    </message>
    <message>
        <source>the TLS handshake failed</source>
        <translation>der TLS-Handshake ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>the network is unavailable</source>
        <translation>das Netzwerk ist nicht verfügbar</translation>
    </message>
    <message>
        <source>network error %1</source>
        <translation>Netzwerkfehler %1</translation>
    </message>
    <message>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <source>%1 (HTTP %2, %3)</source>
        <translation>%1 (HTTP %2, %3)</translation>
    </message>
    <message>
        <source>The request was dropped before the server answered</source>
        <translation>Die Anfrage wurde abgebrochen, bevor der Server antwortete</translation>
    </message>
    <message>
        <source>The server answered with an error (HTTP %1)</source>
        <translation>Der Server hat mit einem Fehler geantwortet (HTTP %1)</translation>
    </message>
    <message>
        <source>The server did not answer within %1 seconds</source>
        <translation>Der Server hat nicht innerhalb von %1 s geantwortet</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>%1 — the server says: “%2”</source>
        <translation>%1 – der Server meldet: „%2“</translation>
    </message>
    <message>
        <source>The server answered with something unexpected: %1</source>
        <translation>Der Server hat unerwartet geantwortet: %1</translation>
    </message>
    <message>
        <source>The server asked to slow down</source>
        <translation>Der Server bittet darum, weniger Anfragen zu senden</translation>
    </message>
    <message>
        <source>The server could not answer right now</source>
        <translation>Der Server konnte gerade nicht antworten</translation>
    </message>
    <message>
        <source>The server refused to end the session, which may still be valid there</source>
        <translation>Der Server hat das Beenden der Sitzung abgelehnt; dort ist sie möglicherweise noch gültig</translation>
    </message>
    <message>
        <source>The server refused the request; check the profile</source>
        <translation>Der Server hat die Anfrage abgelehnt; bitte prüfen Sie das Profil</translation>
    </message>
    <message>
        <source>The server refused access</source>
        <translation>Der Server hat den Zugriff verweigert</translation>
    </message>
    <message>
        <source>The server rejected the credentials</source>
        <translation>Der Server hat die Anmeldedaten abgelehnt</translation>
    </message>
    <message>
        <source>The session expired or was revoked; sign in again</source>
        <translation>Die Sitzung ist abgelaufen oder wurde widerrufen; bitte melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>The server answered unexpectedly; check the profile</source>
        <translation>Der Server hat unerwartet geantwortet; bitte prüfen Sie das Profil</translation>
    </message>
    <message>
        <source>Could not look up the sign-in endpoints of “%1”: %2</source>
        <translation>Die Anmelde-Endpunkte von „%1“ konnten nicht ermittelt werden: %2</translation>
    </message>
    <message>
        <source>the issuer publishes no metadata (HTTP %1); check &quot;issuer&quot;</source>
        <translation>der Aussteller veröffentlicht keine Metadaten (HTTP %1); bitte prüfen Sie &quot;issuer&quot;</translation>
    </message>
    <message>
        <source>the issuer&apos;s metadata is not usable (%1)</source>
        <translation>die Metadaten des Ausstellers sind nicht verwendbar (%1)</translation>
    </message>
    <message numerus="yes">
        <source>The server&apos;s answer was larger than %n bytes</source>
        <translation>
            <numerusform>Die Antwort des Servers war größer als %n Byte</numerusform>
            <numerusform>Die Antwort des Servers war größer als %n Byte</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tessera::AuthenticatedReply</name>
    <message>
        <source>The request body cannot be sent again</source>
        <translation>Der Inhalt der Anfrage kann nicht erneut gesendet werden</translation>
    </message>
    <message>
        <source>Too many redirects</source>
        <translation>Zu viele Weiterleitungen</translation>
    </message>
    <message>
        <source>Refused to follow a redirect to %1</source>
        <translation>Einer Weiterleitung nach %1 wurde nicht gefolgt</translation>
    </message>
    <message>
        <source>Operation canceled</source>
        <translation>Vorgang abgebrochen</translation>
    </message>
    <message>
        <source>The session is gone</source>
        <translation>Die Sitzung besteht nicht mehr</translation>
    </message>
</context>
<context>
    <name>Tessera::BrowserSignInView</name>
    <message>
        <source>Tessera opens the sign-in page of %1 in your web browser. Once you have signed in there, this window closes by itself.</source>
        <translation>Tessera öffnet die Anmeldeseite von %1 in Ihrem Webbrowser. Sobald Sie sich dort angemeldet haben, schließt sich dieses Fenster von selbst.</translation>
    </message>
    <message>
        <source>Waiting for you to sign in in your browser…</source>
        <translation>Warten auf Ihre Anmeldung im Browser …</translation>
    </message>
    <message>
        <source>If the page did not open, or you closed it, open it again or copy the link into your browser.</source>
        <translation>Falls sich die Seite nicht geöffnet hat oder Sie sie geschlossen haben, öffnen Sie sie erneut oder kopieren Sie den Link in Ihren Browser.</translation>
    </message>
    <message>
        <source>Tessera could not open a browser. Open this link in a browser on this computer:</source>
        <translation>Tessera konnte keinen Browser öffnen. Öffnen Sie diesen Link in einem Browser auf diesem Computer:</translation>
    </message>
    <message>
        <source>Sign-in link</source>
        <translation>Anmeldelink</translation>
    </message>
    <message>
        <source>The address of the sign-in page, to open in a browser on this computer</source>
        <translation>Die Adresse der Anmeldeseite, zum Öffnen in einem Browser auf diesem Computer</translation>
    </message>
    <message>
        <source>Open &amp;again</source>
        <translation>&amp;Erneut öffnen</translation>
    </message>
    <message>
        <source>Open the sign-in page again</source>
        <translation>Anmeldeseite erneut öffnen</translation>
    </message>
    <message>
        <source>Opens the sign-in page in your web browser again</source>
        <translation>Öffnet die Anmeldeseite erneut in Ihrem Webbrowser</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation>&amp;Link kopieren</translation>
    </message>
    <message>
        <source>Copy the sign-in link</source>
        <translation>Anmeldelink kopieren</translation>
    </message>
    <message>
        <source>Puts the link to the sign-in page on the clipboard</source>
        <translation>Kopiert den Link zur Anmeldeseite in die Zwischenablage</translation>
    </message>
    <message>
        <source>Sign in with &amp;browser</source>
        <translation>Mit dem &amp;Browser anmelden</translation>
    </message>
    <message>
        <source>Opens the sign-in page of %1 in your web browser</source>
        <translation>Öffnet die Anmeldeseite von %1 in Ihrem Webbrowser</translation>
    </message>
    <message>
        <source>The sign-in took too long — try again</source>
        <translation>Die Anmeldung hat zu lange gedauert – bitte versuchen Sie es erneut</translation>
    </message>
    <message>
        <source>Finishing the sign-in…</source>
        <translation>Anmeldung wird abgeschlossen …</translation>
    </message>
    <message>
        <source>Link copied</source>
        <translation>Link kopiert</translation>
    </message>
</context>
<context>
    <name>Tessera::Cli::CommandRunner</name>
    <message>
        <source>the profile %1 offers no sign-in with a device code</source>
        <translation>das Profil %1 bietet keine Anmeldung mit Gerätecode an</translation>
    </message>
    <message>
        <source>User name for %1: </source>
        <translation>Benutzername für %1: </translation>
    </message>
    <message>
        <source>a user name is needed: give --user NAME</source>
        <translation>ein Benutzername wird benötigt: geben Sie --user NAME an</translation>
    </message>
    <message>
        <source>API key for %1: </source>
        <translation>API-Schlüssel für %1: </translation>
    </message>
    <message>
        <source>Password for %1 at %2: </source>
        <translation>Passwort für %1 bei %2: </translation>
    </message>
    <message>
        <source>sign-in cancelled</source>
        <translation>Anmeldung abgebrochen</translation>
    </message>
    <message>
        <source>sign-in failed: %1</source>
        <translation>Anmeldung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Signed in as %1 to %2.
</source>
        <translation>Bei %2 angemeldet als %1.
</translation>
    </message>
    <message>
        <source>no valid access token: %1</source>
        <translation>kein gültiges Zugriffstoken: %1</translation>
    </message>
    <message>
        <source>not signed in; run `tessera login`</source>
        <translation>nicht angemeldet; führen Sie `tessera login` aus</translation>
    </message>
    <message>
        <source>cannot refresh: %1</source>
        <translation>Erneuern nicht möglich: %1</translation>
    </message>
    <message>
        <source>Refreshed; the access token expires %1.
</source>
        <translation>Erneuert; Ablauf des Zugriffstokens: %1.
</translation>
    </message>
    <message>
        <source>at an unknown time</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>refresh failed: %1</source>
        <translation>Erneuern fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>cannot sign out: %1</source>
        <translation>Abmelden nicht möglich: %1</translation>
    </message>
    <message>
        <source>Not signed in.
</source>
        <translation>Nicht angemeldet.
</translation>
    </message>
    <message>
        <source>warning: %1
</source>
        <translation>Warnung: %1
</translation>
    </message>
    <message>
        <source>Signed out.
</source>
        <translation>Abgemeldet.
</translation>
    </message>
</context>
<context>
    <name>Tessera::Cli::SecretCommand</name>
    <message>
        <source>a secret&apos;s name is 1 to 64 of A-Z a-z 0-9 . _ -</source>
        <translation>der Name eines Geheimnisses besteht aus 1 bis 64 der Zeichen A-Z a-z 0-9 . _ -</translation>
    </message>
    <message>
        <source>could not remove “%1”: %2</source>
        <translation>„%1“ konnte nicht entfernt werden: %2</translation>
    </message>
    <message>
        <source>Value of “%1”: </source>
        <translation>Wert von „%1“: </translation>
    </message>
    <message>
        <source>the value is empty: nothing was stored</source>
        <translation>der Wert ist leer: nichts wurde gespeichert</translation>
    </message>
    <message>
        <source>the value holds a line break or a NUL: nothing was stored</source>
        <translation>der Wert enthält einen Zeilenumbruch oder ein NUL-Zeichen: nichts wurde gespeichert</translation>
    </message>
    <message>
        <source>could not store “%1”: %2</source>
        <translation>„%1“ konnte nicht gespeichert werden: %2</translation>
    </message>
</context>
<context>
    <name>Tessera::Cli::SignInPrompter</name>
    <message>
        <source>Your browser has been opened to sign in to %1. If it did not open, open this link in a browser on this computer:

  %2

</source>
        <translation>Ihr Browser wurde zur Anmeldung bei %1 geöffnet. Falls er sich nicht geöffnet hat, öffnen Sie diesen Link in einem Browser auf diesem Computer:

  %2

</translation>
    </message>
    <message>
        <source>To sign in to %1, open this link in a browser on this computer:

  %2

</source>
        <translation>Um sich bei %1 anzumelden, öffnen Sie diesen Link in einem Browser auf diesem Computer:

  %2

</translation>
    </message>
    <message>
        <source>Waiting until %1 for the sign-in to finish (Ctrl-C to cancel)…
</source>
        <translation>Warten bis %1 auf den Abschluss der Anmeldung (Strg+C bricht ab) …
</translation>
    </message>
    <message>
        <source>To sign in to %1, open %2 on any device and enter this code:

    %3

</source>
        <translation>Um sich bei %1 anzumelden, öffnen Sie %2 auf einem beliebigen Gerät und geben Sie diesen Code ein:

    %3

</translation>
    </message>
    <message>
        <source>Or scan this with a phone:

</source>
        <translation>Oder scannen Sie dies mit einem Smartphone:

</translation>
    </message>
    <message>
        <source>Waiting until %1 for the code to be entered (Ctrl-C to cancel)…
</source>
        <translation>Warten bis %1 auf die Eingabe des Codes (Strg+C bricht ab) …
</translation>
    </message>
</context>
<context>
    <name>Tessera::CredentialsView</name>
    <message>
        <source>User name</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>The name of your account at %1</source>
        <translation>Der Name Ihres Kontos bei %1</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>Account name (optional)</source>
        <translation>Kontoname (optional)</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>Names this account in Tessera and in the keychain; the server does not see it</source>
        <translation>Benennt dieses Konto in Tessera und im Schlüsselbund; der Server sieht diesen Namen nicht</translation>
    </message>
    <message>
        <source>A&amp;ccount name:</source>
        <translation>&amp;Kontoname:</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>The API key %1 gave you</source>
        <translation>Der API-Schlüssel, den Sie von %1 erhalten haben</translation>
    </message>
    <message>
        <source>The password of your account at %1</source>
        <translation>Das Passwort Ihres Kontos bei %1</translation>
    </message>
    <message>
        <source>&amp;API key:</source>
        <translation>API-&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Remember the API key in the keychain</source>
        <translation>API-Schlüssel im Schlüsselbund &amp;merken</translation>
    </message>
    <message>
        <source>Remember the API key in the keychain</source>
        <translation>API-Schlüssel im Schlüsselbund merken</translation>
    </message>
    <message>
        <source>When the session runs out, Tessera signs in again with the key instead of asking you</source>
        <translation>Wenn die Sitzung abläuft, meldet Tessera Sie mit dem Schlüssel erneut an, statt Sie zu fragen</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>A&amp;nmelden</translation>
    </message>
    <message>
        <source>Signs in to %1 with the API key</source>
        <translation>Meldet Sie mit dem API-Schlüssel bei %1 an</translation>
    </message>
    <message>
        <source>Signs in to %1 with the user name and password</source>
        <translation>Meldet Sie mit Benutzername und Passwort bei %1 an</translation>
    </message>
</context>
<context>
    <name>Tessera::DeviceCodeView</name>
    <message>
        <source>Sign in to %1 in any browser, on this computer or on another device such as your phone: Tessera gives you a code to enter there.</source>
        <translation>Melden Sie sich in einem beliebigen Browser bei %1 an, auf diesem Computer oder auf einem anderen Gerät wie Ihrem Smartphone: Tessera gibt Ihnen einen Code, den Sie dort eingeben.</translation>
    </message>
    <message>
        <source>Sign-in page</source>
        <translation>Anmeldeseite</translation>
    </message>
    <message>
        <source>Code to enter</source>
        <translation>Einzugebender Code</translation>
    </message>
    <message>
        <source>Copy c&amp;ode</source>
        <translation>&amp;Code kopieren</translation>
    </message>
    <message>
        <source>Copy the code</source>
        <translation>Code kopieren</translation>
    </message>
    <message>
        <source>Puts the code on the clipboard</source>
        <translation>Kopiert den Code in die Zwischenablage</translation>
    </message>
    <message>
        <source>O&amp;pen link</source>
        <translation>&amp;Link öffnen</translation>
    </message>
    <message>
        <source>Open the sign-in page</source>
        <translation>Anmeldeseite öffnen</translation>
    </message>
    <message>
        <source>Opens the page where the code is entered in a web browser on this computer</source>
        <translation>Öffnet die Seite, auf der der Code eingegeben wird, in einem Webbrowser auf diesem Computer</translation>
    </message>
    <message>
        <source>&amp;Get a code</source>
        <translation>Code an&amp;fordern</translation>
    </message>
    <message>
        <source>Asks %1 for a code to enter in a browser, on this computer or another device</source>
        <translation>Fordert bei %1 einen Code an, den Sie in einem Browser eingeben, auf diesem Computer oder einem anderen Gerät</translation>
    </message>
    <message>
        <source>The code to enter on the sign-in page</source>
        <translation>Der Code, den Sie auf der Anmeldeseite eingeben</translation>
    </message>
    <message>
        <source>The code expired before the sign-in was approved — get a new one</source>
        <translation>Der Code ist abgelaufen, bevor die Anmeldung bestätigt wurde – fordern Sie einen neuen an</translation>
    </message>
    <message>
        <source>Approved — finishing the sign-in…</source>
        <translation>Bestätigt – Anmeldung wird abgeschlossen …</translation>
    </message>
    <message>
        <source>Go to %1 and enter this code:</source>
        <translation>Rufen Sie %1 auf und geben Sie diesen Code ein:</translation>
    </message>
    <message>
        <source>Go to %1</source>
        <translation>%1 aufrufen</translation>
    </message>
    <message>
        <source>Or scan this with your phone: the code is filled in for you.</source>
        <translation>Oder scannen Sie dies mit Ihrem Smartphone: Der Code wird für Sie eingetragen.</translation>
    </message>
    <message>
        <source>Or scan this with your phone to open the page.</source>
        <translation>Oder scannen Sie dies mit Ihrem Smartphone, um die Seite zu öffnen.</translation>
    </message>
    <message>
        <source>The code expires in %1.</source>
        <translation>Der Code läuft in %1 ab.</translation>
    </message>
    <message>
        <source>The code has expired.</source>
        <translation>Der Code ist abgelaufen.</translation>
    </message>
    <message>
        <source>No browser could be opened here: use your phone or another computer.</source>
        <translation>Hier konnte kein Browser geöffnet werden: Verwenden Sie Ihr Smartphone oder einen anderen Computer.</translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation>Code kopiert</translation>
    </message>
</context>
<context>
    <name>Tessera::KeychainTokenStore</name>
    <message>
        <source>no details</source>
        <translation>keine Einzelheiten</translation>
    </message>
    <message>
        <source>Nothing is stored under this key.</source>
        <translation>Unter diesem Schlüssel ist nichts gespeichert.</translation>
    </message>
    <message>
        <source>No keychain service is reachable: %1</source>
        <translation>Kein Schlüsselbund-Dienst ist erreichbar: %1</translation>
    </message>
    <message>
        <source>The keychain refused access: %1</source>
        <translation>Der Schlüsselbund hat den Zugriff verweigert: %1</translation>
    </message>
    <message>
        <source>The keychain did not answer in time: %1</source>
        <translation>Der Schlüsselbund hat nicht rechtzeitig geantwortet: %1</translation>
    </message>
    <message>
        <source>The keychain reported an error: %1</source>
        <translation>Der Schlüsselbund hat einen Fehler gemeldet: %1</translation>
    </message>
    <message>
        <source>The keychain is locked, and it could not be unlocked (no unlock prompt could be shown, or it was dismissed).</source>
        <translation>Der Schlüsselbund ist gesperrt und konnte nicht entsperrt werden (es konnte keine Entsperrabfrage angezeigt werden, oder sie wurde geschlossen).</translation>
    </message>
    <message>
        <source>no answer within %1 ms</source>
        <translation>keine Antwort innerhalb von %1 ms</translation>
    </message>
    <message>
        <source>The token store was destroyed before the operation finished.</source>
        <translation>Der Token-Speicher wurde gelöscht, bevor der Vorgang abgeschlossen war.</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Schlüsselbund</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>Windows-Anmeldeinformationsverwaltung</translation>
    </message>
    <message>
        <source>Secret Service</source>
        <translation>Secret Service</translation>
    </message>
</context>
<context>
    <name>Tessera::LoginDialog</name>
    <message>
        <source>Sign in — %1</source>
        <translation>Anmelden – %1</translation>
    </message>
    <message>
        <source>Sign in to &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Bei &lt;b&gt;%1&lt;/b&gt; anmelden</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Problem bei der Anmeldung</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Anmeldung läuft</translation>
    </message>
    <message>
        <source>Shown while the sign-in is in progress</source>
        <translation>Wird angezeigt, während die Anmeldung läuft</translation>
    </message>
    <message>
        <source>Use the browser instead</source>
        <translation>Stattdessen den Browser verwenden</translation>
    </message>
    <message>
        <source>Use a code instead</source>
        <translation>Stattdessen einen Code verwenden</translation>
    </message>
    <message>
        <source>Sign in with your browser on this computer</source>
        <translation>Mit Ihrem Browser auf diesem Computer anmelden</translation>
    </message>
    <message>
        <source>Enter a code on this or another device, for when no browser can be opened here</source>
        <translation>Einen Code auf diesem oder einem anderen Gerät eingeben, falls hier kein Browser geöffnet werden kann</translation>
    </message>
    <message>
        <source>Stops the sign-in in progress; otherwise closes this window without signing in</source>
        <translation>Bricht die laufende Anmeldung ab; andernfalls wird dieses Fenster ohne Anmeldung geschlossen</translation>
    </message>
</context>
<context>
    <name>Tessera::LoopbackReceiver</name>
    <message>
        <source>port %1 on 127.0.0.1 is in use by another program</source>
        <translation>Port %1 auf 127.0.0.1 wird von einem anderen Programm verwendet</translation>
    </message>
    <message>
        <source>Request too large</source>
        <translation>Anfrage zu groß</translation>
    </message>
    <message>
        <source>This request is too large.</source>
        <translation>Diese Anfrage ist zu groß.</translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <source>This is not a request Tessera understands.</source>
        <translation>Diese Anfrage versteht Tessera nicht.</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <source>Only GET is answered here.</source>
        <translation>Hier wird nur GET beantwortet.</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>This address is waiting for a sign-in to %1, and this request is not its answer.</source>
        <translation>Diese Adresse wartet auf eine Anmeldung bei %1, und diese Anfrage ist nicht deren Antwort.</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>You are signed in to %1. You can close this tab and return to the application.</source>
        <translation>Sie sind bei %1 angemeldet. Sie können diesen Tab schließen und zur Anwendung zurückkehren.</translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation>Anmeldung fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 You can close this tab and return to the application.</source>
        <translation>%1 Sie können diesen Tab schließen und zur Anwendung zurückkehren.</translation>
    </message>
</context>
<context>
    <name>Tessera::MemoryTokenStore</name>
    <message>
        <source>The in-memory token store was told to fail (simulated error).</source>
        <translation>Der Token-Speicher im Arbeitsspeicher sollte fehlschlagen (simulierter Fehler).</translation>
    </message>
    <message>
        <source>Nothing is stored under this key.</source>
        <translation>Unter diesem Schlüssel ist nichts gespeichert.</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
</context>
<context>
    <name>Tessera::NetworkAccessManager</name>
    <message>
        <source>The session is gone</source>
        <translation>Die Sitzung besteht nicht mehr</translation>
    </message>
    <message>
        <source>The session with %1 could not be renewed (%2); it is retried automatically</source>
        <translation>Die Sitzung mit %1 konnte nicht erneuert werden (%2); es wird automatisch erneut versucht</translation>
    </message>
    <message>
        <source>The session with %1 has ended; sign in again</source>
        <translation>Die Sitzung mit %1 ist beendet; bitte melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>Not signed in to %1; sign in first</source>
        <translation>Nicht bei %1 angemeldet; bitte melden Sie sich zuerst an</translation>
    </message>
</context>
<context>
    <name>Tessera::PromptedSignInView</name>
    <message>
        <source>The sign-in was declined</source>
        <translation>Die Anmeldung wurde abgelehnt</translation>
    </message>
</context>
<context>
    <name>Tessera::QrCodeView</name>
    <message>
        <source>QR code</source>
        <translation>QR-Code</translation>
    </message>
    <message>
        <source>Scan to open %1</source>
        <translation>Scannen, um %1 zu öffnen</translation>
    </message>
</context>
<context>
    <name>Tessera::RedisCommand</name>
    <message>
        <source>a command needs at least its name</source>
        <translation>ein Befehl braucht mindestens seinen Namen</translation>
    </message>
    <message>
        <source>%1: the connection authenticates itself (RedisConnection::Options)</source>
        <translation>%1: Die Verbindung authentifiziert sich selbst (RedisConnection::Options)</translation>
    </message>
    <message>
        <source>SELECT: the database is the URL&apos;s</source>
        <translation>SELECT: Die Datenbank ist die der URL</translation>
    </message>
    <message>
        <source>%1: use RedisConnection::subscribe(), on a connection of its own</source>
        <translation>%1: Verwenden Sie RedisConnection::subscribe() auf einer eigenen Verbindung</translation>
    </message>
    <message>
        <source>%1: it would break the pairing of commands and replies</source>
        <translation>%1: Dies würde die Zuordnung von Befehlen und Antworten stören</translation>
    </message>
</context>
<context>
    <name>Tessera::RedisConnection</name>
    <message>
        <source>Timed out: could not connect to %1 within %2 ms</source>
        <translation>Zeitüberschreitung: Keine Verbindung zu %1 innerhalb von %2 ms</translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation>Keine Verbindung zu %1 möglich: %2</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>der Server hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>Der TLS-Handshake mit %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>Connection to %1 lost: %2</source>
        <translation>Verbindung zu %1 verloren: %2</translation>
    </message>
    <message>
        <source>Connection to %1 closed: a reply was larger than %2 bytes</source>
        <translation>Verbindung zu %1 geschlossen: Eine Antwort war größer als %2 Byte</translation>
    </message>
    <message>
        <source>Connection to %1 closed: the server&apos;s answer is not the Redis protocol (RESP2)</source>
        <translation>Verbindung zu %1 geschlossen: Die Antwort des Servers entspricht nicht dem Redis-Protokoll (RESP2)</translation>
    </message>
    <message>
        <source>Connection to %1 closed: the server sent an answer no command asked for</source>
        <translation>Verbindung zu %1 geschlossen: Der Server hat eine Antwort gesendet, die kein Befehl angefordert hat</translation>
    </message>
    <message>
        <source>%1 refused %2 (%3)</source>
        <translation>%1 hat %2 abgelehnt (%3)</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>%1: this is a subscriber connection; give commands to another one</source>
        <translation>%1: Dies ist eine Abonnement-Verbindung; senden Sie Befehle über eine andere</translation>
    </message>
    <message>
        <source>Not connected to %1</source>
        <translation>Nicht mit %1 verbunden</translation>
    </message>
    <message>
        <source>Not connected to %1: %2</source>
        <translation>Nicht mit %1 verbunden: %2</translation>
    </message>
    <message>
        <source>Timed out: %1 did not answer %2 within %3 ms</source>
        <translation>Zeitüberschreitung: %1 hat %2 nicht innerhalb von %3 ms beantwortet</translation>
    </message>
    <message>
        <source>Connection closed</source>
        <translation>Verbindung geschlossen</translation>
    </message>
    <message>
        <source>%1 refused the user name or password (%2)</source>
        <translation>%1 hat den Benutzernamen oder das Passwort abgelehnt (%2)</translation>
    </message>
    <message>
        <source>%1 requires a password (NOAUTH), and none was given</source>
        <translation>%1 verlangt ein Passwort (NOAUTH), aber es wurde keines angegeben</translation>
    </message>
    <message>
        <source>%1 answered %2 with an error (%3)</source>
        <translation>%1 hat %2 mit einem Fehler beantwortet (%3)</translation>
    </message>
    <message>
        <source>%1 answered %2 with something unexpected</source>
        <translation>%1 hat %2 unerwartet beantwortet</translation>
    </message>
    <message>
        <source>TLS is not available</source>
        <translation>TLS ist nicht verfügbar</translation>
    </message>
    <message>
        <source>the CA certificates given hold no PEM certificate</source>
        <translation>die angegebenen CA-Zertifikate enthalten kein PEM-Zertifikat</translation>
    </message>
</context>
<context>
    <name>Tessera::RedisRefreshCoordinator</name>
    <message>
        <source>the server answered %1</source>
        <translation>der Server hat %1 geantwortet</translation>
    </message>
    <message>
        <source>%1 cannot be used: %2</source>
        <translation>%1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>another machine held the refresh lock for too long</source>
        <translation>ein anderer Rechner hat die Erneuerungssperre zu lange gehalten</translation>
    </message>
</context>
<context>
    <name>Tessera::RedisTokenStore</name>
    <message>
        <source>The Redis store of “%1” cannot be used: %2</source>
        <translation>Der Redis-Speicher von „%1“ kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>the key is not usable</source>
        <translation>der Schlüssel ist nicht verwendbar</translation>
    </message>
    <message>
        <source>the CA file %1 cannot be read</source>
        <translation>die CA-Datei %1 kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>the Redis store of “%1” at %2</source>
        <translation>der Redis-Speicher von „%1“ unter %2</translation>
    </message>
    <message>
        <source>the server answered %1</source>
        <translation>der Server hat %1 geantwortet</translation>
    </message>
    <message>
        <source>%1 cannot be used: %2</source>
        <translation>%1 kann nicht verwendet werden: %2</translation>
    </message>
    <message>
        <source>The session in %1 could not be decrypted: is the key file the one the other machines use?</source>
        <translation>Die Sitzung in %1 konnte nicht entschlüsselt werden: Ist die Schlüsseldatei dieselbe, die die anderen Rechner verwenden?</translation>
    </message>
    <message>
        <source>The refresh lock in %1 expired before the session was stored; another machine may have renewed it</source>
        <translation>Die Erneuerungssperre in %1 ist abgelaufen, bevor die Sitzung gespeichert wurde; möglicherweise hat ein anderer Rechner sie erneuert</translation>
    </message>
    <message>
        <source>A newer session was stored in %1 by another machine</source>
        <translation>Ein anderer Rechner hat eine neuere Sitzung in %1 gespeichert</translation>
    </message>
</context>
<context>
    <name>Tessera::RedisUrl</name>
    <message>
        <source>host: an IPv6 address lacks its closing &apos;]&apos;</source>
        <translation>Host: Einer IPv6-Adresse fehlt die schließende &apos;]&apos;</translation>
    </message>
    <message>
        <source>host: not a valid IPv6 address</source>
        <translation>Host: keine gültige IPv6-Adresse</translation>
    </message>
    <message>
        <source>host: unexpected characters after the IPv6 address</source>
        <translation>Host: unerwartete Zeichen nach der IPv6-Adresse</translation>
    </message>
    <message>
        <source>host: an IPv6 address must be in brackets</source>
        <translation>Host: Eine IPv6-Adresse muss in eckigen Klammern stehen</translation>
    </message>
    <message>
        <source>host: missing</source>
        <translation>Host: fehlt</translation>
    </message>
    <message>
        <source>host: not a valid host name</source>
        <translation>Host: kein gültiger Hostname</translation>
    </message>
    <message>
        <source>port: must be a number from 1 to 65535</source>
        <translation>Port: muss eine Zahl von 1 bis 65535 sein</translation>
    </message>
    <message>
        <source>the URL is empty</source>
        <translation>die URL ist leer</translation>
    </message>
    <message>
        <source>the URL must not contain spaces or control characters</source>
        <translation>die URL darf keine Leer- oder Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>scheme: expected redis:// or rediss://</source>
        <translation>Schema: redis:// oder rediss:// erwartet</translation>
    </message>
    <message>
        <source>password: must not be in the URL; use the store&apos;s credentials_file</source>
        <translation>Passwort: darf nicht in der URL stehen; verwenden Sie die credentials_file des Speichers</translation>
    </message>
    <message>
        <source>user name: must not be in the URL; give it with the password, in the store&apos;s credentials_file</source>
        <translation>Benutzername: darf nicht in der URL stehen; geben Sie ihn zusammen mit dem Passwort in der credentials_file des Speichers an</translation>
    </message>
    <message>
        <source>query: not supported; the database goes in the path (/db)</source>
        <translation>Abfrage: nicht unterstützt; die Datenbank gehört in den Pfad (/db)</translation>
    </message>
    <message>
        <source>fragment: not supported</source>
        <translation>Fragment: nicht unterstützt</translation>
    </message>
    <message>
        <source>database: must be a number from 0 to 2147483647</source>
        <translation>Datenbank: muss eine Zahl von 0 bis 2147483647 sein</translation>
    </message>
</context>
<context>
    <name>Tessera::RequestSecrets</name>
    <message>
        <source>is empty</source>
        <translation>ist leer</translation>
    </message>
    <message>
        <source>holds a control character (a line break in the middle?)</source>
        <translation>enthält ein Steuerzeichen (einen Zeilenumbruch mittendrin?)</translation>
    </message>
    <message>
        <source>The %1 header&apos;s file %2</source>
        <translation>Die Datei %2 für den Header %1</translation>
    </message>
    <message>
        <source>The %1 header&apos;s file %2 %3</source>
        <translation>Die Datei %2 für den Header %1 %3</translation>
    </message>
    <message>
        <source>The %1 header&apos;s keychain entry “%2” does not exist; store it with: tessera set-secret %2</source>
        <translation>Der Schlüsselbund-Eintrag „%2“ für den Header %1 existiert nicht; speichern Sie ihn mit: tessera set-secret %2</translation>
    </message>
    <message>
        <source>The %1 header&apos;s keychain entry “%2” could not be read: %3</source>
        <translation>Der Schlüsselbund-Eintrag „%2“ für den Header %1 konnte nicht gelesen werden: %3</translation>
    </message>
    <message>
        <source>The %1 header&apos;s keychain entry “%2” %3</source>
        <translation>Der Schlüsselbund-Eintrag „%2“ für den Header %1 %3</translation>
    </message>
    <message numerus="yes">
        <source>is longer than %n bytes</source>
        <translation>
            <numerusform>ist länger als %n Byte</numerusform>
            <numerusform>ist länger als %n Byte</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tessera::Session</name>
    <message>
        <source>“%1” offers no sign-in in the browser: its authorization server names no %2 endpoint</source>
        <translation>„%1“ bietet keine Anmeldung im Browser an: Sein Autorisierungsserver nennt keinen %2-Endpunkt</translation>
    </message>
    <message>
        <source>The authorization server of “%1” does not support PKCE with S256, which a sign-in in the browser needs</source>
        <translation>Der Autorisierungsserver von „%1“ unterstützt kein PKCE mit S256, das für eine Anmeldung im Browser nötig ist</translation>
    </message>
    <message>
        <source>Could not wait for the browser&apos;s answer: %1</source>
        <translation>Auf die Antwort des Browsers konnte nicht gewartet werden: %1</translation>
    </message>
    <message>
        <source>Nobody signed in in the browser within a minute</source>
        <translation>Innerhalb einer Minute hat sich niemand im Browser angemeldet</translation>
    </message>
    <message>
        <source>This user name cannot be used: %1</source>
        <translation>Dieser Benutzername kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>This API key cannot be used: %1</source>
        <translation>Dieser API-Schlüssel kann nicht verwendet werden: %1</translation>
    </message>
    <message>
        <source>“%1” offers no sign-in with a device code: its authorization server names no %2 endpoint</source>
        <translation>„%1“ bietet keine Anmeldung mit Gerätecode an: Sein Autorisierungsserver nennt keinen %2-Endpunkt</translation>
    </message>
    <message>
        <source>Could not start a sign-in with a device code: %1</source>
        <translation>Die Anmeldung mit Gerätecode konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>The server&apos;s answer to a device sign-in is not usable: %1</source>
        <translation>Die Antwort des Servers auf eine Geräteanmeldung ist nicht verwendbar: %1</translation>
    </message>
    <message>
        <source>Not refreshing while the session cannot be shared (%1); the access token stays in use, trying again later</source>
        <translation>Keine Erneuerung, solange die Sitzung nicht geteilt werden kann (%1); das Zugriffstoken bleibt in Gebrauch, später wird es erneut versucht</translation>
    </message>
    <message>
        <source>Could not take the lock that programs sharing this session renew it under; trying again later</source>
        <translation>Die Sperre, unter der die Programme dieser gemeinsamen Sitzung sie erneuern, konnte nicht belegt werden; später wird es erneut versucht</translation>
    </message>
    <message>
        <source>Could not read the session shared with other programs from %1 (%2); trying again later</source>
        <translation>Die mit anderen Programmen geteilte Sitzung konnte nicht aus %1 gelesen werden (%2); später wird es erneut versucht</translation>
    </message>
    <message>
        <source>Another program renewed the session but could not save it; waiting for it to try again</source>
        <translation>Ein anderes Programm hat die Sitzung erneuert, konnte sie aber nicht speichern; es wird auf seinen nächsten Versuch gewartet</translation>
    </message>
    <message>
        <source>The session expired; sign in again</source>
        <translation>Die Sitzung ist abgelaufen; bitte melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>There is no session to refresh; sign in first</source>
        <translation>Es gibt keine Sitzung zum Erneuern; bitte melden Sie sich zuerst an</translation>
    </message>
    <message>
        <source>Could not save the session in %1 (%2); it will last only while this program runs</source>
        <translation>Die Sitzung konnte nicht in %1 gespeichert werden (%2); sie besteht nur, solange dieses Programm läuft</translation>
    </message>
    <message>
        <source>The access token expired and cannot be renewed; sign in again</source>
        <translation>Das Zugriffstoken ist abgelaufen und kann nicht erneuert werden; bitte melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>The session ended in another program; sign in again</source>
        <translation>Die Sitzung wurde in einem anderen Programm beendet; bitte melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>Could not save the session in %1 (%2); the profile names no endpoint to end it on the server</source>
        <translation>Die Sitzung konnte nicht in %1 gespeichert werden (%2); das Profil nennt keinen Endpunkt, um sie auf dem Server zu beenden</translation>
    </message>
    <message>
        <source>Could not save the session in %1 (%2); the sign-in was undone on the server</source>
        <translation>Die Sitzung konnte nicht in %1 gespeichert werden (%2); die Anmeldung wurde auf dem Server rückgängig gemacht</translation>
    </message>
    <message>
        <source>Could not save the session in %1 (%2), nor undo the sign-in on the server (%3)</source>
        <translation>Weder konnte die Sitzung in %1 gespeichert werden (%2), noch konnte die Anmeldung auf dem Server rückgängig gemacht werden (%3)</translation>
    </message>
    <message>
        <source>Signed out and revoked on the server, but the others sharing the session could not be told: %1</source>
        <translation>Abgemeldet und auf dem Server widerrufen, aber die anderen Teilhaber der Sitzung konnten nicht benachrichtigt werden: %1</translation>
    </message>
    <message>
        <source>Signed out, but the stored session could not be removed from %1: %2</source>
        <translation>Abgemeldet, aber die gespeicherte Sitzung konnte nicht aus %1 entfernt werden: %2</translation>
    </message>
    <message>
        <source>Signed out on this computer, but the server could not be told: %1</source>
        <translation>Auf diesem Computer abgemeldet, aber der Server konnte nicht benachrichtigt werden: %1</translation>
    </message>
    <message>
        <source>the destroyed token store</source>
        <translation>der gelöschte Token-Speicher</translation>
    </message>
    <message>
        <source>The token store given to the session was destroyed.</source>
        <translation>Der Token-Speicher der Sitzung wurde gelöscht.</translation>
    </message>
    <message numerus="yes">
        <source>Nobody signed in in the browser within %n minutes</source>
        <translation>
            <numerusform>Innerhalb von %n Minute hat sich niemand im Browser angemeldet</numerusform>
            <numerusform>Innerhalb von %n Minuten hat sich niemand im Browser angemeldet</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tessera::SessionStatusView</name>
    <message>
        <source>Service:</source>
        <translation>Dienst:</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Access token:</source>
        <translation>Zugriffstoken:</translation>
    </message>
    <message>
        <source>Session ends:</source>
        <translation>Sitzung endet:</translation>
    </message>
    <message>
        <source>Refresh token expiry</source>
        <translation>Ablauf des Aktualisierungstokens</translation>
    </message>
    <message>
        <source>Next refresh:</source>
        <translation>Nächste Erneuerung:</translation>
    </message>
    <message>
        <source>Next refresh</source>
        <translation>Nächste Erneuerung</translation>
    </message>
    <message>
        <source>Last refresh:</source>
        <translation>Letzte Erneuerung:</translation>
    </message>
    <message>
        <source>Last refresh</source>
        <translation>Letzte Erneuerung</translation>
    </message>
    <message>
        <source>Storage:</source>
        <translation>Speicherung:</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicherung</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Access token expiry</source>
        <translation>Ablauf des Zugriffstokens</translation>
    </message>
    <message>
        <source>Access token remaining life</source>
        <translation>Restlaufzeit des Zugriffstokens</translation>
    </message>
    <message>
        <source>No access token</source>
        <translation>Kein Zugriffstoken</translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation>Jetzt &amp;erneuern</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Asks the server for a new access token now</source>
        <translation>Fordert jetzt ein neues Zugriffstoken vom Server an</translation>
    </message>
    <message>
        <source>Ends the session on the server and removes it from this computer</source>
        <translation>Beendet die Sitzung auf dem Server und entfernt sie von diesem Computer</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 (signs in as %2)</source>
        <translation>%1 (meldet sich als %2 an)</translation>
    </message>
    <message>
        <source>%1 ago (%2)</source>
        <translation>vor %1 (%2)</translation>
    </message>
    <message>
        <source>%1 of %2 left</source>
        <translation>noch %1 von %2</translation>
    </message>
    <message>
        <source>Nothing saved — not signed in</source>
        <translation>Nichts gespeichert – nicht angemeldet</translation>
    </message>
    <message>
        <source>Nothing saved — the keychain could not be used</source>
        <translation>Nichts gespeichert – der Schlüsselbund konnte nicht verwendet werden</translation>
    </message>
    <message>
        <source>Saved — you stay signed in when Tessera restarts</source>
        <translation>Gespeichert – Sie bleiben angemeldet, wenn Tessera neu startet</translation>
    </message>
    <message>
        <source>Not saved — it lasts only while Tessera runs (the keychain could not be used)</source>
        <translation>Nicht gespeichert – die Sitzung besteht nur, solange Tessera läuft (der Schlüsselbund konnte nicht verwendet werden)</translation>
    </message>
    <message>
        <source>Signing in — waiting for you in the browser…</source>
        <translation>Anmeldung läuft – wartet auf Sie im Browser …</translation>
    </message>
    <message>
        <source>Signing in — waiting for the code %1 to be entered…</source>
        <translation>Anmeldung läuft – wartet auf die Eingabe des Codes %1 …</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>A&amp;nmelden …</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>Erneut a&amp;nmelden …</translation>
    </message>
    <message>
        <source>Show &amp;sign-in…</source>
        <translation>A&amp;nmeldung anzeigen …</translation>
    </message>
    <message>
        <source>Re-&amp;authenticate…</source>
        <translation>Erneut a&amp;uthentifizieren …</translation>
    </message>
    <message>
        <source>Opens the sign-in window</source>
        <translation>Öffnet das Anmeldefenster</translation>
    </message>
    <message>
        <source>The session has ended: opens the sign-in window</source>
        <translation>Die Sitzung ist beendet: öffnet das Anmeldefenster</translation>
    </message>
    <message>
        <source>Brings back the window of the sign-in in progress</source>
        <translation>Holt das Fenster der laufenden Anmeldung wieder hervor</translation>
    </message>
    <message>
        <source>Opens the sign-in window to sign in again</source>
        <translation>Öffnet das Anmeldefenster, um sich erneut anzumelden</translation>
    </message>
    <message>
        <source>Tessera — %1</source>
        <translation>Tessera – %1</translation>
    </message>
</context>
<context>
    <name>Tessera::SessionText</name>
    <message>
        <source>%1 @ %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>%1 — signed out</source>
        <translation>%1 – abgemeldet</translation>
    </message>
    <message>
        <source>%1 — sign in again</source>
        <translation>%1 – erneut anmelden</translation>
    </message>
    <message>
        <source>%1 — offline, retrying</source>
        <translation>%1 – offline, neuer Versuch folgt</translation>
    </message>
    <message>
        <source>%1 — signed in</source>
        <translation>%1 – angemeldet</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message>
        <source>1 day %1</source>
        <translation>1 Tag %1</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <comment>weekday, time</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet …</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft …</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>Wird erneuert …</translation>
    </message>
    <message>
        <source>Signed in — renewal failed, retrying</source>
        <translation>Angemeldet – Erneuerung fehlgeschlagen, neuer Versuch folgt</translation>
    </message>
    <message>
        <source>Offline — waiting for the network</source>
        <translation>Offline – wartet auf das Netzwerk</translation>
    </message>
    <message>
        <source>Sign-in needed</source>
        <translation>Anmeldung erforderlich</translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation>Abmeldung läuft …</translation>
    </message>
    <message>
        <source>Waiting for the server — retrying</source>
        <translation>Wartet auf den Server – neuer Versuch folgt</translation>
    </message>
    <message>
        <source>You are offline — check your network connection</source>
        <translation>Sie sind offline – bitte prüfen Sie Ihre Netzwerkverbindung</translation>
    </message>
    <message>
        <source>The server is not responding — your network is fine</source>
        <translation>Der Server antwortet nicht – Ihr Netzwerk ist in Ordnung</translation>
    </message>
    <message>
        <source>Server unreachable — check your connection</source>
        <translation>Server nicht erreichbar – bitte prüfen Sie Ihre Verbindung</translation>
    </message>
    <message>
        <source>The server did not answer in time — try again</source>
        <translation>Der Server hat nicht rechtzeitig geantwortet – bitte versuchen Sie es erneut</translation>
    </message>
    <message>
        <source>The server has a problem right now — try again later</source>
        <translation>Der Server hat gerade ein Problem – bitte versuchen Sie es später erneut</translation>
    </message>
    <message>
        <source>Too many attempts — try again in a moment</source>
        <translation>Zu viele Versuche – bitte versuchen Sie es gleich noch einmal</translation>
    </message>
    <message>
        <source>This account is not allowed to sign in here</source>
        <translation>Dieses Konto darf sich hier nicht anmelden</translation>
    </message>
    <message>
        <source>Wrong user name or password</source>
        <translation>Falscher Benutzername oder falsches Passwort</translation>
    </message>
    <message>
        <source>The session has ended — sign in again</source>
        <translation>Die Sitzung ist beendet – bitte melden Sie sich erneut an</translation>
    </message>
    <message>
        <source>The server answered with something unexpected</source>
        <translation>Der Server hat unerwartet geantwortet</translation>
    </message>
    <message>
        <source>The keychain could not be used — the session lasts only while Tessera runs</source>
        <translation>Der Schlüsselbund konnte nicht verwendet werden – die Sitzung besteht nur, solange Tessera läuft</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>%1 — expires in %2</source>
        <translation>%1 – läuft in %2 ab</translation>
    </message>
    <message>
        <source>%1 — expired, renewing</source>
        <translation>%1 – abgelaufen, wird erneuert</translation>
    </message>
    <message>
        <source>%1 — expires at %2</source>
        <translation>%1 – läuft um %2 ab</translation>
    </message>
</context>
<context>
    <name>Tessera::Tray::Notifier</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>Tessera::Tray::StatusWindow</name>
    <message>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <source>The session with %1</source>
        <translation>Die Sitzung mit %1</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>A page for each session; the arrow keys go from one to the next</source>
        <translation>Eine Seite je Sitzung; mit den Pfeiltasten wechseln Sie zwischen ihnen</translation>
    </message>
    <message>
        <source>Shows the sessions&apos; tabs that do not fit</source>
        <translation>Zeigt die Reiter der Sitzungen, die keinen Platz mehr haben</translation>
    </message>
    <message>
        <source>There is no system tray on this desktop. Tessera keeps your sessions alive after you close this window; start Tessera again to bring it back.</source>
        <translation>Diese Arbeitsumgebung hat keinen Infobereich (System-Tray). Tessera hält Ihre Sitzungen aufrecht, nachdem Sie dieses Fenster geschlossen haben; starten Sie Tessera erneut, um es wieder anzuzeigen.</translation>
    </message>
    <message>
        <source>&amp;Quit Tessera</source>
        <translation>Tessera &amp;beenden</translation>
    </message>
    <message>
        <source>Stops Tessera and its refreshes; a saved session is restored when Tessera starts again</source>
        <translation>Beendet Tessera und seine Erneuerungen; eine gespeicherte Sitzung wird beim nächsten Start von Tessera wiederhergestellt</translation>
    </message>
</context>
<context>
    <name>Tessera::Tray::TrayApplication</name>
    <message>
        <source>Sign in again</source>
        <translation>Erneut anmelden</translation>
    </message>
    <message>
        <source>Your session with %1 has ended. Click to sign in again.</source>
        <translation>Ihre Sitzung mit %1 ist beendet. Klicken Sie, um sich erneut anzumelden.</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>You were signed out of %1 elsewhere.</source>
        <translation>Sie wurden an anderer Stelle von %1 abgemeldet.</translation>
    </message>
    <message>
        <source>Session ending soon</source>
        <translation>Sitzung endet bald</translation>
    </message>
    <message>
        <source>Your session with %1 ends in %2 (at %3). Click to sign in again and stay signed in.</source>
        <translation>Ihre Sitzung mit %1 endet in %2 (um %3). Klicken Sie, um sich erneut anzumelden und angemeldet zu bleiben.</translation>
    </message>
    <message>
        <source>Sign in to %1</source>
        <translation>Bei %1 anmelden</translation>
    </message>
    <message>
        <source>Tessera has no session for %1 yet. Click to sign in.</source>
        <translation>Tessera hat noch keine Sitzung für %1. Klicken Sie, um sich anzumelden.</translation>
    </message>
    <message>
        <source>Tessera is still running</source>
        <translation>Tessera läuft weiter</translation>
    </message>
    <message>
        <source>It keeps your sessions alive and tells you when one needs you. Click here, or start Tessera again, to see them; Quit is in that window.</source>
        <translation>Tessera hält Ihre Sitzungen aufrecht und meldet sich, wenn eine Sie braucht. Klicken Sie hier oder starten Sie Tessera erneut, um sie zu sehen; dort können Sie Tessera auch beenden.</translation>
    </message>
</context>
<context>
    <name>Tessera::Tray::TrayCommandLine</name>
    <message>
        <source>Shows this help and exits.</source>
        <translation>Zeigt diese Hilfe an und beendet das Programm.</translation>
    </message>
    <message>
        <source>Shows the version and exits.</source>
        <translation>Zeigt die Version an und beendet das Programm.</translation>
    </message>
    <message>
        <source>A service profile (JSON); repeat for several. Default: $TESSERA_PROFILE or ~/.config/tessera/profile.json.</source>
        <translation>Ein Dienstprofil (JSON); für mehrere wiederholen. Vorgabe: $TESSERA_PROFILE oder ~/.config/tessera/profile.json.</translation>
    </message>
    <message>
        <source>Starts in the tray without opening any window (the autostart entry uses it): a notification asks for a sign-in instead of the login dialog. Without a tray the status window still opens.</source>
        <translation>Startet im Infobereich, ohne ein Fenster zu öffnen (der Autostart-Eintrag verwendet dies): Statt des Anmeldedialogs bittet eine Benachrichtigung um die Anmeldung. Ohne Infobereich öffnet sich trotzdem das Statusfenster.</translation>
    </message>
    <message>
        <source>Warns this many minutes before a session ends; repeat for several warnings (default: 10). The longest also turns the icon to the hourglass.</source>
        <translation>Warnt so viele Minuten, bevor eine Sitzung endet; für mehrere Warnungen wiederholen (Vorgabe: 10). Die längste Frist lässt außerdem das Symbol zur Sanduhr werden.</translation>
    </message>
    <message>
        <source>Keeps you signed in to token-based services and shows the sessions in the system tray.</source>
        <translation>Hält Sie bei tokenbasierten Diensten angemeldet und zeigt die Sitzungen im Infobereich der Kontrollleiste.</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Unerwartetes Argument: %1</translation>
    </message>
    <message>
        <source>--warn-before takes a number of minutes (1 or more), not &quot;%1&quot;</source>
        <translation>--warn-before erwartet eine Anzahl Minuten (1 oder mehr), nicht „%1“</translation>
    </message>
</context>
<context>
    <name>Tessera::Tray::TrayLook</name>
    <message>
        <source>    the session ends at %1: sign in again to stay signed in</source>
        <translation>    die Sitzung endet um %1: melden Sie sich erneut an, um angemeldet zu bleiben</translation>
    </message>
</context>
<context>
    <name>Tessera::Tray::TrayMenu</name>
    <message>
        <source>&amp;Refresh now</source>
        <translation>Jetzt &amp;erneuern</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>Shows the status of the session with %1</source>
        <translation>Zeigt den Zustand der Sitzung mit %1</translation>
    </message>
    <message>
        <source>Asks the server for a new access token now</source>
        <translation>Fordert jetzt ein neues Zugriffstoken vom Server an</translation>
    </message>
    <message>
        <source>Ends the session on the server and removes it from this computer</source>
        <translation>Beendet die Sitzung auf dem Server und entfernt sie von diesem Computer</translation>
    </message>
    <message>
        <source>Show &amp;status…</source>
        <translation>&amp;Status anzeigen …</translation>
    </message>
    <message>
        <source>Opens the window with the details of every session</source>
        <translation>Öffnet das Fenster mit den Einzelheiten aller Sitzungen</translation>
    </message>
    <message>
        <source>Start at &amp;login</source>
        <translation>Beim Anmelden s&amp;tarten</translation>
    </message>
    <message>
        <source>Starts Tessera when you log in to this desktop</source>
        <translation>Startet Tessera, wenn Sie sich an dieser Arbeitsumgebung anmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Stops Tessera and its refreshes; a saved session is restored when Tessera starts again</source>
        <translation>Beendet Tessera und seine Erneuerungen; eine gespeicherte Sitzung wird beim nächsten Start von Tessera wiederhergestellt</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>A&amp;nmelden …</translation>
    </message>
    <message>
        <source>Sign &amp;in again…</source>
        <translation>Erneut a&amp;nmelden …</translation>
    </message>
    <message>
        <source>Show &amp;sign-in…</source>
        <translation>A&amp;nmeldung anzeigen …</translation>
    </message>
    <message>
        <source>Re-&amp;authenticate…</source>
        <translation>Erneut a&amp;uthentifizieren …</translation>
    </message>
    <message>
        <source>Opens the sign-in window</source>
        <translation>Öffnet das Anmeldefenster</translation>
    </message>
    <message>
        <source>The session has ended: opens the sign-in window</source>
        <translation>Die Sitzung ist beendet: öffnet das Anmeldefenster</translation>
    </message>
    <message>
        <source>Brings back the window of the sign-in in progress</source>
        <translation>Holt das Fenster der laufenden Anmeldung wieder hervor</translation>
    </message>
    <message>
        <source>Opens the sign-in window to sign in again</source>
        <translation>Öffnet das Anmeldefenster, um sich erneut anzumelden</translation>
    </message>
</context>
<context>
    <name>tessera</name>
    <message>
        <source>Signs in to a token API and keeps the session in the keychain.

Commands:
  status    show the session (--json for scripts, --watch to follow it)
  login     sign in; the password or API key is read from the terminal,
            or from standard input with --password-stdin / --api-key-stdin
  token     print a valid access token, refreshing first if needed
  refresh   refresh the access token now
  logout    revoke the session on the server and remove it from the keychain
  set-secret NAME     keep a secret a profile&apos;s request sends (an app key)
                      in the keychain; the value is read like a password
                      (--value-stdin: from standard input)
  remove-secret NAME  remove it from the keychain</source>
        <translation>Meldet sich bei einer Token-API an und bewahrt die Sitzung im Schlüsselbund auf.

Befehle:
  status    die Sitzung anzeigen (--json für Skripte, --watch zum Verfolgen)
  login     anmelden; Passwort oder API-Schlüssel werden vom Terminal gelesen
            oder mit --password-stdin / --api-key-stdin von der Standardeingabe
  token     ein gültiges Zugriffstoken ausgeben, falls nötig zuvor erneuert
  refresh   das Zugriffstoken jetzt erneuern
  logout    die Sitzung auf dem Server widerrufen und aus dem Schlüsselbund entfernen
  set-secret NAME     ein Geheimnis, das eine Anfrage des Profils sendet (einen
                      App-Schlüssel), im Schlüsselbund ablegen; der Wert wird wie
                      ein Passwort gelesen (--value-stdin: von der Standardeingabe)
  remove-secret NAME  es aus dem Schlüsselbund entfernen</translation>
    </message>
    <message>
        <source>Service profile (JSON file).</source>
        <translation>Dienstprofil (JSON-Datei).</translation>
    </message>
    <message>
        <source>Account name.</source>
        <translation>Kontoname.</translation>
    </message>
    <message>
        <source>status: print JSON.</source>
        <translation>status: JSON ausgeben.</translation>
    </message>
    <message>
        <source>status: keep the session alive and print it every second.</source>
        <translation>status: die Sitzung aufrechterhalten und jede Sekunde ausgeben.</translation>
    </message>
    <message>
        <source>login: read the password from stdin.</source>
        <translation>login: das Passwort von der Standardeingabe lesen.</translation>
    </message>
    <message>
        <source>login: read the API key from stdin.</source>
        <translation>login: den API-Schlüssel von der Standardeingabe lesen.</translation>
    </message>
    <message>
        <source>login: keep the API key in the keychain to sign in again by itself.</source>
        <translation>login: den API-Schlüssel im Schlüsselbund aufbewahren, um sich selbstständig erneut anzumelden.</translation>
    </message>
    <message>
        <source>login: print the sign-in link instead of opening a browser.</source>
        <translation>login: den Anmeldelink ausgeben, statt einen Browser zu öffnen.</translation>
    </message>
    <message>
        <source>login: sign in with a code entered on another device.</source>
        <translation>login: mit einem Code anmelden, der auf einem anderen Gerät eingegeben wird.</translation>
    </message>
    <message>
        <source>set-secret: read the value from stdin.</source>
        <translation>set-secret: den Wert von der Standardeingabe lesen.</translation>
    </message>
    <message>
        <source>status, login, token, refresh, logout, set-secret NAME or remove-secret NAME</source>
        <translation>status, login, token, refresh, logout, set-secret NAME oder remove-secret NAME</translation>
    </message>
    <message>
        <source>unknown command: %1</source>
        <translation>unbekannter Befehl: %1</translation>
    </message>
    <message>
        <source>one command at a time</source>
        <translation>nur ein Befehl auf einmal</translation>
    </message>
    <message>
        <source>%1 needs the secret&apos;s name</source>
        <translation>%1 braucht den Namen des Geheimnisses</translation>
    </message>
    <message>
        <source>--password-stdin or --api-key-stdin, not both</source>
        <translation>--password-stdin oder --api-key-stdin, nicht beides</translation>
    </message>
    <message>
        <source>no terminal to ask on; use --password-stdin or --api-key-stdin</source>
        <translation>kein Terminal für die Abfrage; verwenden Sie --password-stdin oder --api-key-stdin</translation>
    </message>
    <message>
        <source>cannot read standard input</source>
        <translation>die Standardeingabe kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>standard input is too long</source>
        <translation>die Standardeingabe ist zu lang</translation>
    </message>
    <message>
        <source>nothing was entered</source>
        <translation>es wurde nichts eingegeben</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>expired %1 ago (%2)</source>
        <translation>vor %1 abgelaufen (%2)</translation>
    </message>
    <message>
        <source>in %1 (%2)</source>
        <translation>in %1 (%2)</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message numerus="yes">
        <source>%nd %1:%2:%3</source>
        <comment>days, then h:mm:ss</comment>
        <translation>
            <numerusform>%n Tag %1:%2:%3</numerusform>
            <numerusform>%n Tage %1:%2:%3</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (profile %2)
</source>
        <translation>%1 (Profil %2)
</translation>
    </message>
    <message>
        <source>  state:    %1
</source>
        <translation>  Zustand:    %1
</translation>
    </message>
    <message>
        <source>  user:     %1
</source>
        <translation>  Benutzer:   %1
</translation>
    </message>
    <message>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <source>  access:   expires %1
</source>
        <translation>  Zugriff:    Ablauf %1
</translation>
    </message>
    <message>
        <source>  refresh:  next %1
</source>
        <translation>  Erneuerung: nächste %1
</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>nicht geplant</translation>
    </message>
    <message>
        <source>  session:  ends %1
</source>
        <translation>  Sitzung:    Ende %1
</translation>
    </message>
    <message>
        <source>  storage:  in memory only (the keychain could not be used)
</source>
        <translation>  Speicher:   nur im Arbeitsspeicher (der Schlüsselbund konnte nicht verwendet werden)
</translation>
    </message>
    <message>
        <source>  error:    %1
</source>
        <translation>  Fehler:     %1
</translation>
    </message>
    <message>
        <source>  access expires in %1</source>
        <translation>  Zugriff läuft ab in %1</translation>
    </message>
    <message>
        <source>  next refresh in %1</source>
        <translation>  nächste Erneuerung in %1</translation>
    </message>
</context>
<context>
    <name>tessera-tray</name>
    <message>
        <source>%1 and %2 are both profile &quot;%3&quot;; give one of them another &quot;id&quot;</source>
        <translation>%1 und %2 sind beide das Profil „%3“; geben Sie einem von beiden eine andere &quot;id&quot;</translation>
    </message>
    <message>
        <source>tessera-tray is already running; showing its status window</source>
        <translation>tessera-tray läuft bereits; sein Statusfenster wird angezeigt</translation>
    </message>
    <message>
        <source>another instance (pid %1) holds %2 but does not answer</source>
        <translation>eine andere Instanz (PID %1) hält %2, antwortet aber nicht</translation>
    </message>
    <message>
        <source>(tessera-tray --help lists the options)</source>
        <translation>(tessera-tray --help listet die Optionen auf)</translation>
    </message>
</context>
</TS>

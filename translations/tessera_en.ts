<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Tessera::AuthClient</name>
    <message numerus="yes">
        <source>The server&apos;s answer was larger than %n bytes</source>
        <translation>
            <numerusform>The server&apos;s answer was larger than %n byte</numerusform>
            <numerusform>The server&apos;s answer was larger than %n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tessera::RequestSecrets</name>
    <message numerus="yes">
        <source>is longer than %n bytes</source>
        <translation>
            <numerusform>is longer than %n byte</numerusform>
            <numerusform>is longer than %n bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tessera::Session</name>
    <message numerus="yes">
        <source>Nobody signed in in the browser within %n minutes</source>
        <translation>
            <numerusform>Nobody signed in in the browser within %n minute</numerusform>
            <numerusform>Nobody signed in in the browser within %n minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Tessera::SessionText</name>
    <message numerus="yes">
        <source>%n days</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tessera</name>
    <message numerus="yes">
        <source>%nd %1:%2:%3</source>
        <comment>days, then h:mm:ss</comment>
        <translation>
            <numerusform>%nd %1:%2:%3</numerusform>
            <numerusform>%nd %1:%2:%3</numerusform>
        </translation>
    </message>
</context>
</TS>

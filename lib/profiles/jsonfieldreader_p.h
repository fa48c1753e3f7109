// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Tessera {

/*!
 * \brief Reads the fields of a JSON object as the types a profile holds (an object, a string, a
 * name, a whole number in a range, a server URL, an endpoint), and keeps the first error: the
 * dotted key and the rule it breaks, as "login.kind: expected a string, got a number".
 *
 * - Keys are dotted ("login.path"); the field looked up is the key's last segment, in the
 *   object passed, so one key both finds the field and names it in the error.
 * - Absent and null are told apart by Need. Absent: Optional and Nullable keep the value the
 *   caller put in the output (the default), Required is "missing". Null: Nullable gives an
 *   empty value ("none"); Optional and Required take it for a type error ("expected a string,
 *   got null"). readObject() and readInteger() are Optional always.
 * - A name is a string that is not empty once trimmed. The check is made on the value the read
 *   ends with, so an absent name whose default is empty, or a Nullable one given null, is "must
 *   not be empty" too.
 * - A whole number is a JSON number with no fraction, from min to max inclusive (1e3 is 1000).
 *   One that is not is shown back: 67108865, 0.5, 1e+20.
 * - A server URL (readServerUrl()) is absolute (QUrl's strict mode), https://, or http:// to a
 *   loopback host only (localhost in any case, or an address QHostAddress takes for loopback:
 *   127.0.0.0/8, ::1); with no user name, password or fragment; the scheme in any case. A path
 *   and a query are the caller's to refuse.
 * - An endpoint (readEndpoint()) is a server URL, or a path resolved below \a base: base's path,
 *   its trailing slashes dropped, as a prefix; a '/' put between when the path starts with none;
 *   the path's query kept. A path with a host ("//h/x"), with a fragment, or that QUrl finds
 *   invalid is refused. With Need::Nullable, null and "" both mean "no such endpoint" (an empty
 *   QUrl); otherwise "" is "must not be empty".
 * - checkKeys() refuses the first key of an object (in QJsonObject's order, sorted) that is not
 *   known: "unknown key", or, for a key the caller lists as known elsewhere, the caller's rule
 *   ("not used by the json dialect").
 * - checkControlCharacters() walks a whole document, depth first in key order, and refuses the
 *   first control character (Ascii::firstControlCharacter(): C0, DEL, C1) by where it is: in a
 *   string, by the string's path ("login.path", "api_origins[1]"); in a key, by the path of the
 *   object holding it ("login", or "the top level").
 * - The first error is kept: a later fail() returns false and leaves it as it is. A read that
 *   fails may have written to its output; callers stop at the first false.
 *
 * Errors name the path, never the value: a string field may hold a URL with a user name and
 * password, or a secret put in the wrong place. All that is shown of a value is its JSON type, a
 * number that broke a range (numbers are limits, not secrets), a URL's scheme through quoted(),
 * and the short words a caller chooses to quote back with quoted() (a dialect, a login kind, an
 * id).
 */
class JsonFieldReader
{
public:
    enum class Need { Optional, Required, Nullable };

    /*! \brief "key: what is wrong" for the first failure; empty while nothing failed. */
    QString error() const { return m_error; }

    /*! \brief Records "key: what" unless an error is recorded already. Returns false. */
    bool fail(const QString &key, const QString &what);
    /*! \brief fail() with "expected \a expected, got <the JSON type of \a got>". */
    bool failType(const QString &key, const char *expected, const QJsonValue &got);

    /*! \brief No control character in a key or string of \a value; \a path names \a value
     *  (empty: the top level). */
    bool checkControlCharacters(const QJsonValue &value, const QString &path);
    /*! \brief Every key of \a object, named \a prefix.key, is in \a known; a key in \a elsewhere
     *  fails with \a elsewhereRule instead of "unknown key". */
    bool checkKeys(const QJsonObject &object, const char *prefix, const QStringList &known,
                   const QStringList &elsewhere = {}, const QString &elsewhereRule = {});

    bool readObject(const QJsonObject &parent, const char *key, QJsonObject *out);
    bool readString(const QJsonObject &parent, const char *key, QString *out, Need need);
    bool readName(const QJsonObject &parent, const char *key, QString *out, Need need);
    bool readInteger(const QJsonObject &parent, const char *key, qint64 min, qint64 max,
                     qint64 *out);
    /*! \brief \a text as a server URL; \a key names it in the error. */
    bool readServerUrl(const QString &key, const QString &text, QUrl *out);
    /*! \brief The field, or \a fallback when it is absent, as an endpoint below \a base (a
     *  server URL with no query). */
    bool readEndpoint(const QJsonObject &parent, const char *key, const char *fallback, Need need,
                      const QUrl &base, QUrl *out);

    /*! \brief \a word in double quotes, cut at 40 characters ("..." added), for an error. */
    static QString quoted(const QString &word);

private:
    QString m_error;
};

} // namespace Tessera

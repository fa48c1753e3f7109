// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// What a screen reader and a keyboard user meet in a window, for the accessibility tests of the
// login dialog, the status view and window, and the tray menu: the controls as QAccessible
// reports them (name, description), the Tab chain, and the mnemonics.
#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QHash>
#include <QLabel>
#include <QList>
#include <QMenu>
#include <QSet>
#include <QStringList>
#include <QWidget>

#include <algorithm>

namespace Tessera::Test {

/*! \brief One control as QAccessible reports it. */
struct AccessibleControl
{
    QObject *object = nullptr;
    QAccessible::Role role = QAccessible::NoRole;
    QString name;
    QString description;
    bool invisible = false;

    /*! \brief "QPushButton 'Cancel'", "QLineEdit #password": which one, for a failure. */
    QString who() const
    {
        QString text = object ? QString::fromLatin1(object->metaObject()->className())
                              : QStringLiteral("<no object>");
        if (object && !object->objectName().isEmpty())
            text += QStringLiteral(" #") + object->objectName();
        if (auto *button = qobject_cast<QAbstractButton *>(object))
            text += QStringLiteral(" '%1'").arg(button->text());
        else if (auto *action = qobject_cast<QAction *>(object))
            text += QStringLiteral(" '%1'").arg(action->text());
        text += QStringLiteral(" (role 0x%1)").arg(int(role), 0, 16);
        return text;
    }
};

/*! \brief Whether \a role is one a user acts on, rather than reads. */
inline bool isInteractiveRole(QAccessible::Role role)
{
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::EditableText:
    case QAccessible::ComboBox:
    case QAccessible::SpinBox:
    case QAccessible::Link:
    case QAccessible::ProgressBar:
    case QAccessible::Slider:
    case QAccessible::Dial:
    case QAccessible::MenuItem:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::PageTab:
    case QAccessible::HotkeyField:
        return true;
    default:
        return false;
    }
}

/*! \brief Whether the keyboard can reach \a object with Tab. A widget that hands its focus to
 *  another (a tab widget to its tab bar) is not a stop of its own: the other one is. */
inline bool takesTab(QObject *object)
{
    auto *widget = qobject_cast<QWidget *>(object);
    return widget && (widget->focusPolicy() & Qt::TabFocus) && !widget->focusProxy();
}

namespace Detail {
inline void walk(QAccessibleInterface *iface, QList<AccessibleControl> &found,
                 QSet<QAccessibleInterface *> &seen)
{
    if (!iface || !iface->isValid() || seen.contains(iface))
        return;
    seen.insert(iface);
    const QAccessible::Role role = iface->role();
    // A tab bar takes the keyboard, but Qt reports it as its current tab (that tab's name and
    // no description of its own): its tabs, PageTab each, are the controls checked.
    const bool tabBar = role == QAccessible::PageTabList;
    if (isInteractiveRole(role) || (takesTab(iface->object()) && !tabBar)) {
        AccessibleControl control;
        control.object = iface->object();
        control.role = role;
        control.name = iface->text(QAccessible::Name);
        control.description = iface->text(QAccessible::Description);
        control.invisible = iface->state().invisible;
        found.append(control);
    }
    for (int i = 0; i < iface->childCount(); ++i)
        walk(iface->child(i), found, seen);
}
} // namespace Detail

/*!
 * \brief The controls under \a top, as QAccessible walks them (queryAccessibleInterface(), then
 * child(i) recursively): every interface of an interactive role (buttons, fields, check
 * boxes, links, bars, menu items, tabs…) or of a widget that Tab reaches, hidden ones too
 * (AccessibleControl::invisible), for a page shown later must be named as well.
 */
inline QList<AccessibleControl> accessibleControls(QObject *top)
{
    QList<AccessibleControl> found;
    QSet<QAccessibleInterface *> seen;
    Detail::walk(QAccessible::queryAccessibleInterface(top), found, seen);
    return found;
}

/*!
 * \brief Every control under \a top without an accessible name or description, one line each
 * naming the widget; \a counted: how many controls were looked at. A scroll bar of a text
 * field is part of the field: not counted.
 */
inline QStringList unnamedOrUndescribed(QObject *top, int *counted = nullptr)
{
    QStringList problems;
    int count = 0;
    for (const AccessibleControl &control : accessibleControls(top)) {
        ++count;
        if (control.name.trimmed().isEmpty())
            problems.append(QStringLiteral("no name: ") + control.who());
        if (control.description.trimmed().isEmpty())
            problems.append(QStringLiteral("no description: ") + control.who());
    }
    if (counted)
        *counted = count;
    return problems;
}

/*! \brief The widgets in sight and enabled under \a window that Tab reaches, in the order of
 *  the focus chain from \a first (once around). */
inline QList<QWidget *> tabChain(QWidget *window, QWidget *first)
{
    QList<QWidget *> chain;
    if (!first)
        return chain;
    QWidget *at = first;
    do {
        if (at != window && window->isAncestorOf(at) && at->isVisible() && at->isEnabled()
            && takesTab(at) && !chain.contains(at))
            chain.append(at);
        at = at->nextInFocusChain();
    } while (at && at != first);
    return chain;
}

/*!
 * \brief \a widgets in the order the eye reads them: in rows from the top (a widget whose
 * middle lies within a row's height joins it), each row from the left.
 */
inline QList<QWidget *> visualOrder(QList<QWidget *> widgets, QWidget *window)
{
    const auto rect = [window](QWidget *w) {
        return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
    };
    std::stable_sort(widgets.begin(), widgets.end(),
                     [&](QWidget *a, QWidget *b) { return rect(a).top() < rect(b).top(); });
    QList<QList<QWidget *>> rows;
    QRect rowSpan;
    for (QWidget *w : widgets) {
        const QRect r = rect(w);
        if (rows.isEmpty() || r.center().y() > rowSpan.bottom()) {
            rows.append({w});
            rowSpan = r;
        } else {
            rows.last().append(w);
            rowSpan = rowSpan.united(r);
        }
    }
    QList<QWidget *> ordered;
    for (QList<QWidget *> &row : rows) {
        std::stable_sort(row.begin(), row.end(),
                         [&](QWidget *a, QWidget *b) { return rect(a).left() < rect(b).left(); });
        ordered += row;
    }
    return ordered;
}

/*! \brief The accessible names of \a widgets, for a readable comparison. */
inline QStringList accessibleNames(const QList<QWidget *> &widgets)
{
    QStringList names;
    for (QWidget *w : widgets) {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        const QString name = iface ? iface->text(QAccessible::Name) : QString();
        names.append(name.isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : name);
    }
    return names;
}

/*!
 * \brief The controls in sight and enabled under \a window that QAccessible calls interactive
 * but that Tab does not reach: the keyboard alone could not use them. A label's link is not
 * counted (the views offer a button for each).
 */
inline QStringList unreachableByTab(QWidget *window)
{
    QStringList unreachable;
    for (const AccessibleControl &control : accessibleControls(window)) {
        auto *widget = qobject_cast<QWidget *>(control.object);
        if (!widget || control.invisible || !widget->isVisible() || !widget->isEnabled())
            continue;
        if (control.role == QAccessible::ProgressBar || control.role == QAccessible::PageTab)
            continue; // nothing to act on; a tab bar takes the keyboard itself
        if (!takesTab(widget))
            unreachable.append(control.who());
    }
    return unreachable;
}

/*! \brief The mnemonic letter of \a text ("&Sign in": 's'), or a null QChar. */
inline QChar mnemonic(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return QChar();
}

/*! \brief The mnemonics used more than once by the buttons and buddy labels in sight under
 *  \a window, each with what uses it: Alt+letter must lead to one place. */
inline QStringList clashingMnemonics(QWidget *window)
{
    QHash<QChar, QStringList> users;
    for (QWidget *widget : window->findChildren<QWidget *>()) {
        if (!widget->isVisible())
            continue;
        QString text;
        if (auto *button = qobject_cast<QAbstractButton *>(widget))
            text = button->text();
        else if (auto *label = qobject_cast<QLabel *>(widget); label && label->buddy())
            text = label->text();
        const QChar letter = mnemonic(text);
        if (!letter.isNull())
            users[letter].append(text);
    }
    QStringList clashes;
    for (auto it = users.cbegin(); it != users.cend(); ++it) {
        if (it.value().size() > 1)
            clashes.append(QStringLiteral("Alt+%1: %2")
                                   .arg(QString(it.key()), it.value().join(QStringLiteral(", "))));
    }
    return clashes;
}

} // namespace Tessera::Test

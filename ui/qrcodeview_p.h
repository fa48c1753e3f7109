// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "widgets_autotest_export_p.h"

#include <QImage>
#include <QWidget>

namespace Tessera {

/*!
 * \brief Shows the QR code of a text, such as the verification URL of a device sign-in
 * (RFC 8628 section 3.3.1), for a phone to scan.
 *
 * The code is drawn black on a white square that includes the quiet zone (4 modules on every
 * side), whatever the palette: a reader needs dark modules on a light ground, so a dark theme
 * does not invert it. Each module is a whole number of device pixels, without smoothing, and the
 * square is as large as the widget allows and centred in it. The widget prefers 4 pixels per
 * module, grows with its layout and keeps its height equal to its width.
 *
 * For screen readers it is a "QR code" whose description names the text ("Scan to open …").
 * A text that is empty or too long for a QR code (QrCode::encode()) shows nothing and asks for
 * no space; isEmpty() tells the caller, which may hide the widget.
 *
 * \sa QrCode
 */
class TESSERAWIDGETS_AUTOTEST_EXPORT QrCodeView : public QWidget
{
    Q_OBJECT

public:
    explicit QrCodeView(QWidget *parent = nullptr);
    ~QrCodeView() override;

    /*! \brief The text the code encodes, as last set. */
    QString text() const { return m_text; }
    /*! \brief Shows the QR code of \a text; nothing if it is empty or cannot be encoded. */
    void setText(const QString &text);

    /*! \brief True when there is no code to show: the text is empty or cannot be encoded. */
    bool isEmpty() const { return m_modules.isNull(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int modulesPerSide() const; //!< with the quiet zone; 0 without a code

    QString m_text;
    QImage m_modules; //!< one pixel per module, quiet zone included; null without a code
};

} // namespace Tessera

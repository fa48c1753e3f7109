// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

#include <functional>

namespace Tessera::Test {

/*!
 * \brief Reads QR codes back the way a phone would, with zbarimg (Debian's zbar-tools), so that a
 * test proves a code encodes its text rather than that it looks like a QR code.
 */
class QrReader
{
public:
    /*! \brief The message for a test that cannot find zbarimg: it fails, it does not skip. */
    static constexpr const char *Missing =
            "zbarimg not found: install zbar-tools (scripts/install-deps.sh)";

    static bool isAvailable() { return !QStandardPaths::findExecutable(program()).isEmpty(); }

    /*!
     * \brief A black-on-white image of \a side by \a side modules, \a scale pixels each, dark where
     * \a isDark(x, y) is true; the caller includes the quiet zone in \a side.
     */
    static QImage image(int side, const std::function<bool(int x, int y)> &isDark, int scale = 4)
    {
        QImage image(side * scale, side * scale, QImage::Format_Grayscale8);
        for (int y = 0; y < image.height(); ++y) {
            uchar *line = image.scanLine(y);
            for (int x = 0; x < image.width(); ++x)
                line[x] = isDark(x / scale, y / scale) ? 0 : 255;
        }
        return image;
    }

    struct Result
    {
        QString text; //!< what the QR code in the image says
        QString error; //!< empty on success
    };

    /*! \brief The text of the one QR code in \a image, through a PNG file and zbarimg. */
    static Result read(const QImage &image)
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("code.png"));
        if (!dir.isValid() || !image.save(path, "PNG"))
            return {{}, QStringLiteral("cannot write %1").arg(path)};
        QProcess zbarimg;
        zbarimg.start(program(),
                      {QStringLiteral("--raw"), QStringLiteral("--quiet"),
                       QStringLiteral("-Sdisable"), QStringLiteral("-Sqrcode.enable"), path});
        if (!zbarimg.waitForFinished(30000) || zbarimg.exitStatus() != QProcess::NormalExit)
            return {{}, QStringLiteral("zbarimg did not finish: %1").arg(zbarimg.errorString())};
        if (zbarimg.exitCode() != 0) {
            return {{},
                    QStringLiteral("zbarimg found no QR code (exit code %1): %2")
                            .arg(zbarimg.exitCode())
                            .arg(QString::fromLocal8Bit(zbarimg.readAllStandardError()))};
        }
        QByteArray output = zbarimg.readAllStandardOutput();
        if (output.endsWith('\n')) // zbarimg ends each symbol's data with a newline
            output.chop(1);
        return {QString::fromUtf8(output), {}};
    }

private:
    static QString program() { return QStringLiteral("zbarimg"); }
};

} // namespace Tessera::Test

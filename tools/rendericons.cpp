// SPDX-License-Identifier: BSD-3-Clause
// tessera-render-icons OUTDIR SIZE,SIZE,... FILE.svg...: renders each SVG to OUTDIR/NAME-SIZE.png
// at every size, for the build. tessera-tray shows these pixmaps, so that it neither loads
// Qt SVG and an icon engine plugin nor parses an SVG on its way to the first paint.
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QStringList>

#include <cstdio>

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() < 4) {
        std::fputs("usage: tessera-render-icons OUTDIR SIZE,SIZE,... FILE.svg...\n", stderr);
        return 2;
    }
    const QString outputDirectory = arguments.at(1);
    QList<int> sizes;
    for (const QString &size : arguments.at(2).split(QLatin1Char(','))) {
        bool ok = false;
        sizes.append(size.toInt(&ok));
        if (!ok || sizes.last() <= 0) {
            std::fprintf(stderr, "tessera-render-icons: bad size '%s'\n", qPrintable(size));
            return 2;
        }
    }
    for (const QString &path : arguments.mid(3)) {
        for (const int size : sizes) {
            QImageReader reader(path, "svg");
            reader.setScaledSize(QSize(size, size));
            const QImage image = reader.read();
            const QString output = QStringLiteral("%1/%2-%3.png")
                                           .arg(outputDirectory, QFileInfo(path).baseName())
                                           .arg(size);
            if (image.isNull() || !image.save(output)) {
                std::fprintf(stderr, "tessera-render-icons: %s at %d px: %s\n", qPrintable(path),
                             size,
                             qPrintable(image.isNull() ? reader.errorString()
                                                       : QStringLiteral("cannot write ") + output));
                return 1;
            }
        }
    }
    return 0;
}

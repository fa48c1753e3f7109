// SPDX-License-Identifier: BSD-3-Clause
// What every fuzz target shares: the libFuzzer entry points, a reader that turns the fuzz bytes
// into the parser's inputs, and a check that aborts (so that libFuzzer, and the replay driver
// of the ordinary build, count a broken promise of a parser as a crash, not only a sanitizer
// report).
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace TesseraFuzz {

/*! \brief Hands out the fuzz bytes front to back; past the end it yields zeros and empty data,
 *  so that every input, even an empty one, reaches the parser. */
class Input
{
public:
    Input(const uint8_t *data, size_t size)
        : m_data(reinterpret_cast<const char *>(data))
        , m_size(size)
    { }

    quint8 byte()
    {
        if (m_size == 0)
            return 0;
        --m_size;
        return quint8(*m_data++);
    }

    /*! \brief The bytes up to the next \a separator, which is consumed but not returned. */
    QByteArray until(char separator)
    {
        size_t length = 0;
        while (length < m_size && m_data[length] != separator)
            ++length;
        const QByteArray part(m_data, qsizetype(length));
        const size_t taken = length < m_size ? length + 1 : length;
        m_data += taken;
        m_size -= taken;
        return part;
    }

    /*! \brief Everything not read yet, copied: a QByteArray that owns exactly the input's bytes,
     *  so that AddressSanitizer sees a read past its end. */
    QByteArray rest()
    {
        const QByteArray all(m_data, qsizetype(m_size));
        m_data += m_size;
        m_size = 0;
        return all;
    }

private:
    const char *m_data;
    size_t m_size;
};

[[noreturn]] inline void checkFailed(const char *condition, const char *file, int line)
{
    std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, condition);
    std::abort();
}

/*! \brief Quiet and with an application object, as in a Tessera process: the parsers' warnings
 *  would only slow the fuzzer down, and some Qt classes expect a QCoreApplication. */
inline void initialize(int *argc, char ***argv)
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        // A qFatal still aborts after the handler; show why.
        if (type == QtFatalMsg)
            std::fprintf(stderr, "qFatal: %s\n", qPrintable(message));
    });
    // Leaked on purpose: it must outlive every input, and libFuzzer leaves through exit().
    static QCoreApplication *app = new QCoreApplication(*argc, *argv);
    Q_UNUSED(app);
}

} // namespace TesseraFuzz

// Checked in every build type; a fuzz target is no place for Q_ASSERT's release no-op.
#define FUZZ_CHECK(condition) \
    ((condition) ? void() : TesseraFuzz::checkFailed(#condition, __FILE__, __LINE__))

#define TESSERA_FUZZ_INITIALIZE \
    extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) \
    { \
        TesseraFuzz::initialize(argc, argv); \
        return 0; \
    }

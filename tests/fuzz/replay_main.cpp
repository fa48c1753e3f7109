// SPDX-License-Identifier: BSD-3-Clause
// The ordinary (non-fuzz, any compiler) build's driver for a fuzz target: feeds every file of
// its seed corpus to LLVMFuzzerTestOneInput once, so that the normal test suite replays the
// corpus, and a parser change that breaks on one of those inputs fails there too, without
// clang or libFuzzer.
//
//   fuzz_replay_<target> [FILE|DIR...]   (default: the target's corpus in the source tree)
#include "fuzz_common.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;

int main(int argc, char **argv)
{
    std::vector<std::string> roots(argv + 1, argv + argc);
    LLVMFuzzerInitialize(&argc, &argv);
    if (roots.empty())
        roots.emplace_back(TESSERA_FUZZ_CORPUS_DIR);

    std::vector<fs::path> files;
    for (const std::string &root : roots) {
        if (fs::is_directory(root)) {
            for (const fs::directory_entry &entry : fs::recursive_directory_iterator(root))
                if (entry.is_regular_file())
                    files.push_back(entry.path());
        } else {
            files.emplace_back(root);
        }
    }
    // Sorted, so that a failure is reproducible and the log reads the same every time.
    std::sort(files.begin(), files.end());
    // An empty corpus (a wrong path, a missing checkout) would pass while proving nothing.
    if (files.empty()) {
        std::fprintf(stderr, "FAIL: no inputs found\n");
        return 1;
    }

    for (const fs::path &file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "FAIL: cannot read %s\n", file.c_str());
            return 1;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)),
                                      std::istreambuf_iterator<char>());
        // Named before it runs: if it crashes, the last name in the log is the culprit.
        std::printf("input %s (%zu bytes)\n", file.filename().c_str(), bytes.size());
        std::fflush(stdout);
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
    }
    std::printf("replayed %zu inputs\n", files.size());
    return 0;
}

# SPDX-License-Identifier: BSD-3-Clause
# Sessions kept in Redis (issue 14): sealing at rest, and the private files its key and
# credentials come from.
foreach(test tst_sealedbox tst_privatefile tst_sealkeysource)
    tessera_add_test(${test} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                     ${CMAKE_CURRENT_LIST_DIR}/privatefiletesting.h
                     LIBRARIES Tessera::Core TIMEOUT 30)
    target_include_directories(${test} PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
endforeach()
# tst_sealedbox opens a record with libsodium itself, to check the documented layout.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
target_link_libraries(tst_sealedbox PRIVATE PkgConfig::SODIUM)

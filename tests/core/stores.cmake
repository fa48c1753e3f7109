# SPDX-License-Identifier: BSD-3-Clause
# Token storage: secrets, the in-memory store, the stored-session format, the vault that keeps a
# profile's sessions in a store, and the keychain store against a real Secret Service (run the
# suite under scripts/with-keyring.sh).
foreach(test tst_memorytokenstore tst_storedsession tst_secret tst_sessionvault)
    tessera_add_test(${test} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                     LIBRARIES Tessera::Core TIMEOUT 30)
    target_include_directories(${test} PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
endforeach()

tessera_add_test(tst_keychaintokenstore
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_keychaintokenstore.cpp
            ${CMAKE_CURRENT_LIST_DIR}/keychaintesting.cpp ${CMAKE_CURRENT_LIST_DIR}/keychaintesting.h
    LIBRARIES Tessera::Core
    TIMEOUT 60
    LABELS keychain)
target_include_directories(tst_keychaintokenstore PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})

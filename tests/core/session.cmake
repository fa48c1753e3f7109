# SPDX-License-Identifier: BSD-3-Clause
# Session against the real dev server.
foreach(test tst_session tst_session_failures tst_session_faults tst_session_storage
             tst_session_leftovers tst_session_clock tst_session_apikey tst_response_limit
             tst_session_interleaving)
    tessera_add_test(${test}
        SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                ${PROJECT_SOURCE_DIR}/tests/common/devserverprocess.cpp
        LIBRARIES Tessera::Core Qt6::Network
        TIMEOUT 120)
    target_include_directories(${test} PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
endforeach()

# The shipped devserver-form.json profile against the dev server's /form-auth/ API; its app key
# also in the real keychain.
tessera_add_test(tst_session_formapi
    SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_session_formapi.cpp
            ${PROJECT_SOURCE_DIR}/tests/common/devserverprocess.cpp
    LIBRARIES Tessera::Core Qt6::Network
    TIMEOUT 120)
target_include_directories(tst_session_formapi PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
target_compile_definitions(tst_session_formapi PRIVATE
    TESSERA_SHIPPED_PROFILES_DIR="${PROJECT_SOURCE_DIR}/resources/profiles")

# The storing of a session and what a sign-in cut short leaves behind share a base class
# (tests/core/sessionstoragetest.h, a QObject: moc reads it).
foreach(test tst_session_storage tst_session_leftovers)
    target_sources(${test} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/sessionstoragetest.h)
endforeach()

# Browser and device sign-in: the test plays the browser (tests/common/browserdriver.cpp).
foreach(test tst_session_browser tst_session_device)
    tessera_add_test(${test}
        SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                ${PROJECT_SOURCE_DIR}/tests/common/devserverprocess.cpp
                ${PROJECT_SOURCE_DIR}/tests/common/browserdriver.cpp
                ${PROJECT_SOURCE_DIR}/tests/common/browserdriver.h
        LIBRARIES Tessera::Core Qt6::Network
        TIMEOUT 120)
    target_include_directories(${test} PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
endforeach()

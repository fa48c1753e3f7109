# SPDX-License-Identifier: BSD-3-Clause
# Profiles, token responses, timestamps and JWT expiry; PKCE and the browser sign-in's redirect;
# the json dialect's requests (tst_authrequest).
foreach(test tst_profile_validation tst_profile_fields tst_jwt tst_timestamp tst_tokenresponse
        tst_tokensyntax tst_pkce tst_authorizationcallback tst_authrequest)
    tessera_add_test(${test} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                     LIBRARIES Tessera::Core TIMEOUT 30)
    target_include_directories(${test} PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
endforeach()
# OpenID Connect discovery and the device authorization grant (issue 13).
foreach(test tst_discoverydocument tst_deviceauthorization tst_endpointdiscovery)
    tessera_add_test(${test} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                     LIBRARIES Tessera::Core TIMEOUT 30)
    target_include_directories(${test} PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
endforeach()
foreach(test tst_profile_validation tst_profile_fields tst_authrequest)
    target_compile_definitions(${test} PRIVATE
        TESSERA_SHIPPED_PROFILES_DIR="${PROJECT_SOURCE_DIR}/resources/profiles"
        TESSERA_PROFILE_TEST_DATA_DIR="${CMAKE_CURRENT_LIST_DIR}/data/profiles")
endforeach()

# The browser sign-in's loopback listener, over real sockets on 127.0.0.1.
tessera_add_test(tst_loopbackreceiver SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_loopbackreceiver.cpp
                 LIBRARIES Tessera::Core Qt6::Network TIMEOUT 60)
target_include_directories(tst_loopbackreceiver PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})

# AuthClient against queued fake replies (tests/core/fakenetwork.h).
tessera_add_test(tst_authclient SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_authclient.cpp
                 ${CMAKE_CURRENT_LIST_DIR}/fakenetwork.h
                 LIBRARIES Tessera::Core Qt6::Network TIMEOUT 60)
target_include_directories(tst_authclient PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})

# SPDX-License-Identifier: BSD-3-Clause
# Clocks, alarms, refresh timing and backoff, and the decision taken under the refresh lock.
foreach(test tst_systemclock tst_manualclock tst_refreshpolicy tst_backoff tst_refreshdecision)
    tessera_add_test(${test} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                     LIBRARIES Tessera::Core TIMEOUT 30)
    target_include_directories(${test} PRIVATE ${PROJECT_SOURCE_DIR}/lib)
endforeach()

# SPDX-License-Identifier: BSD-3-Clause
# Clocks, alarms, refresh timing and backoff, the decision taken under the refresh lock, and
# what a call does while another operation runs.
foreach(test tst_systemclock tst_manualclock tst_refreshpolicy tst_backoff tst_refreshdecision
        tst_operationpolicy tst_refreshschedule)
    tessera_add_test(${test} SOURCES ${CMAKE_CURRENT_LIST_DIR}/${test}.cpp
                     LIBRARIES Tessera::Core TIMEOUT 30)
    target_include_directories(${test} PRIVATE ${TESSERA_CORE_PRIVATE_INCLUDE_DIRS})
endforeach()

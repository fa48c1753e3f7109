#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run-logged.sh LOGFILE COMMAND [ARGS...]: runs COMMAND, copying its stdout and stderr to
# LOGFILE as well, and exits with COMMAND's status.
set -u
log=$1
shift
mkdir -p "$(dirname "$log")"
"$@" 2>&1 | tee "$log"
exit "${PIPESTATUS[0]}"

#!/usr/bin/env bash
# Usage: scripts/beside.sh "<background make targets>" <foreground make target>
#
# Runs the background targets one after the other, beside the foreground one (pytest leaves
# about a third of two cores idle: it waits on PostgreSQL, the browser and the event loop).
# Their output goes to test-artifacts/<target>.log; a failure is announced the moment it
# happens, with the end of its log, and fails the whole run once the foreground is done.
set -uo pipefail
make=${MAKE:-make}

if [ "${1:-}" = "--background" ]; then
  shift
  failed=0
  for target in $1; do  # each runs, whatever the one before did: every failure is named
    log=test-artifacts/$target.log
    start=$SECONDS
    if $make --no-print-directory "$target" >"$log" 2>&1; then
      echo "== $target passed beside $2 in $((SECONDS - start)) s ($log)"
    else
      echo "!! $target FAILED beside $2 ($log); its last lines:" >&2
      tail -n 40 "$log" >&2
      failed=1
    fi
  done
  exit $failed
fi

background=$1
foreground=$2
mkdir -p test-artifacts
# In a process group of its own, so that an interrupted run leaves nothing behind (`--wait`:
# should setsid have to fork, its status is still the checks').
setsid --wait "$0" --background "$background" "$foreground" &
beside=$!
trap 'kill -- -$beside 2>/dev/null' EXIT

$make --no-print-directory "$foreground"
status=$?
if ! wait "$beside"; then
  echo "!! make test failed: a check beside $foreground failed (see above and test-artifacts/)" >&2
  status=1
fi
trap - EXIT
exit $status

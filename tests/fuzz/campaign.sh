#!/usr/bin/env bash
# A long fuzzing campaign (issue 7's bar): each target runs through tests/fuzz/run.sh until 10
# million executions or 30 minutes, whichever comes first, continuing its kept corpus
# (build-fuzz/corpus-<target>). Prints one summary line per target - executions, seconds,
# corpus size, findings - and exits non-zero when any target found something (its input is in
# build-fuzz/artifacts/, see run.sh). Two cores: run two lists side by side, e.g.
#
#   tests/fuzz/campaign.sh mrz idb chip vdsnc payload image &
#   tests/fuzz/campaign.sh flat_json dcc pki vds bcbp aamva; wait
#
#   tests/fuzz/campaign.sh [TARGET...]   (default: every target)
#   env: RUNS (default 10000000), MAX_SECONDS (default 1800), LOG_DIR (default build-fuzz/campaign)
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${RUNS:-10000000}
max_seconds=${MAX_SECONDS:-1800}
logs=${LOG_DIR:-$root/build-fuzz/campaign}
targets=("$@")
if (( ${#targets[@]} == 0 )); then
  targets=(mrz flat_json chip pki vds idb vdsnc dcc bcbp aamva payload image)
fi
mkdir -p "$logs"

failed=0
for target in "${targets[@]}"; do
  log=$logs/$target.log
  start=$(date +%s)
  FUZZER=$target "$here/run.sh" "$max_seconds" -runs="$runs" >"$log" 2>&1
  status=$?
  seconds=$(( $(date +%s) - start ))
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  corpus=$(ls "$root/build-fuzz/corpus-$target" 2>/dev/null | wc -l)
  if (( status != 0 )); then
    failed=1
    echo "$target: FOUND something (exit $status) after ${executions:-?} executions, ${seconds} s; see $log"
  else
    echo "$target: ${executions:-?} executions in ${seconds} s, corpus $corpus, no finding"
  fi
done
exit $failed

#!/usr/bin/env bash
# Configures build-fuzz/ with clang++-14 and -DMRTD_FUZZ=ON, builds mrtd_mrz_fuzz and runs it
# for DURATION seconds (default 60) on a scratch copy of the seeds (tests/fuzz/seeds/,
# samples/mrz/*.mrz and tests/fuzz/regressions/). Exits non-zero on any crash, leak, timeout
# or sanitizer report; the crashing input is left in build-fuzz/artifacts/.
#
#   tests/fuzz/run.sh [DURATION] [extra libFuzzer flags...]
#   env: BUILD_DIR (default build-fuzz), CXX (default clang++-14), JOBS (parallel workers, 1)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/tests/fuzz
duration=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
build=${BUILD_DIR:-$root/build-fuzz}
cxx=${CXX:-clang++-14}
jobs=${JOBS:-1}

mkdir -p "$build"
CXX=$cxx cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMRTD_BUILD_TESTS=ON \
  -DMRTD_FUZZ=ON >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" --target mrtd_mrz_fuzz -j "$(nproc 2>/dev/null || echo 2)"

# Work on a copy: libFuzzer adds what it finds to its first corpus folder.
corpus=$build/corpus
artifacts=$build/artifacts/$(date +%Y%m%d-%H%M%S)
mkdir -p "$corpus" "$artifacts"
cp "$here"/seeds/* "$corpus"/
cp "$here"/regressions/* "$corpus"/ 2>/dev/null || true
cp "$root"/samples/mrz/*.mrz "$corpus"/ 2>/dev/null || true

echo "fuzzing for ${duration}s: corpus $corpus ($(ls "$corpus" | wc -l) inputs), artifacts $artifacts" >&2
parallel=()
if (( jobs > 1 )); then
  parallel=(-jobs="$jobs" -workers="$jobs")
fi
status=0
"$build/bin/mrtd_mrz_fuzz" "$corpus" \
  -max_len=4096 -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 \
  -dict="$here/mrz.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
  "${parallel[@]}" "$@" || status=$?
if (( status != 0 )) || compgen -G "$artifacts/*" >/dev/null; then
  echo "mrtd_mrz_fuzz FAILED (exit $status); inputs in $artifacts:" >&2
  ls -l "$artifacts" >&2 || true
  exit $(( status != 0 ? status : 1 ))
fi
echo "mrtd_mrz_fuzz: no crash in ${duration}s" >&2

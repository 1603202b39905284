#!/usr/bin/env bash
# Builds mrtd and mrtd_bench (Release) in build-bench/, installs the npm peer (mrz 5.0.2) into
# build-bench/bench-peer/ when missing, and runs the benchmark. Extra arguments go to
# mrtd_bench (e.g. --records 20000, --no-peer); BUILD_DIR overrides the build folder, JOBS the
# build's parallelism. BENCH=barcode, seal, chip or pki builds and runs mrtd_barcode_bench,
# mrtd_seal_bench, mrtd_chip_bench or mrtd_pki_bench instead (no npm peer), with the extra
# arguments (e.g. --seconds 20).
#
#   tests/bench/run.sh [mrtd_bench options]
#   BENCH=chip tests/bench/run.sh [--seconds S] [--documents N]
#   BENCH=pki tests/bench/run.sh [--corpus DIR] [--runs N]
#   BENCH=barcode tests/bench/run.sh [--seconds S] [--corpus DIR] [--zxingreader PATH|none] [--per-image]
#   BENCH=seal tests/bench/run.sh [--seconds S] [--samples DIR] [--zxingreader PATH|none]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}

mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMRTD_BUILD_TESTS=ON -DMRTD_FUZZ=OFF \
  >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }

case ${BENCH:-mrz} in
  mrz) ;;
  barcode)
    cmake --build "$build" --target mrtd mrtd_barcode_bench -j "$jobs"
    exec "$build/bin/mrtd_barcode_bench" --mrtd "$build/bin/mrtd" "$@" ;;
  seal|chip|pki)
    cmake --build "$build" --target mrtd "mrtd_${BENCH}_bench" -j "$jobs"
    exec "$build/bin/mrtd_${BENCH}_bench" --mrtd "$build/bin/mrtd" "$@" ;;
  *) echo "BENCH must be mrz (default), barcode, seal, chip or pki, not '$BENCH'" >&2; exit 2 ;;
esac

cmake --build "$build" --target mrtd mrtd_bench -j "$jobs"

peer=${MRTD_BENCH_PEER_DIR:-$build/bench-peer}
if [[ ! -f $peer/node_modules/mrz/package.json ]]; then
  if command -v npm >/dev/null 2>&1; then
    mkdir -p "$peer"
    echo "installing the peer: npm install --prefix $peer mrz@5.0.2" >&2
    npm install --prefix "$peer" --no-audit --no-fund --silent mrz@5.0.2 ||
      echo "peer install failed; the bench reports it as not available" >&2
  else
    echo "npm not found; the bench reports the peer as not available" >&2
  fi
fi

exec "$build/bin/mrtd_bench" --mrtd "$build/bin/mrtd" --peer-dir "$peer" "$@"

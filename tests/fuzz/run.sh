#!/usr/bin/env bash
# Configures build-fuzz/ with clang++-14 and -DMRTD_FUZZ=ON, builds a fuzz target and runs it
# for DURATION seconds (default 60) on a scratch corpus seeded from tests/fuzz/seeds/<target>/,
# tests/fuzz/regressions/<target>/ and, for mrz, samples/mrz/*.mrz. Exits non-zero on any
# crash, leak, timeout, out-of-memory or sanitizer report; the input is left in
# build-fuzz/artifacts/<target>-<time>/.
#
#   tests/fuzz/run.sh [DURATION] [extra libFuzzer flags...]
#   env: FUZZER  mrz (default: mrtd_mrz_fuzz), flat_json (mrtd_flat_json_fuzz) or chip
#                (mrtd_chip_fuzz: seeds carry a mode byte, see chip_fuzz.cpp; -max_len 65536)
#                or pki (mrtd_pki_fuzz: LDIF and master lists, mode byte, -max_len 65536)
#                or a barcode payload decoder: vds, idb, vdsnc, dcc, bcbp, aamva (mrtd_<name>_fuzz)
#                or payload (classify/decode of any bytes); seeds from barcode_seeds.py
#                or image (decode_image + read_barcodes + decode; seeds: the sample images)
#        JOBS    parallel workers (default 1)
#        BUILD_DIR (default build-fuzz), CXX (default clang++-14)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$root/tests/fuzz
duration=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
fuzzer=${FUZZER:-mrz}
build=${BUILD_DIR:-$root/build-fuzz}
cxx=${CXX:-clang++-14}
jobs=${JOBS:-1}
max_len=4096
case $fuzzer in
  mrz) dict=$here/mrz.dict ;;
  flat_json) dict=$here/json.dict ;;
  chip) dict=$here/der.dict; max_len=65536 ;; # SODs, DG2 face images, PEM bundles
  pki) dict=$here/der.dict; max_len=65536 ;;  # LDIF text, master lists
  vds|idb|vdsnc|dcc|bcbp|aamva|payload) dict=$here/barcode.dict ;; # payloads of one symbol
  image) dict=$here/image.dict; max_len=65536 ;; # PNG/JPEG/GIF/BMP/PNM files
  *) echo "unknown FUZZER '$fuzzer' (mrz, flat_json, chip, pki, vds, idb, vdsnc, dcc, bcbp," \
       "aamva, payload, image)" >&2; exit 2 ;;
esac

mkdir -p "$build"
CXX=$cxx cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMRTD_BUILD_TESTS=ON \
  -DMRTD_FUZZ=ON >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" --target "mrtd_${fuzzer}_fuzz" -j "$(nproc 2>/dev/null || echo 2)"

# Work on a copy: libFuzzer adds what it finds to its first corpus folder, which is kept
# between runs so that a campaign continues where the last one stopped.
corpus=$build/corpus-$fuzzer
artifacts=$build/artifacts/$fuzzer-$(date +%Y%m%d-%H%M%S)
mkdir -p "$corpus" "$artifacts"
# (README.md files describe a folder; they are not inputs.)
if [[ -d $here/seeds/$fuzzer ]]; then
  find "$here/seeds/$fuzzer" -maxdepth 1 -type f ! -name README.md -exec cp {} "$corpus"/ \;
fi
if [[ -d $here/regressions/$fuzzer ]]; then
  find "$here/regressions/$fuzzer" -maxdepth 1 -type f ! -name README.md -exec cp {} "$corpus"/ \;
fi
if [[ $fuzzer == mrz ]]; then
  cp "$root"/samples/mrz/*.mrz "$corpus"/ 2>/dev/null || true
fi
if [[ $fuzzer == image ]]; then # the sample seal images, under names of their own
  for png in "$root"/samples/seals/*.png "$root"/samples/documents/*/visa-seal.png; do
    cp "$png" "$corpus/$(basename "$(dirname "$png")")-$(basename "$png")" 2>/dev/null || true
  done
fi
# Barcode decoders: synthetic payloads and those of ../shared/corpus/barcodes (when present).
case $fuzzer in
  vds|idb|vdsnc|dcc|bcbp|aamva|payload) python3 "$here/barcode_seeds.py" "$fuzzer" "$corpus" ;;
esac
# chip: samples/chip/ and the shared PA corpus arrive through seeds/chip/, where make_seeds.py
# wrote them with their mode byte (raw files would land in arbitrary modes).

echo "fuzzing mrtd_${fuzzer}_fuzz for ${duration}s: corpus $corpus ($(ls "$corpus" | wc -l)" \
  "inputs), artifacts $artifacts" >&2
# -jobs writes fuzz-N.log into the current folder: keep them in the build folder.
cd "$build"
parallel=()
if (( jobs > 1 )); then
  parallel=(-jobs="$jobs" -workers="$jobs")
fi
status=0
"$build/bin/mrtd_${fuzzer}_fuzz" "$corpus" \
  -max_len="$max_len" -max_total_time="$duration" -timeout=10 -rss_limit_mb=2048 \
  -dict="$dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
  "${parallel[@]}" "$@" || status=$?
if (( status != 0 )) || compgen -G "$artifacts/*" >/dev/null; then
  echo "mrtd_${fuzzer}_fuzz FAILED (exit $status); inputs in $artifacts:" >&2
  ls -l "$artifacts" >&2 || true
  exit $(( status != 0 ? status : 1 ))
fi
rmdir "$artifacts" 2>/dev/null || true
echo "mrtd_${fuzzer}_fuzz: no crash in ${duration}s" >&2

#!/usr/bin/env bash
# Whole-process figures of tflite_convert --saved_model_dir on large and real SavedModels.
#   benchmarks/saved_model/large_model.sh [WORK_DIR]      # run from the repository root
# 1. A synthetic TF1 SavedModel with 1 GiB of variables (16 x 16,777,216 float32), converted under
#    /usr/bin/time -v: wall time, GB/s (variable bytes / wall), peak RSS / variable bytes.
#    Targets: >= 1 GB/s, peak RSS <= 1.3 x variable bytes.
# 2. The MLPerf Tiny KWS SavedModel (target < 100 ms wall).
# 3. A small synthetic model converted with and without --external_buffer_threshold=1024: the
#    external buffers are checked and both files run in LiteRT.js and tflite_run with equal outputs
#    (external_buffers_test.sh, the same check as a test).
# WORK_DIR (default: a fresh mktemp dir) must be outside the repository; it needs ~2.2 GB.
set -euo pipefail

cd "$(dirname "$0")/../.."
SHARED=${TFCONV_SHARED_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
VALIDATORS=${TFLITE_VALIDATORS_DIR:-$HOME/.cache/tflite-validators}
WORK=${1:-$(mktemp -d /tmp/tfconv_large_model.XXXXXX)}
mkdir -p "$WORK"
K=${LARGE_MODEL_VARIABLES:-16}
M=${LARGE_MODEL_ELEMENTS:-16777216}

tools/bazel.sh build //converter/frontend/checkpoint:make_synthetic_saved_model //converter:tflite_convert \
  //runtime_check:tflite_run //converter:tflite_inspect 2>&1 | tail -1
BIN=$(tools/bazel.sh info bazel-bin 2>/dev/null)
MAKE=$BIN/converter/frontend/checkpoint/make_synthetic_saved_model
CONVERT=$BIN/converter/tflite_convert

# timed NAME CMD...: runs CMD under /usr/bin/time -v; sets WALL (s) and RSS_KB.
timed() {
  local name=$1; shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.log" 2>&1 || {
    echo "FAIL: $name:"; tail -5 "$WORK/$name.log"; exit 1; }
  WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/$name.time")
  RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
}

echo "== synthetic SavedModel: $K variables x $M float32"
rm -rf "$WORK/big"
"$MAKE" --out="$WORK/big" --variables="$K" --variable_elements="$M"
sync
BYTES=$((K * M * 4))
# Page cache warm, as for a model just written or read twice: the figure is the converter's.
cat "$WORK/big/variables/"* >/dev/null
timed big "$CONVERT" --saved_model_dir="$WORK/big" --output_file="$WORK/big.tflite"
awk -v b="$BYTES" -v w="$WALL" -v r="$RSS_KB" -v f="$(stat -c %s "$WORK/big.tflite")" 'BEGIN {
  printf "variables %.3f GiB, .tflite %.3f GiB\n", b / 2^30, f / 2^30;
  printf "wall %.2f s, %.2f GB/s (target >= 1), peak RSS %.0f MiB = %.2f x variable bytes (target <= 1.3)\n",
         w, b / w / 1e9, r / 1024, r * 1024 / b }'
rm -f "$WORK/big.tflite"

echo "== KWS SavedModel"
KWS=$SHARED/testdata/real/mlperf_tiny/keyword_spotting/kws_ref_model
if [[ -d "$KWS" ]]; then
  "$CONVERT" --saved_model_dir="$KWS" --output_file="$WORK/kws_warm.tflite" >/dev/null 2>&1  # warm the cache
  timed kws "$CONVERT" --saved_model_dir="$KWS" --output_file="$WORK/kws.tflite"
  awk -v w="$WALL" -v r="$RSS_KB" 'BEGIN { printf "wall %.0f ms (target < 100), peak RSS %.1f MiB\n", w * 1000, r / 1024 }'
else
  echo "SKIP: no $KWS"
fi

echo "== external buffers (--external_buffer_threshold=1024)"
TFCONV_BIN=$BIN TFCONV_SHARED_DIR=$SHARED TFLITE_VALIDATORS_DIR=$VALIDATORS TEST_TMPDIR=$WORK/ext \
  benchmarks/saved_model/external_buffers_test.sh

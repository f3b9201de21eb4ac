#!/usr/bin/env bash
# Times the reference interpreter next to LiteRT.js (wasm, one thread) and Arm NN CpuRef on the same
# models and the same (default-pattern) inputs, and prints the ratios.
#   benchmarks/compare_runtimes.sh [ITERS]
# Arm NN is optional: `bash ../shared/validators/setup.sh --armnn` installs it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${TFCONV_SHARED_DIR:-$ROOT/../shared}
VALIDATORS=$SHARED/validators
RTDIR=${TFLITE_VALIDATORS_DIR:-${HOME:-/root}/.cache/tflite-validators}
ITERS=${1:-50}
MODELS=(
  "resnet8_float mlperf_tiny/image_classification/pretrainedResnet.tflite"
  "resnet8_int8 mlperf_tiny/image_classification/pretrainedResnet_quant.tflite"
  "mobilenet_v1_025_float tflite_support/vision/mobilenet_v1_0.25_224_1_default_1.tflite"
  "mobilenet_v1_025_uint8 tflite_support/vision/mobilenet_v1_0.25_224_quant.tflite"
)

"$ROOT/tools/bazel.sh" build //benchmarks:interpreter_benchmark >/dev/null 2>&1
BIN=$("$ROOT/tools/bazel.sh" info bazel-bin 2>/dev/null)/benchmarks/interpreter_benchmark
ours_json=$(mktemp)
trap 'rm -f "$ours_json"' EXIT
TFCONV_SHARED_DIR=$SHARED "$BIN" --benchmark_format=json --benchmark_min_time=1 >"$ours_json" 2>/dev/null

mean_of() { sed -n 's/.*mean run \([0-9.]*\) ms.*/\1/p' | tail -1; }
printf '%-24s %12s %12s %12s %10s %10s\n' model "ours ms" "LiteRT.js ms" "ArmNN ms" "ours/LRT" "ArmNN/ours"
for entry in "${MODELS[@]}"; do
  read -r name rel <<<"$entry"
  model=$SHARED/testdata/real/$rel
  ours=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
    const b = r.benchmarks.find((x) => x.name.endsWith("/" + process.argv[2]));
    console.log(b ? (b.real_time * (b.time_unit === "ms" ? 1 : 1e-6)).toFixed(3) : "n/a");' "$ours_json" "$name")
  lrt=$(node "$VALIDATORS/run_litert.mjs" "$model" --iters "$ITERS" 2>&1 | mean_of || true)
  arm="n/a"
  if [ -x "$RTDIR/bin/run_armnn" ]; then
    arm=$(TFLITE_VALIDATORS_DIR=$RTDIR "$RTDIR/bin/run_armnn" "$model" --iters "$ITERS" 2>&1 | mean_of || true)
  fi
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
  printf '%-24s %12s %12s %12s %10s %10s\n' "$name" "$ours" "${lrt:-n/a}" "${arm:-n/a}" "$(ratio "$ours" "$lrt")" "$(ratio "$arm" "$ours")"
done

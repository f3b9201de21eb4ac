#!/usr/bin/env bash
# Builds the converter, converts the example model examples/mnist_cnn.pbtxt to TFLite, checks the
# result numerically (our reference interpreter against the source graph evaluated with the plugins'
# TF semantics, under the cpu hardware profile; then the .tflite in LiteRT.js against the source
# graph in tfjs, on the same inputs) and prints the path of the .tflite on the last line.
#
#   examples/run_example.sh [OUT_DIR]       # default OUT_DIR: ${TMPDIR:-/tmp}/tfconv_example
#
# The check needs the validators of ../shared (TFCONV_SHARED_DIR, default ../shared) installed in
# TFLITE_VALIDATORS_DIR (default ~/.cache/tflite-validators); without them it is skipped. Exit
# status: 0 converted (and matched, when checked), 1 otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${1:-${TMPDIR:-/tmp}/tfconv_example}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
MODEL="$OUT/mnist_cnn.tflite"
ATOL=1e-5
RTOL=1e-5

# A fresh machine gets Bazel, the libraries and the validators first (fast when present).
tools/setup.sh >"$OUT/setup.log" 2>&1 || { cat "$OUT/setup.log"; echo "set-up failed"; exit 1; }
echo "building the converter (log: $OUT/build.log)"
if ! timeout 900 tools/bazel.sh build //converter:tflite_convert //plugins:builtin_plugins \
    //runtime_check:tflite_validate //runtime_check/interop:pbtxt_to_pb >"$OUT/build.log" 2>&1; then
  tail -n 30 "$OUT/build.log"
  echo "the build failed (full log: $OUT/build.log)"
  exit 1
fi

# The conversion, as a user would type it.
bazel-bin/converter/tflite_convert \
  --graph_def_file=examples/mnist_cnn.pbtxt \
  --output_file="$MODEL" \
  --input_arrays=image \
  --output_arrays=probabilities \
  --input_shapes=1,28,28,1

# Our own check, no other runtime needed: interpreter vs source graph, cpu profile tolerances.
status=0
if bazel-bin/runtime_check/validate/tflite_validate --source=examples/mnist_cnn.pbtxt --input_arrays=image \
    --output_arrays=probabilities --input_shapes=1,28,28,1 --tflite="$MODEL" --profile=cpu \
    >"$OUT/validate.txt" 2>&1; then
  echo "tflite_validate (reference interpreter vs source graph, cpu profile): PASS (report: $OUT/validate.txt)"
else
  cat "$OUT/validate.txt"
  echo "tflite_validate: FAIL"
  status=1
fi

if [[ -z "${TFCONV_SHARED_DIR:-}" && -d "$ROOT/../shared" ]]; then
  export TFCONV_SHARED_DIR=$(cd "$ROOT/../shared" && pwd)
fi
export TFLITE_VALIDATORS_DIR="${TFLITE_VALIDATORS_DIR:-${HOME:-/root}/.cache/tflite-validators}"
source runtime_check/interop/interop_lib.sh
problem=$(interop_validators_problem)
if [[ -n "$problem" ]]; then
  echo "check skipped: $problem"
else
  work="$OUT/check"
  rm -rf "$work" && mkdir -p "$work"
  if interop_run_litert "$MODEL" "$work/litert.json" "$work/inputs.json" "$work/litert.log" &&
     bazel-bin/runtime_check/interop/pbtxt_to_pb examples/mnist_cnn.pbtxt "$work/mnist_cnn.pb" &&
     interop_run_tfjs "$work/mnist_cnn.pb" probabilities image 1,28,28,1 "$work/inputs.json" "$work/tfjs.json" "$work" &&
     interop_compare "$work/litert.json" "$work/tfjs.json" "$ATOL" "$RTOL" "$work/compare.log"; then
    echo "LiteRT.js vs tfjs (source graph): max_abs=$INTEROP_MAX_ABS PASS (atol $ATOL, rtol $RTOL)"
  else
    echo "LiteRT.js vs tfjs (source graph): max_abs=${INTEROP_MAX_ABS:-n/a} FAIL: $INTEROP_ERROR (files in $work)"
    status=1
  fi
fi
echo "$MODEL"
exit "$status"

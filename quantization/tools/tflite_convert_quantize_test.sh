#!/usr/bin/env bash
# tflite_convert's quantization flags on the README's example model: flag and dataset errors are
# clear and leave no output; each mode gives the same bytes as converting to float and then running
# tflite_quantize with the same flags, and the result runs in the reference interpreter (and, when
# installed, gives LiteRT.js's outputs bit for bit).
set -uo pipefail
BIN="$TEST_SRCDIR/tfconv"
QUANTIZE="$BIN/quantization/tools/tflite_quantize"
T="${TEST_TMPDIR:-$(mktemp -d)}"
source "$BIN/quantization/tools/test_lib.sh"
TOOL="$CONVERT"
TOOL_INPUT_ARGS=("${MNIST_ARGS[@]}")

make_float_model "$T/float.tflite" || exit 1
make_json_dataset "$T/calib.json" 12

# ---- errors ----
expect_error dataset_without_optimizations "--representative_dataset needs --optimizations=DEFAULT" \
  "${MNIST_ARGS[@]}" --representative_dataset="$T/calib.json"
expect_error unknown_target_ops "unknown op set 'TFLITE_BUILTINS_INT4'" "${MNIST_ARGS[@]}" --optimizations=DEFAULT \
  --target_ops=TFLITE_BUILTINS_INT4
expect_error bad_regex "is no valid RE2 pattern" "${MNIST_ARGS[@]}" --optimizations=DEFAULT --quantize_denylist='a[b'
expect_error int8_io_without_dataset "--inference_output_type=INT8 needs full integer quantization" \
  "${MNIST_ARGS[@]}" --optimizations=DEFAULT --inference_output_type=INT8
expect_error int8_target_without_dataset "needs calibration data" "${MNIST_ARGS[@]}" --optimizations=DEFAULT \
  --supported_types=int8
mkdir -p "$T/empty_dir"
expect_error empty_dataset "the representative dataset is empty" "${MNIST_ARGS[@]}" --optimizations=DEFAULT \
  --representative_dataset="$T/empty_dir"
printf '[[{"name": "image", "shape": [1, 784], "data": [' > "$T/wrong_shape.json"
seq -s, 784 | tr -d '\n' >> "$T/wrong_shape.json"
printf ']}]]\n' >> "$T/wrong_shape.json"
expect_error wrong_shape "sample 0, input 'image': shape [1,784] given" "${MNIST_ARGS[@]}" --optimizations=DEFAULT \
  --representative_dataset="$T/wrong_shape.json"
mkdir -p "$T/int32"
write_npy "$T/int32/0.npy" '<i4' '(1, 28, 28, 1)' $((784 * 4))
expect_error wrong_dtype "input 'image': dtype int32 given" "${MNIST_ARGS[@]}" --optimizations=DEFAULT \
  --representative_dataset="$T/int32"

# ---- working runs: the same bytes as tflite_quantize on the float model ----
# same_as_quantize NAME FLAGS...
same_as_quantize() {
  local name=$1
  shift
  quantize_ok "$name" "$T/$name.convert.tflite" "$@" || return
  if ! "$QUANTIZE" --input_file="$T/float.tflite" --output_file="$T/$name.quantize.tflite" "$@" >"$T/log" 2>&1; then
    fail "${name}_tflite_quantize" "$(cat "$T/log")"; return
  fi
  same_bytes "${name}_same_as_tflite_quantize" "$T/$name.convert.tflite" "$T/$name.quantize.tflite"
}

same_as_quantize dynamic_range --optimizations=DEFAULT
run_ok dynamic_range "$T/dynamic_range.convert.tflite" float32
same_as_quantize float16 --optimizations=DEFAULT --supported_types=float16
run_ok float16 "$T/float16.convert.tflite" float32
same_as_quantize int8 --optimizations=DEFAULT --representative_dataset="$T/calib.json"
expect_in "int8_progress_line" "$QUANTIZE_LOG" "tflite_convert: calibrated on 12 samples"
run_ok int8 "$T/int8.convert.tflite" float32
same_as_quantize int8_only --optimizations=DEFAULT --representative_dataset="$T/calib.json" \
  --target_ops=TFLITE_BUILTINS_INT8 --inference_input_type=INT8 --inference_output_type=INT8
run_ok int8_only "$T/int8_only.convert.tflite" int8
litert_matches int8_only "$T/int8_only.convert.tflite"

finish

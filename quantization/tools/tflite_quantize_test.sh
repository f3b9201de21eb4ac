#!/usr/bin/env bash
# tflite_quantize on the README's example model (examples/mnist_cnn.pbtxt converted to float):
# bad flags, datasets and models give clear errors and leave no output file; dynamic range, float16,
# int8 (float fallback, integer only with int8 I/O, from a calibrated model), 16x8 and a denylist
# give models that run in the reference interpreter (tflite_run), and, when the validators are
# installed, the int8 models give LiteRT.js's outputs bit for bit.
set -uo pipefail
BIN="$TEST_SRCDIR/tfconv"
QUANTIZE="$BIN/quantization/tools/tflite_quantize"
INSPECT="$BIN/converter/tflite_inspect"
T="${TEST_TMPDIR:-$(mktemp -d)}"
source "$BIN/quantization/tools/test_lib.sh"
TOOL="$QUANTIZE"
TOOL_INPUT_ARGS=(--input_file="$T/float.tflite")

make_float_model "$T/float.tflite" || exit 1
make_json_dataset "$T/calib.json" 12

# ---- errors ----
expect_error no_optimizations "nothing to do: give --optimizations=DEFAULT" --input_file="$T/float.tflite"
expect_error unknown_optimization "unknown optimization 'FASTEST'" --input_file="$T/float.tflite" --optimizations=FASTEST
expect_error unknown_target_ops "unknown op set 'TFLITE_FLOAT'" --input_file="$T/float.tflite" --optimizations=DEFAULT \
  --target_ops=TFLITE_BUILTINS,TFLITE_FLOAT
expect_error select_tf_ops "no Select-TF (Flex) ops" --input_file="$T/float.tflite" --optimizations=DEFAULT \
  --target_ops=SELECT_TF_OPS
expect_error unknown_supported_type "'bfloat16' is not supported" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --supported_types=bfloat16
expect_error bad_regex "--quantize_denylist='conv(' is no valid RE2 pattern" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --quantize_denylist='conv('
expect_error unknown_inference_type "--inference_input_type=FLOAT64: unknown type" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --representative_dataset="$T/calib.json" --inference_input_type=FLOAT64
expect_error int8_io_without_dataset "--inference_input_type=INT8 needs full integer quantization" \
  --input_file="$T/float.tflite" --optimizations=DEFAULT --inference_input_type=INT8
expect_error dataset_without_optimizations "--representative_dataset needs --optimizations=DEFAULT" \
  --input_file="$T/float.tflite" --representative_dataset="$T/calib.json"
expect_error int8_target_without_dataset "needs calibration data: give --representative_dataset=PATH" \
  --input_file="$T/float.tflite" --optimizations=DEFAULT --target_ops=TFLITE_BUILTINS_INT8
expect_error int16x8_with_int8_io "16x8 quantization allows FLOAT32 or INT16" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --representative_dataset="$T/calib.json" --inference_output_type=INT8 \
  --target_ops=EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8
mkdir -p "$T/empty_dir"
expect_error empty_dataset_folder "the representative dataset is empty" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --representative_dataset="$T/empty_dir"
echo '[]' > "$T/empty.json"
expect_error empty_dataset_json "empty.json: the representative dataset is empty" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --representative_dataset="$T/empty.json"
expect_error missing_dataset "no_such_dataset does not exist" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --representative_dataset="$T/no_such_dataset"
# Sample 1 of 2 has the wrong shape: the message names the sample, the input and both shapes.
{
  printf '[[{"name": "image", "data": ['; seq -s, 784 | tr -d '\n'; printf ']}],'
  printf ' [{"name": "image", "shape": [1, 14, 14, 1], "data": ['; seq -s, 196 | tr -d '\n'; printf ']}]]\n'
} > "$T/wrong_shape.json"
expect_error wrong_shape "wrong_shape.json sample 1, input 'image': shape [1,14,14,1] given" \
  --input_file="$T/float.tflite" --optimizations=DEFAULT --representative_dataset="$T/wrong_shape.json"
expect_error wrong_shape_expected "the model expects float32 [1,28,28,1]" \
  --input_file="$T/float.tflite" --optimizations=DEFAULT --representative_dataset="$T/wrong_shape.json"
mkdir -p "$T/float64"
write_npy "$T/float64/a.npy" '<f8' '(1, 28, 28, 1)' $((784 * 8))
expect_error wrong_dtype "input 'image': dtype float64 given" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --representative_dataset="$T/float64"
mkdir -p "$T/wrong_name/s0"
write_npy "$T/wrong_name/s0/img.npy" '<f4' '(1, 28, 28, 1)' $((784 * 4))
expect_error unknown_input_name "names 'img', which is no input of the model" --input_file="$T/float.tflite" \
  --optimizations=DEFAULT --representative_dataset="$T/wrong_name"
expect_error missing_model "no_such.tflite" --input_file="$T/no_such.tflite" --optimizations=DEFAULT
head -c 2000 /dev/urandom > "$T/garbage.tflite"
expect_error garbage_model "garbage.tflite" --input_file="$T/garbage.tflite" --optimizations=DEFAULT
expect_error calibrate_only_without_dataset "--calibrate_only needs the samples" --input_file="$T/float.tflite" \
  --calibrate_only
expect_error calibrate_only_with_optimizations "leave out --optimizations" --input_file="$T/float.tflite" \
  --calibrate_only --representative_dataset="$T/calib.json" --optimizations=DEFAULT
expect_error positional_argument "unexpected argument 'extra'" --input_file="$T/float.tflite" --optimizations=DEFAULT extra
rm -f "$T/out.tflite"
msg=$("$QUANTIZE" --input_file="$T/float.tflite" --optimizations=DEFAULT --output_file=/nonexistent_dir/q.tflite 2>&1)
check "unwritable_output" $? "$msg" "/nonexistent_dir/q.tflite" nonzero

# ---- working runs ----
quantize_ok dynamic_range "$T/dr.tflite" --optimizations=DEFAULT
expect_in "dynamic_range_has_int8_weights" "$("$INSPECT" "$T/dr.tflite")" "INT8"
expect_error already_quantized "is quantized already" --input_file="$T/dr.tflite" --optimizations=DEFAULT
run_ok dynamic_range "$T/dr.tflite" float32

quantize_ok float16 "$T/f16.tflite" --optimizations=DEFAULT --supported_types=float16
expect_in "float16_has_fp16_weights" "$("$INSPECT" "$T/f16.tflite")" "FLOAT16"
run_ok float16 "$T/f16.tflite" float32

quantize_ok int8 "$T/int8.tflite" --optimizations=DEFAULT --representative_dataset="$T/calib.json"
expect_in "int8_progress_line" "$QUANTIZE_LOG" "calibrated on 12 samples"
expect_in "int8_summary" "$QUANTIZE_LOG" "quantized int8 (float fallback)"
run_ok int8 "$T/int8.tflite" float32
quantize_ok int8_again "$T/int8_again.tflite" --optimizations=DEFAULT --representative_dataset="$T/calib.json"
same_bytes int8_deterministic "$T/int8.tflite" "$T/int8_again.tflite"

# Calibrate only, then quantize the calibrated model without a dataset: the same model.
quantize_ok calibrate_only "$T/calibrated.tflite" --calibrate_only --representative_dataset="$T/calib.json"
expect_in "calibrated_has_ranges" "$("$INSPECT" "$T/calibrated.tflite")" "quant: min ["
run_ok calibrated "$T/calibrated.tflite" float32
"$QUANTIZE" --input_file="$T/calibrated.tflite" --output_file="$T/from_calibrated.tflite" --optimizations=DEFAULT \
  >"$T/log" 2>&1
check "from_calibrated" $? "$(cat "$T/log")" "using the calibrated ranges (min/max) recorded in" zero
same_bytes from_calibrated_equals_int8 "$T/int8.tflite" "$T/from_calibrated.tflite"

quantize_ok int8_only "$T/int8_io.tflite" --optimizations=DEFAULT --representative_dataset="$T/calib.json" \
  --target_ops=TFLITE_BUILTINS_INT8 --inference_input_type=INT8 --inference_output_type=INT8
expect_in "int8_only_summary" "$QUANTIZE_LOG" "quantized int8 (integer only)"
run_ok int8_only "$T/int8_io.tflite" int8

quantize_ok uint8_io "$T/uint8_io.tflite" --optimizations=DEFAULT --representative_dataset="$T/calib.json" \
  --inference_input_type=UINT8 --inference_output_type=UINT8
run_ok uint8_io "$T/uint8_io.tflite" uint8

quantize_ok int16x8 "$T/int16x8.tflite" --optimizations=DEFAULT --representative_dataset="$T/calib.json" \
  --target_ops=EXPERIMENTAL_TFLITE_BUILTINS_ACTIVATIONS_INT16_WEIGHTS_INT8 --inference_input_type=INT16 \
  --inference_output_type=INT16
run_ok int16x8 "$T/int16x8.tflite" int16

quantize_ok denylist "$T/deny.tflite" --optimizations=DEFAULT --representative_dataset="$T/calib.json" \
  --quantize_denylist=dense
expect_in "denylist_keeps_dense_float" "$QUANTIZE_LOG" "1 left float"
run_ok denylist "$T/deny.tflite" float32

# Per-sample folders of .npy files (zeros: a degenerate but valid range).
for k in 0 1 2; do
  mkdir -p "$T/folders/s$k"
  write_npy "$T/folders/s$k/image.npy" '<f4' '(1, 28, 28, 1)' $((784 * 4))
done
quantize_ok sample_folders "$T/folders.tflite" --optimizations=DEFAULT --representative_dataset="$T/folders"
run_ok sample_folders "$T/folders.tflite" float32

litert_matches int8 "$T/int8.tflite"
litert_matches int8_only "$T/int8_io.tflite"
# KNOWN: one int16 output of the 16x8 model differs by 1 from LiteRT.js (FULLY_CONNECTED 16x8
# rounding, reported to the lead); any larger difference fails.
litert_matches int16x8 "$T/int16x8.tflite" 1

finish

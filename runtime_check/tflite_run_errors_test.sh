#!/usr/bin/env bash
# tflite_run on bad input: every case exits non-zero with a message naming what is wrong. And the
# good paths of the input/output handling on a model without operators (outputs = inputs).
set -uo pipefail
RUN="$TEST_SRCDIR/tfconv/runtime_check/tflite_run"
T="${TEST_TMPDIR:-$(mktemp -d)}"
MODEL="$T/identity.tflite"
"$TEST_SRCDIR/tfconv/runtime_check/io/write_identity_model" "$MODEL" || { echo "FAIL: cannot write $MODEL"; exit 1; }
failures=0
passed=0

# expect_error NAME EXPECTED_SUBSTRING ARGS...
expect_error() {
  local name=$1 want=$2
  shift 2
  local msg rc
  msg=$("$RUN" "$@" 2>&1)
  rc=$?
  if [[ $rc -eq 0 ]]; then
    echo "FAIL $name: exit code 0"; failures=$((failures + 1)); return
  fi
  if [[ "$msg" != *"$want"* ]]; then
    echo "FAIL $name: message lacks '$want':"; echo "$msg"; failures=$((failures + 1)); return
  fi
  echo "ok   $name (exit $rc): $(echo "$msg" | grep -m1 error | cut -c1-160)"
  passed=$((passed + 1))
}

# expect_output NAME OUT.json EXPECTED_SUBSTRING ARGS...
expect_output() {
  local name=$1 out=$2 want=$3
  shift 3
  rm -f "$out"
  if ! "$RUN" "$@" --output="$out" >"$T/log" 2>&1; then
    echo "FAIL $name: non-zero exit"; cat "$T/log"; failures=$((failures + 1)); return
  fi
  if [[ "$(cat "$out")" != *"$want"* ]]; then
    echo "FAIL $name: output lacks '$want':"; cat "$out"; echo; failures=$((failures + 1)); return
  fi
  echo "ok   $name"
  passed=$((passed + 1))
}

head -c 60 "$MODEL" > "$T/truncated.tflite"
head -c 3000 /dev/urandom > "$T/garbage.tflite"
echo '[{"name": "x", "shape": [1, 4]}]' > "$T/wide.json"
echo '[{"name": "x", "shape": [2, 4, 1]}]' > "$T/rank.json"
echo '{"x": {"shape": [1, 3], "data": [1, 2]}}' > "$T/short.json"
echo '{"k": {"data": [1, 256]}}' > "$T/range.json"
echo '{"x": {}, "y": {"data": [1, 2, 3]}}' > "$T/unknown.json"
echo '{"x": {"dtype": "int32"}}' > "$T/dtype.json"
echo '[{"name": "x", "data": [1, 2, 3]' > "$T/broken.json"
printf '\x01\x02\x03' > "$T/three.raw"

expect_error no_model "--model" --output="$T/o.json"
expect_error positional "unexpected argument 'extra'" --model="$MODEL" extra
expect_error missing_file "no_such.tflite" --model="$T/no_such.tflite"
expect_error truncated_model "truncated.tflite" --model="$T/truncated.tflite"
expect_error garbage_model "garbage.tflite" --model="$T/garbage.tflite"
expect_error unknown_signature "no signature 'nope'" --model="$MODEL" --signature=nope
expect_error unknown_profile "no_such_target" --model="$MODEL" --profile=no_such_target
expect_error negative_iters "--iters" --model="$MODEL" --iters=-1
expect_error missing_inputs "no_inputs.json" --model="$MODEL" --inputs="$T/no_inputs.json"
expect_error wrong_shape "shape [1,4] does not fit the model's [-1,3]" --model="$MODEL" --inputs="$T/wide.json"
expect_error wrong_rank "shape [2,4,1] does not fit the model's [-1,3]" --model="$MODEL" --inputs="$T/rank.json"
expect_error too_few_values "2 values for shape [1,3]" --model="$MODEL" --inputs="$T/short.json"
expect_error out_of_range "(256) is out of range for uint8" --model="$MODEL" --inputs="$T/range.json"
expect_error unknown_name "names 'y', which is no input of the model" --model="$MODEL" --inputs="$T/unknown.json"
expect_error wrong_dtype "dtype int32, but the tensor is float32" --model="$MODEL" --inputs="$T/dtype.json"
expect_error broken_json "broken.json: not valid JSON" --model="$MODEL" --inputs="$T/broken.json"
expect_error raw_size "3 bytes, but a float32 tensor of shape [1,3] needs 12" --model="$MODEL" --inputs="$T/three.raw"
expect_error unwritable_output "cannot write" --model="$MODEL" --output="$T/no_dir/out.json"

# The default pattern comes out unchanged, with LiteRT.js's names (the signature is the only one).
want='[{"name":"x","signature_name":"out_x","shape":[1,3],"dtype":"float32",'
want+='"data":[-0.5,-0.4000000059604645,-0.30000001192092896]},'
want+='{"name":"k","signature_name":"out_k","shape":[2],"dtype":"uint8","data":[253,254]}]'
expect_output default_pattern "$T/out.json" "$want" --model="$MODEL"
# Signature input names, a dynamic batch of 2, and the inputs saved and fed back by position.
echo '{"count": {"data": [7, 9]}, "image": {"shape": [2, 3], "data": [[1, 2, 3], [4, 5, "NaN"]]}}' > "$T/sig.json"
expect_output by_signature_name "$T/out2.json" '"shape":[2,3],"dtype":"float32","data":[1.0,2.0,3.0,4.0,5.0,"NaN"]' \
  --model="$MODEL" --inputs="$T/sig.json" --save_inputs="$T/used.json" --iters=2
expect_output saved_inputs_round_trip "$T/out3.json" '"dtype":"uint8","data":[7,9]' \
  --model="$MODEL" --inputs="$T/used.json"
printf '\x05\x06' > "$T/k.raw"
echo '[{"name": "a", "data": [[0.5, 1.5, 2.5]]}]' > "$T/unnamed.json"
want='"data":[0.5,1.5,2.5]},{"name":"k","signature_name":"out_k","shape":[2],"dtype":"uint8","data":[5,6]}'
expect_output json_plus_raw_by_position "$T/out4.json" "$want" --model="$MODEL" --inputs="$T/unnamed.json,$T/k.raw"
expect_error named_plus_unnamed "k.raw has no name, but other inputs are given by name" \
  --model="$MODEL" --inputs="$T/wide.json,$T/k.raw"

# A float16 target: float inputs (and every op's float outputs) are rounded to float16.
expect_output fp16_profile "$T/out5.json" '"data":[-0.5,-0.39990234375,-0.30004882812' \
  --model="$MODEL" --profile=gpu_fp16

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]

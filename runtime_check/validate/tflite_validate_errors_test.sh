#!/usr/bin/env bash
# tflite_validate on bad input: every case exits 1 (an error) or 2 (bad usage) with a message naming
# what is wrong; the good path on a model without operators exits 0.
set -uo pipefail
VALIDATE="$TEST_SRCDIR/tfconv/runtime_check/validate/tflite_validate"
T="${TEST_TMPDIR:-$(mktemp -d)}"
MODEL="$T/identity.tflite"  # x float32 [-1,3] and k uint8 [2], passed through
"$TEST_SRCDIR/tfconv/runtime_check/io/write_identity_model" "$MODEL" || { echo "FAIL: cannot write $MODEL"; exit 1; }
failures=0
passed=0

# expect NAME EXIT_CODE EXPECTED_SUBSTRING ARGS...
expect() {
  local name=$1 want_rc=$2 want=$3
  shift 3
  local msg rc
  msg=$("$VALIDATE" "$@" 2>&1)
  rc=$?
  if [[ $rc -ne $want_rc ]]; then
    echo "FAIL $name: exit code $rc, expected $want_rc"; echo "$msg" | head -20; failures=$((failures + 1)); return
  fi
  if [[ "$msg" != *"$want"* ]]; then
    echo "FAIL $name: message lacks '$want':"; echo "$msg" | head -20; failures=$((failures + 1)); return
  fi
  msg=${msg//"$T"/\$T}  # short lines: the scratch directory as $T
  echo "ok   $name (exit $rc): $(echo "$msg" | grep -m1 -e error -e PASS | cut -c1-200)"
  passed=$((passed + 1))
}

head -c 60 "$MODEL" >"$T/truncated.tflite"
head -c 3000 /dev/urandom >"$T/garbage.tflite"
echo '[{"name": "x", "shape": [1, 4]}]' >"$T/wide.json"
echo '[{"name": "x", "shape": [1, 3], "data": [1, 2' >"$T/syntax.json"
echo '{"k": {"data": [1, 256]}}' >"$T/range.json"
echo 'node { name: "x" op: "Placeholder"' >"$T/broken.pbtxt"
SELF=(--tflite="$MODEL" --reference_tflite="$MODEL")

expect good 0 "PASS" "${SELF[@]}"
expect missing_tflite 1 "no_such.tflite" --tflite="$T/no_such.tflite" --reference_tflite="$MODEL"
expect missing_reference 1 "no_such.tflite" --tflite="$MODEL" --reference_tflite="$T/no_such.tflite"
expect truncated_tflite 1 "truncated.tflite" --tflite="$T/truncated.tflite" --reference_tflite="$MODEL"
expect garbage_tflite 1 "garbage.tflite" --tflite="$MODEL" --reference_tflite="$T/garbage.tflite"
expect missing_inputs 1 "no_such.json" "${SELF[@]}" --inputs="$T/no_such.json"
expect inputs_syntax 1 "syntax.json" "${SELF[@]}" --inputs="$T/syntax.json"
expect inputs_shape 1 "[1,4]" "${SELF[@]}" --inputs="$T/wide.json"
expect inputs_range 1 "256" "${SELF[@]}" --inputs="$T/range.json"
expect missing_source 1 "no_such.pb" --tflite="$MODEL" --source="$T/no_such.pb"
expect broken_source 1 "broken.pbtxt" --tflite="$MODEL" --graph_def_file="$T/broken.pbtxt"
expect no_tflite 2 "--tflite" --reference_tflite="$MODEL"
expect no_reference 2 "exactly one reference" --tflite="$MODEL"
expect two_references 2 "exactly one reference" "${SELF[@]}" --source="$T/broken.pbtxt"
expect two_sources 2 "different models" --tflite="$MODEL" --source=a.pb --graph_def_file=b.pb
expect source_flags 2 "--reference_tflite takes none" "${SELF[@]}" --input_arrays=x
expect unknown_profile 2 "no_such_profile" "${SELF[@]}" --profile=no_such_profile
expect positional 2 "unexpected argument" "${SELF[@]}" extra

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]

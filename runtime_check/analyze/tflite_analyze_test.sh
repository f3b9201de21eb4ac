#!/usr/bin/env bash
# tflite_analyze through the binary: every error exits 1 (2 for bad usage) with a message naming
# the file or profile; a compatible profile run exits 0 and an incompatible one 3, naming the op
# and the reason.
set -uo pipefail
ANALYZE="$TEST_SRCDIR/tfconv/runtime_check/analyze/tflite_analyze"
T="${TEST_TMPDIR:-$(mktemp -d)}"
SHARED="${TFCONV_SHARED_DIR:-/work/shared}"
REAL="$SHARED/testdata/real"
failures=0
passed=0

fail() { echo "FAIL $1"; failures=$((failures + 1)); }
ok() { echo "ok   $1"; passed=$((passed + 1)); }

# expect NAME EXIT_CODE EXPECTED_SUBSTRING ARGS...: runs the tool, checks the code and the
# combined output.
expect() {
  local name=$1 want_rc=$2 want=$3
  shift 3
  local out rc
  out=$("$ANALYZE" "$@" 2>&1)
  rc=$?
  if [[ $rc -ne $want_rc ]]; then
    fail "$name: exit code $rc, expected $want_rc"; echo "$out" | head -20; return
  fi
  if [[ "$out" != *"$want"* ]]; then
    fail "$name: output lacks '$want'"; echo "$out" | head -20; return
  fi
  ok "$name: $(echo "$out" | grep -F -m1 -- "$want" | cut -c1-140)"
}

head -c 3000 /dev/urandom > "$T/garbage.tflite"
printf 'not a model at all' > "$T/text.tflite"
cat > "$T/bad_profile.json" <<'JSON'
{"schema": "tfconv-hardware-profile/1", "name": "bad", "description": "x", "numeric_mode": "fp32",
 "tolerances": {"float": {}, "quantized": {}},
 "ops": [{"op": "CONV_2D", "max_strides": 2}]}
JSON
printf '{"schema": ' > "$T/broken.json"

expect no_model 2 "no model given"
expect two_models 2 "give one model" "$T/garbage.tflite" --model="$T/text.tflite"
expect missing_file 1 "cannot open '$T/no_such.tflite'" --model="$T/no_such.tflite"
expect garbage_model 1 "garbage.tflite" --model="$T/garbage.tflite"
expect text_model 1 "text.tflite" "$T/text.tflite"
expect unknown_profile 1 "unknown profile 'nope'" --profile=nope --model="$T/garbage.tflite"
expect unknown_profile_lists_known 1 "known profiles: cpu, edgetpu, gpu_fp16, tflm" --profile=nope "$T/x.tflite"
expect malformed_profile_field 1 "bad_profile.json: unknown field 'max_strides' in ops[0] (CONV_2D)" \
  --profile="$T/bad_profile.json" "$T/garbage.tflite"
expect malformed_profile_json 1 "broken.json: not valid JSON at line 1" --profile="$T/broken.json" "$T/x.tflite"
expect missing_profile_file 1 "cannot open profile file '$T/none.json'" --profile="$T/none.json" "$T/x.tflite"
expect list_profiles 0 "edgetpu" --list_profiles

if [[ ! -d "$REAL" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    fail "real models: $REAL is missing (CI=true)"
  else
    echo "skip real-model cases: $REAL is missing"
  fi
else
  FLOAT="$REAL/tflite_micro/hello_world/hello_world_float.tflite"
  PERSON="$REAL/tflite_micro/person_detection/person_detect.tflite"
  expect plain_analysis 0 "Summary" "$FLOAT"
  expect plain_lists_ops 0 "Op#0 FULLY_CONNECTED" --model="$FLOAT"
  expect float_fails_edgetpu 3 "NOT COMPATIBLE" --profile=edgetpu "$FLOAT"
  expect float_fails_edgetpu_names_why 3 "type FLOAT32 not allowed by edgetpu (INT8/UINT8 only)" \
    --profile=edgetpu "$FLOAT"
  expect person_fits_tflm 0 "Profile tflm" --profile=tflm "$PERSON"
  expect person_fits_tflm_verdict 0 ": COMPATIBLE" --profile=tflm "$PERSON"
  expect profile_by_path 0 ": COMPATIBLE" \
    --profile="$TEST_SRCDIR/tfconv/runtime_check/profiles/cpu.json" "$FLOAT"
  expect json_failing 3 '"compatible": false' --json --profile=edgetpu "$FLOAT"
  head -c 2000 "$PERSON" > "$T/truncated.tflite"
  expect truncated_model 1 "truncated.tflite" "$T/truncated.tflite"
  if command -v python3 >/dev/null; then
    if "$ANALYZE" --json --profile=gpu_fp16 "$PERSON" > "$T/out.json" &&
       python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["subgraphs"][0]["operators"]' "$T/out.json"; then
      ok "json_parses"
    else
      fail "json_parses: the --json output is not the expected JSON"
    fi
  fi
fi

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]

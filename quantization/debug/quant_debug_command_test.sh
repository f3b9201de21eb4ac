#!/usr/bin/env bash
# tflite_validate --quant_debug on the official MLPerf Tiny pairs of ../shared: the text report, the
# JSON report, the exit status against the tolerance, the int8 raw input of the KWS benchmark, and
# clear errors for bad usage and bad inputs.
set -uo pipefail

VALIDATE=runtime_check/validate/tflite_validate
T=${TEST_TMPDIR:-$(mktemp -d)}
SHARED=${TFCONV_SHARED_DIR:-/work/shared}
MT="$SHARED/testdata/real/mlperf_tiny"
[[ -x "$VALIDATE" ]] || { echo "FAIL: $VALIDATE is missing from the runfiles"; exit 1; }
if [[ ! -d "$MT" ]]; then
  [[ "${CI:-}" == "true" ]] && { echo "FAIL: no $MT"; exit 1; }
  echo "SKIP: no $MT"
  exit 0
fi
IC_F="$MT/image_classification/pretrainedResnet.tflite"
IC_Q="$MT/image_classification/pretrainedResnet_quant.tflite"
KWS_F="$MT/keyword_spotting/kws_ref_model_float32.tflite"
KWS_Q="$MT/keyword_spotting/kws_ref_model.tflite"

failures=0
check() {  # check NAME CONDITION-RESULT DETAIL
  if [[ "$2" == 0 ]]; then
    echo "PASS $1"
  else
    echo "FAIL $1: $3"
    failures=$((failures + 1))
  fi
}

# An image spread over 0..255 for the ResNet pair.
python3 -c '
import json, sys
json.dump([{"name": "input_1", "shape": [1, 32, 32, 3], "dtype": "float32",
            "data": [float((i * 37) % 256) + 0.25 for i in range(3072)]}], open(sys.argv[1], "w"))' "$T/image.json"

# 1. The ResNet pair: text and JSON reports; a huge tolerance passes (0), a zero tolerance fails (3).
"$VALIDATE" --quant_debug --tflite="$IC_Q" --reference_tflite="$IC_F" --inputs="$T/image.json" \
  --quant_debug_json="$T/ic.json" --quant_debug_tolerance=1 >"$T/ic.txt" 2>"$T/ic.err"
code=$?
check ic_exit_within_tolerance "$([[ $code == 0 ]]; echo $?)" "exit $code: $(head -3 "$T/ic.err")"
grep -q "Layers, worst first" "$T/ic.txt"
check ic_text_has_layers $? "$(head -5 "$T/ic.txt")"
grep -q "no denylist needed" "$T/ic.txt"
check ic_no_denylist_needed $? "$(grep -A2 '^Denylist' "$T/ic.txt")"
python3 - "$T/ic.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["quantized_model"].endswith("pretrainedResnet_quant.tflite"), j["quantized_model"]
assert len(j["layers"]) == 16, len(j["layers"])
assert j["outputs"][0]["name"] == "Identity" and j["outputs"][0]["quantized_name"] == "Identity_int8"
inp = [t for t in j["tensors"] if t["kind"] == "input"][0]
assert inp["quantized_name"] == "input_1_int8" and inp["scale"] == 1.0, inp
# Every pixel is an integer plus 0.25: quantized with scale 1, each is off by exactly 0.25.
assert abs(inp["rmse"] - 0.25) < 1e-6 and abs(inp["max_abs_error"] - 0.25) < 1e-6, inp
assert j["denylist"]["within_tolerance"] is True and j["denylist"]["tolerance"] == 1
PY
check ic_json_fields $? "see above"

"$VALIDATE" --quant_debug --tflite="$IC_Q" --reference_tflite="$IC_F" --inputs="$T/image.json" \
  --quant_debug_tolerance=0 >"$T/ic0.txt" 2>&1
code=$?
check ic_exit_outside_tolerance "$([[ $code == 3 ]]; echo $?)" "exit $code"
grep -q -- "--quantize_denylist='" "$T/ic0.txt"
check ic_prints_a_denylist $? "$(grep -A3 '^Denylist' "$T/ic0.txt")"

# 2. KWS: the benchmark's int8 raw input fits only the int8 model; it is dequantized for the float one.
"$VALIDATE" --quant_debug --tflite="$KWS_Q" --reference_tflite="$KWS_F" \
  --inputs="$MT/keyword_spotting/ref/g_kws_inputs.int8.raw" --quant_debug_json="$T/kws.json" >"$T/kws.txt" 2>&1
code=$?
check kws_runs "$([[ $code == 0 || $code == 3 ]]; echo $?)" "exit $code: $(head -3 "$T/kws.txt")"
python3 - "$T/kws.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
inp = [t for t in j["tensors"] if t["kind"] == "input"][0]
assert inp["max_abs_error"] < 1e-4, inp     # int8 to begin with: dequantized, then quantized back exactly
assert len(j["layers"]) == 13, len(j["layers"])
assert j["outputs"][0]["cosine"] > 0.99, j["outputs"][0]
PY
check kws_int8_input_dequantized $? "see above"

# 3. Errors.
"$VALIDATE" --quant_debug --tflite="$IC_Q" >"$T/e1" 2>&1
code=$?
check usage_without_reference "$([[ $code == 2 ]] && grep -q "reference_tflite" "$T/e1"; echo $?)" "exit $code: $(cat "$T/e1")"
"$VALIDATE" --quant_debug --tflite="$T/missing.tflite" --reference_tflite="$IC_F" >"$T/e2" 2>&1
code=$?
check missing_model "$([[ $code == 1 ]] && grep -q "missing.tflite" "$T/e2"; echo $?)" "exit $code: $(cat "$T/e2")"
head -c 100 /dev/zero >"$T/short.raw"
"$VALIDATE" --quant_debug --tflite="$IC_Q" --reference_tflite="$IC_F" --inputs="$T/short.raw" >"$T/e3" 2>&1
code=$?
check inputs_fit_neither_model "$([[ $code == 1 ]] && grep -q "fit neither model" "$T/e3"; echo $?)" \
  "exit $code: $(cat "$T/e3")"
"$VALIDATE" --quant_debug --tflite="$IC_Q" --reference_tflite="$IC_F" --quant_debug_dataset="$T/nothing_here" \
  >"$T/e4" 2>&1
code=$?
check missing_dataset "$([[ $code == 1 ]] && grep -q "nothing_here" "$T/e4"; echo $?)" "exit $code: $(cat "$T/e4")"

echo "quant_debug_command: $failures failure(s)"
[[ $failures -eq 0 ]]

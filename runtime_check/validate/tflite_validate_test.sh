#!/usr/bin/env bash
# tflite_validate end to end: the example model converted with tflite_convert, then validated
#   (a) under cpu against its source graph: passes with a float32-rounding-sized error;
#   (b) under gpu_fp16: the float16 emulation shows a larger error, still within gpu_fp16's tolerance;
#   (c) under edgetpu: a float model fails (exit 3) naming the refused operators;
#   (d) against other .tflite files: itself (zero error), a different model (fails), and the real
#       pair of ../shared (our conversion of tf2onnx's frozen regression graph vs the official one).
set -uo pipefail
R="$TEST_SRCDIR/tfconv"
VALIDATE="$R/runtime_check/validate/tflite_validate"
CONVERT="$R/converter/tflite_convert"
MNIST="$R/examples/mnist_cnn.pbtxt"
T="${TEST_TMPDIR:-$(mktemp -d)}"
REAL="${TFCONV_SHARED_DIR:-/work/shared}/testdata/real"
failures=0
passed=0

fail() { echo "FAIL $1"; failures=$((failures + 1)); }
ok() { echo "ok   $1"; passed=$((passed + 1)); }

# run NAME WANT_RC ARGS...: runs the validator into $T/NAME.out, checks the exit code.
run() {
  local name=$1 want_rc=$2
  shift 2
  "$VALIDATE" "$@" >"$T/$name.out" 2>"$T/$name.err"
  local rc=$?
  if [[ $rc -ne $want_rc ]]; then
    fail "$name: exit code $rc, expected $want_rc"; head -40 "$T/$name.out" "$T/$name.err"; return 1
  fi
}
# contains NAME TEXT: the report of NAME holds TEXT.
contains() {
  if grep -qF -- "$2" "$T/$1.out"; then ok "$1: has '$2'"; else fail "$1: lacks '$2'"; head -40 "$T/$1.out"; fi
}
# field NAME JQ: a value from the JSON report of NAME.
field() { jq -r "$2" "$T/$1.out"; }
# check NAME AWK_CONDITION DESCRIPTION: an arithmetic fact about the numbers (a, b, ...) set by the caller.
check() {
  if awk "BEGIN { exit !($2) }"; then ok "$1: $3"; else fail "$1: $3 does not hold"; fi
}

convert() {  # convert GRAPH OUT ARGS...
  local graph=$1 out=$2
  shift 2
  "$CONVERT" --graph_def_file="$graph" --output_file="$out" "$@" >"$T/convert.log" 2>&1 ||
    { cat "$T/convert.log"; fail "cannot convert $graph"; return 1; }
}

MNIST_FLAGS=(--input_arrays=image --output_arrays=probabilities --input_shapes=1,28,28,1)
convert "$MNIST" "$T/mnist.tflite" "${MNIST_FLAGS[@]}" || exit 1
SOURCE=(--source="$MNIST" "${MNIST_FLAGS[@]}" --tflite="$T/mnist.tflite")

# (a) cpu, default inputs and given ones (the validators' JSON form).
if run cpu 0 "${SOURCE[@]}" --json; then
  a=$(field cpu '.outputs[0].max_abs_error')
  [[ $(field cpu '.passed') == true && $(field cpu '.profile.numeric_mode') == fp32 ]] && ok "cpu: passed, fp32" || fail "cpu: not passed"
  check cpu "$a < 1e-6" "max_abs $a < 1e-6"
fi
run cpu_text 0 "${SOURCE[@]}" --profile=cpu && contains cpu_text "PASS probabilities float32[1,10]"
awk 'BEGIN { printf "[{\"name\": \"image\", \"shape\": [1, 28, 28, 1], \"data\": ["
             for (i = 0; i < 784; i++) printf "%s%.4f", (i ? ", " : ""), (i * 7 % 29) / 29.0
             print "]}]" }' >"$T/in.json"
if run cpu_inputs 0 "${SOURCE[@]}" --inputs="$T/in.json" --json; then
  [[ $(field cpu_inputs '.inputs_from') == "$T/in.json" ]] && ok "cpu_inputs: read in.json" || fail "cpu_inputs: inputs_from"
  # Other inputs give other outputs: the file was really fed.
  [[ $(field cpu_inputs '.outputs[0].worst') != "$(field cpu '.outputs[0].worst')" ||
     $(field cpu_inputs '.outputs[0].max_abs_error') != "$(field cpu '.outputs[0].max_abs_error')" ]] &&
    ok "cpu_inputs: a different run" || fail "cpu_inputs: same numbers as the default inputs"
fi

# (b) gpu_fp16: half-precision storage costs accuracy, well inside the profile's max_abs 0.05.
if run gpu 0 "${SOURCE[@]}" --profile=gpu_fp16 --json; then
  b=$(field gpu '.outputs[0].max_abs_error')
  tol=$(field gpu '.outputs[0].tolerance.max_abs')
  [[ $(field gpu '.profile.numeric_mode') == fp16_emulated ]] && ok "gpu: fp16_emulated" || fail "gpu: numeric mode"
  check gpu "$b > 1e-6 && $b > 100 * $a" "fp16 max_abs $b > 100 x cpu's $a"
  check gpu "$b < $tol" "fp16 max_abs $b < tolerance $tol"
fi

# (c) edgetpu refuses a float model, naming the operators and why.
if run edgetpu 3 "${SOURCE[@]}" --profile=edgetpu; then
  contains edgetpu "REFUSED #0 CONV_2D v1: input 'image' (#0) type FLOAT32 not allowed by edgetpu"
  contains edgetpu "runs 8-bit quantized arithmetic only"
  contains edgetpu "operators not allowed by edgetpu"
fi
run edgetpu_json 3 "${SOURCE[@]}" --profile=edgetpu --json &&
  [[ $(field edgetpu_json '.operators[0].allowed') == false && $(field edgetpu_json '.passed') == false ]] &&
  ok "edgetpu_json: operator 0 refused" || fail "edgetpu_json: operator 0"

# (d) .tflite against .tflite.
if run self 0 --tflite="$T/mnist.tflite" --reference_tflite="$T/mnist.tflite" --json; then
  [[ $(field self '.outputs[0].max_abs_error') == 0 && $(field self '.reference.kind') == tflite ]] &&
    ok "self: zero error" || fail "self: $(field self '.outputs[0].max_abs_error')"
fi
# Two scalar models y = x*2 + 1 and y = x*2 + 1.5 differ by 0.5 everywhere.
affine() {  # affine BIAS: a frozen graph computing pred = X*2 + BIAS
  cat <<PB
node { name: "X" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "shape" value { shape { } } } }
node { name: "W" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { } float_val: 2 } } } }
node { name: "b" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { } float_val: $1 } } } }
node { name: "Mul" op: "Mul" input: "X" input: "W" attr { key: "T" value { type: DT_FLOAT } } }
node { name: "pred" op: "AddV2" input: "Mul" input: "b" attr { key: "T" value { type: DT_FLOAT } } }
PB
}
affine 1 >"$T/affine1.pbtxt"
affine 1.5 >"$T/affine2.pbtxt"
convert "$T/affine1.pbtxt" "$T/affine1.tflite" --input_arrays=X --output_arrays=pred &&
  convert "$T/affine2.pbtxt" "$T/affine2.tflite" --input_arrays=X --output_arrays=pred &&
  if run different 3 --tflite="$T/affine1.tflite" --reference_tflite="$T/affine2.tflite" --json; then
    d=$(field different '.outputs[0].max_abs_error')
    check different "$d > 0.4999 && $d < 0.5001" "max_abs $d = 0.5"
  fi

if [[ -d "$REAL/tf2onnx/regression" ]]; then
  REG="$REAL/tf2onnx/regression"
  echo '{"X": {"shape": [], "data": [3.25]}}' >"$T/x.json"
  if convert "$REG/graphdef/frozen.pb" "$T/regression.tflite" --input_arrays=X --output_arrays=pred; then
    # Ours names the tensors X/pred, the official X:0/pred:0 with signature names X/pred.
    run real_pair 0 --tflite="$T/regression.tflite" --reference_tflite="$REG/tflite/model.tflite" --inputs="$T/x.json" --json &&
      [[ $(field real_pair '.passed') == true && $(field real_pair '.outputs[0].expected_name') == pred:0 ]] &&
      ok "real_pair: ours vs the official converter's, max_abs $(field real_pair '.outputs[0].max_abs_error')" ||
      fail "real_pair"
    run real_source 0 --source="$REG/graphdef/frozen.pb" --input_arrays=X --output_arrays=pred \
      --tflite="$REG/tflite/model.tflite" --inputs="$T/x.json" && contains real_source "PASS pred:0 vs pred"
  fi
elif [[ "${CI:-}" == "true" ]]; then
  fail "no $REAL"
else
  echo "SKIP real pair: no $REAL"
fi

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]

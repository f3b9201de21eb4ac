#!/usr/bin/env bash
# For every graph of graphs/MANIFEST: convert it with our tflite_convert, run the .tflite in
# LiteRT.js on the default inputs, run the source graph in tfjs on the same inputs, and compare.
# One line per graph (max abs error, PASS/FAIL); exits 1 when any graph fails.
#
#   bazel test //runtime_check/interop:interop_test [--test_arg=conv2d_pad_stride ...]
#   run_interop.sh [--manifest FILE] [GRAPH...]
#
# --manifest picks another manifest (graph files are relative to its folder; default
# runtime_check/interop/graphs/MANIFEST); GRAPH names restrict the run. Runs from the runfiles root,
# or anywhere when TFLITE_CONVERT and PBTXT_TO_PB name the tools. INTEROP_WORKDIR keeps the files
# (one folder per graph: ours.tflite, inputs.json, outputs, logs); by default they go to
# $TEST_TMPDIR, and the folder of a failing graph is copied to $TEST_UNDECLARED_OUTPUTS_DIR, which
# Bazel keeps in bazel-testlogs/<test>/test.outputs/.
set -uo pipefail

source runtime_check/interop/interop_lib.sh
interop_require_validators

CONVERTER=${TFLITE_CONVERT:-converter/tflite_convert}
PBTXT_TO_PB=${PBTXT_TO_PB:-runtime_check/interop/pbtxt_to_pb}
VALIDATE=${TFLITE_VALIDATE:-runtime_check/validate/tflite_validate}
MANIFEST=runtime_check/interop/graphs/MANIFEST
if [[ "${1:-}" == --manifest ]]; then
  MANIFEST=$2
  shift 2
fi
GRAPHS=$(dirname "$MANIFEST")
SCRATCH=${INTEROP_WORKDIR:-${TEST_TMPDIR:-$(mktemp -d)}}
mkdir -p "$SCRATCH"
for tool in "$CONVERTER" "$PBTXT_TO_PB" "$VALIDATE"; do
  [[ -x "$tool" ]] || { echo "FAIL: $tool is missing (in Bazel: a data dependency; outside: set TFLITE_CONVERT / PBTXT_TO_PB)"; exit 1; }
done

declare -A wanted=()
for name in "$@"; do wanted[$name]=1; done

# Our reference interpreter against the source graph (plugins' TF semantics) on the inputs LiteRT.js
# was fed, under the cpu profile's tolerances and op list.
validate_in_our_interpreter() {
  local name=$1 inputs=$2 outputs=$3 shapes=$4 work=$5
  local flags=(--source="$GRAPHS/$name.pbtxt" --input_arrays="$inputs" --output_arrays="$outputs"
               --tflite="$work/ours.tflite" --inputs="$work/inputs.json" --profile=cpu)
  [[ "$shapes" != "-" ]] && flags+=(--input_shapes="$shapes")
  if ! "$VALIDATE" "${flags[@]}" >"$work/validate.log" 2>&1; then
    INTEROP_ERROR="tflite_validate (our interpreter vs source graph) failed: $(interop_tail "$work/validate.log" 12)"
    return 1
  fi
}

# check_graph NAME INPUTS OUTPUTS SHAPES ATOL RTOL: prints the verdict, returns 1 on failure.
check_graph() {
  local name=$1 inputs=$2 outputs=$3 shapes=$4 atol=$5 rtol=$6
  local work="$SCRATCH/$name"
  rm -rf "$work" && mkdir -p "$work"
  INTEROP_ERROR="" INTEROP_MAX_ABS="n/a"
  if interop_convert "$CONVERTER" "$GRAPHS/$name.pbtxt" "$work/ours.tflite" "$inputs" "$outputs" "$shapes" \
        "$work/convert.log" &&
     interop_run_litert "$work/ours.tflite" "$work/litert.json" "$work/inputs.json" "$work/litert.log" &&
     validate_in_our_interpreter "$name" "$inputs" "$outputs" "$shapes" "$work" &&
     { "$PBTXT_TO_PB" "$GRAPHS/$name.pbtxt" "$work/graph.pb" 2>"$work/pbtxt_to_pb.log" ||
       { INTEROP_ERROR="pbtxt_to_pb failed: $(interop_tail "$work/pbtxt_to_pb.log")"; false; }; } &&
     interop_run_tfjs "$work/graph.pb" "$outputs" "$inputs" "$shapes" "$work/inputs.json" "$work/tfjs.json" \
        "$work" &&
     interop_compare "$work/litert.json" "$work/tfjs.json" "$atol" "$rtol" "$work/compare.log"; then
    printf '%-24s PASS max_abs=%s\n' "$name" "$INTEROP_MAX_ABS"
    return 0
  fi
  printf '%-24s FAIL max_abs=%s %s\n' "$name" "$INTEROP_MAX_ABS" "$INTEROP_ERROR"
  [[ -f "$work/compare.log" ]] && sed 's/^/    /' "$work/compare.log"
  [[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ]] && cp -r "$work" "$TEST_UNDECLARED_OUTPUTS_DIR/"
  return 1
}

passed=0
failed=()
while read -r -u 3 file inputs outputs shapes atol rtol rest; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  name=${file%.pbtxt}
  if [[ ${#wanted[@]} -gt 0 && -z "${wanted[$name]:-}" ]]; then continue; fi
  if check_graph "$name" "$inputs" "$outputs" "$shapes" "$atol" "$rtol"; then
    passed=$((passed + 1))
  else
    failed+=("$name")
  fi
done 3<"$MANIFEST"

echo "interop: $passed passed, ${#failed[@]} failed${failed:+ (${failed[*]})}"
[[ ${#failed[@]} -eq 0 && $passed -gt 0 ]]

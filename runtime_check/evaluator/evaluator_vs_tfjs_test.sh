#!/usr/bin/env bash
# The source-graph evaluator against tfjs (TensorFlow.js's own executor of TF ops, see
# ../shared/validators) on every graph of runtime_check/interop/graphs/MANIFEST and the README's
# example: tfjs runs the graph on the default inputs, graph_eval runs it on the same inputs, and
# compare_outputs.py compares them with the manifest's tolerance. One line per graph. A graph with
# an op whose plugin has no reference semantics is reported (UNEVALUABLE, with the nodes) and
# does not fail the test. Outside CI the test skips when the validators are missing.
#
#   bazel test //runtime_check/evaluator:evaluator_vs_tfjs_test [--test_arg=GRAPH ...]
set -uo pipefail

problem=""
if [[ -z "${TFCONV_SHARED_DIR:-}" || ! -f "${TFCONV_SHARED_DIR:-}/validators/run_tfgraph.cjs" ]]; then
  problem="no validators: set TFCONV_SHARED_DIR to ../shared (tools/test.sh does)"
elif [[ -z "${TFLITE_VALIDATORS_DIR:-}" || ! -d "${TFLITE_VALIDATORS_DIR:-}/node_modules/@tensorflow/tfjs-converter" ]]; then
  problem="tfjs is not installed in \$TFLITE_VALIDATORS_DIR (run ../shared/validators/setup.sh)"
elif ! command -v node >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  problem="node and python3 must be on PATH"
fi
if [[ -n "$problem" ]]; then
  [[ "${CI:-}" == "true" ]] && { echo "FAIL: $problem"; exit 1; }
  echo "SKIP: $problem"
  exit 0
fi
export TFLITE_VALIDATORS_DIR
VALIDATORS="$TFCONV_SHARED_DIR/validators"
GRAPH_EVAL=runtime_check/evaluator/graph_eval
TO_BINARY=runtime_check/evaluator/graphdef_to_binary
SCRATCH=${TEST_TMPDIR:-$(mktemp -d)}
for tool in "$GRAPH_EVAL" "$TO_BINARY"; do
  [[ -x "$tool" ]] || { echo "FAIL: $tool is missing from the runfiles"; exit 1; }
done

declare -A wanted=()
for name in "$@"; do wanted[$name]=1; done

tail_of() { grep -v '^\s*$' "$1" 2>/dev/null | tail -n 3 | tr '\n' ' ' | cut -c1-600; }

passed=0
unevaluable=0
failed=()
# check GRAPH.pbtxt INPUTS OUTPUTS SHAPES ATOL RTOL
check() {
  local file=$1 inputs=$2 outputs=$3 shapes=$4 atol=$5 rtol=$6
  local name
  name=$(basename "${file%.pbtxt}")
  local work="$SCRATCH/$name"
  rm -rf "$work" && mkdir -p "$work"
  local tfjs_args=() names dims i
  IFS=, read -ra names <<<"$outputs"
  for i in "${names[@]}"; do tfjs_args+=(--output "$i"); done
  IFS=, read -ra names <<<"$inputs"
  IFS=: read -ra dims <<<"$shapes"
  for i in "${!names[@]}"; do tfjs_args+=(--shape "${names[$i]}=${dims[$i]:-}"); done

  local why=""
  if ! "$TO_BINARY" "$file" "$work/graph.pb" >"$work/to_binary.log" 2>&1; then
    why="graphdef_to_binary failed: $(tail_of "$work/to_binary.log")"
  elif ! python3 "$VALIDATORS/graphdef_to_tfjs.py" "$work/graph.pb" "$work/tfjs" "${tfjs_args[@]}" \
      >"$work/graphdef_to_tfjs.log" 2>&1; then
    why="graphdef_to_tfjs.py failed: $(tail_of "$work/graphdef_to_tfjs.log")"
  elif ! node "$VALIDATORS/run_tfgraph.cjs" "$work/tfjs/model.json" --out "$work/tfjs.json" \
      --save-inputs "$work/inputs.json" >"$work/tfjs.log" 2>&1; then
    why="tfjs failed: $(tail_of "$work/tfjs.log")"
  else
    local status=0
    "$GRAPH_EVAL" --graph_def_file="$file" --input_arrays="$inputs" --output_arrays="$outputs" \
      --input_shapes="$shapes" --inputs="$work/inputs.json" --out="$work/ours.json" >"$work/graph_eval.log" 2>&1 ||
      status=$?
    if [[ $status -eq 3 ]]; then
      printf '%-24s UNEVALUABLE %s\n' "$name" "$(tail_of "$work/graph_eval.log")"
      unevaluable=$((unevaluable + 1))
      return 0
    elif [[ $status -ne 0 ]]; then
      why="graph_eval failed: $(tail_of "$work/graph_eval.log")"
    elif ! python3 "$VALIDATORS/compare_outputs.py" "$work/ours.json" "$work/tfjs.json" --atol "$atol" \
        --rtol "$rtol" --strict-shape >"$work/compare.log" 2>&1; then
      why="outputs differ: $(grep -E '^DIFF|unmatched|^cannot' "$work/compare.log" | tr '\n' ';')"
    fi
  fi
  local max_abs
  max_abs=$(sed -n 's/.*max_abs=\([^ ]*\).*/\1/p' "$work/compare.log" 2>/dev/null | sort -g | tail -n 1)
  if [[ -z "$why" ]]; then
    printf '%-24s PASS max_abs=%s\n' "$name" "${max_abs:-n/a}"
    passed=$((passed + 1))
  else
    printf '%-24s FAIL %s\n' "$name" "$why"
    [[ -f "$work/compare.log" ]] && sed 's/^/    /' "$work/compare.log"
    [[ -n "${TEST_UNDECLARED_OUTPUTS_DIR:-}" ]] && cp -r "$work" "$TEST_UNDECLARED_OUTPUTS_DIR/"
    failed+=("$name")
  fi
}

while read -r -u 3 file inputs outputs shapes atol rtol rest; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  [[ ${#wanted[@]} -gt 0 && -z "${wanted[${file%.pbtxt}]:-}" ]] && continue
  check "runtime_check/interop/graphs/$file" "$inputs" "$outputs" "$shapes" "$atol" "$rtol"
done 3<runtime_check/interop/graphs/MANIFEST
# The README's example (examples/MANIFEST holds the same line; it is not visible here).
if [[ ${#wanted[@]} -eq 0 || -n "${wanted[mnist_cnn]:-}" ]]; then
  check examples/mnist_cnn.pbtxt image probabilities 1,28,28,1 1e-05 1e-05
fi

echo "evaluator vs tfjs: $passed passed, ${#failed[@]} failed, $unevaluable unevaluable${failed:+ (${failed[*]})}"
[[ ${#failed[@]} -eq 0 && $((passed + unevaluable)) -gt 0 ]]

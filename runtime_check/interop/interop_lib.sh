# Shared steps of the interop checks (sourced by run_interop.sh, real_models_test.sh and
# examples/run_example.sh):
#
#   source runtime_check/interop/interop_lib.sh
#   interop_require_validators          # SKIPs (exit 0) or FAILs when missing
#   interop_convert "$TFLITE_CONVERT" graph.pbtxt out.tflite "x" "probs" "1,28,28,1" log
#   interop_run_litert out.tflite litert.json used.json log
#   interop_run_tfjs graph.pb "probs" "x" "1,28,28,1" used.json tfjs.json workdir
#   interop_compare litert.json tfjs.json 1e-5 1e-5 compare.log   # sets INTEROP_MAX_ABS
#
# The validators live in $TFCONV_SHARED_DIR/validators (the scripts) and $TFLITE_VALIDATORS_DIR
# (the npm runtimes LiteRT.js and tfjs). Every function returns non-zero on failure, writes its
# tools' output to the log it is given and leaves the reason in INTEROP_ERROR.

INTEROP_ERROR=""
INTEROP_MAX_ABS=""

# Prints why the validators cannot run (nothing when they can).
interop_validators_problem() {
  if [[ -z "${TFCONV_SHARED_DIR:-}" ]]; then
    echo "TFCONV_SHARED_DIR is not set (tools/test.sh sets it to ../shared)"
  elif [[ ! -f "$TFCONV_SHARED_DIR/validators/run_litert.mjs" ]]; then
    echo "no validators in $TFCONV_SHARED_DIR/validators"
  elif [[ -z "${TFLITE_VALIDATORS_DIR:-}" ]]; then
    echo "TFLITE_VALIDATORS_DIR is not set (run ../shared/validators/setup.sh)"
  elif [[ ! -d "$TFLITE_VALIDATORS_DIR/node_modules/@litertjs/core" ||
          ! -d "$TFLITE_VALIDATORS_DIR/node_modules/@tensorflow/tfjs-converter" ]]; then
    echo "LiteRT.js/tfjs are not installed in $TFLITE_VALIDATORS_DIR (run ../shared/validators/setup.sh)"
  elif ! command -v node >/dev/null 2>&1; then
    echo "node is not on PATH"
  elif ! command -v python3 >/dev/null 2>&1; then
    echo "python3 is not on PATH"
  fi
}

# Missing validators are a failure in CI (CI=true) and a SKIP elsewhere (exit 0): a developer
# without ../shared can still run the rest of the suite.
interop_require_validators() {
  local missing
  missing=$(interop_validators_problem)
  if [[ -n "$missing" ]]; then
    if [[ "${CI:-}" == "true" ]]; then
      echo "FAIL: $missing"
      exit 1
    fi
    echo "SKIP: $missing"
    exit 0
  fi
  export TFLITE_VALIDATORS_DIR
}

# interop_convert CONVERTER GRAPH OUT.tflite INPUTS OUTPUTS SHAPES LOG [extra flags...]
interop_convert() {
  local converter=$1 graph=$2 out=$3 inputs=$4 outputs=$5 shapes=$6 log=$7
  shift 7
  local flags=(--graph_def_file="$graph" --output_file="$out" --input_arrays="$inputs"
               --output_arrays="$outputs")
  # "-" leaves the shapes to the graph; "" is the official syntax for one scalar input.
  [[ "$shapes" != "-" ]] && flags+=(--input_shapes="$shapes")
  if ! "$converter" "${flags[@]}" "$@" >"$log" 2>&1 || [[ ! -s "$out" ]]; then
    INTEROP_ERROR="conversion failed: $(interop_tail "$log" 12)"
    return 1
  fi
}

# interop_run_litert MODEL.tflite OUT.json SAVE_INPUTS.json LOG [--inputs in.json]
# Without --inputs the runner feeds the default pattern; SAVE_INPUTS.json records what it fed.
interop_run_litert() {
  local model=$1 out=$2 used=$3 log=$4
  shift 4
  if ! node "$TFCONV_SHARED_DIR/validators/run_litert.mjs" "$model" --out "$out" --save-inputs "$used" "$@" >"$log" 2>&1; then
    INTEROP_ERROR="LiteRT.js failed on $(basename "$model"): $(interop_tail "$log")"
    return 1
  fi
}

# interop_run_tfjs GRAPH.pb OUTPUTS INPUTS SHAPES INPUTS.json OUT.json WORKDIR
# OUTPUTS/INPUTS are comma-separated node names, SHAPES in tflite_convert syntax ("1,2:3"; "" is one
# scalar; "-" keeps the graph's own shapes). Writes WORKDIR/tfjs/model.json and the logs.
interop_run_tfjs() {
  local pb=$1 outputs=$2 inputs=$3 shapes=$4 in_json=$5 out=$6 work=$7
  local args=() names dims i
  IFS=, read -ra names <<<"$outputs"
  for i in "${names[@]}"; do args+=(--output "$i"); done
  if [[ "$shapes" != "-" ]]; then
    IFS=, read -ra names <<<"$inputs"
    IFS=: read -ra dims <<<"$shapes"
    for i in "${!names[@]}"; do args+=(--shape "${names[$i]}=${dims[$i]:-}"); done
  fi
  if ! python3 "$TFCONV_SHARED_DIR/validators/graphdef_to_tfjs.py" "$pb" "$work/tfjs" "${args[@]}" >"$work/graphdef_to_tfjs.log" 2>&1; then
    INTEROP_ERROR="graphdef_to_tfjs.py failed: $(interop_tail "$work/graphdef_to_tfjs.log")"
    return 1
  fi
  if ! node "$TFCONV_SHARED_DIR/validators/run_tfgraph.cjs" "$work/tfjs/model.json" --inputs "$in_json" --out "$out" \
      >"$work/tfjs.log" 2>&1; then
    INTEROP_ERROR="tfjs failed: $(interop_tail "$work/tfjs.log")"
    return 1
  fi
}

# interop_compare OURS.json REFERENCE.json ATOL RTOL LOG
# Shapes must agree exactly and dtypes too; sets INTEROP_MAX_ABS (largest over all outputs).
interop_compare() {
  local ours=$1 ref=$2 atol=$3 rtol=$4 log=$5 status=0
  python3 "$TFCONV_SHARED_DIR/validators/compare_outputs.py" "$ours" "$ref" --atol "$atol" --rtol "$rtol" --strict-shape \
    >"$log" 2>&1 || status=$?
  INTEROP_MAX_ABS=$(sed -n 's/.*max_abs=\([^ ]*\).*/\1/p' "$log" |
    python3 -c 'import sys; v=[float(x) for x in sys.stdin.read().split()]; print("%.3g" % max(v) if v else "n/a")')
  if [[ $status -ne 0 ]]; then
    INTEROP_ERROR="outputs differ: $(grep -E '^DIFF|unmatched|^cannot' "$log" | tr '\n' ';' | sed 's/;$//')"
    return 1
  fi
  local dtype_problem
  dtype_problem=$(python3 - "$ours" "$ref" <<'PY'
import json, sys
ours, ref = (json.load(open(p)) for p in sys.argv[1:3])
ref_by_name = {str(r.get("name", "")).split(":")[0]: r for r in ref}
for o in ours:
    r = ref_by_name.get(str(o.get("name", "")).split(":")[0])
    if r is not None and o.get("dtype") != r.get("dtype"):
        print("%s is %s, the source graph gives %s" % (o.get("name"), o.get("dtype"), r.get("dtype")))
PY
)
  if [[ -n "$dtype_problem" ]]; then
    INTEROP_ERROR="dtype differs: $dtype_problem"
    return 1
  fi
}

# The last meaningful lines of a log, on one line (for a one-line verdict).
interop_tail() {
  grep -v '^\s*$' "$1" 2>/dev/null | tail -n "${2:-3}" | tr '\n' ' ' | cut -c1-600
}

# interop_op_list MODEL.tflite SCHEMA.fbs WORKDIR: prints the operators of subgraph 0 in execution
# order, comma-separated (builtin names; CUSTOM ops as CUSTOM:<custom_code>). Read with Debian's
# flatc, independently of our own reader.
interop_op_list() {
  local model=$1 schema=$2 work=$3
  mkdir -p "$work/flatc"
  if ! flatc --json --strict-json --defaults-json --raw-binary -o "$work/flatc" "$schema" -- "$model" \
      >"$work/flatc.log" 2>&1; then
    INTEROP_ERROR="flatc cannot read $(basename "$model"): $(interop_tail "$work/flatc.log")"
    return 1
  fi
  python3 - "$work/flatc/$(basename "${model%.*}").json" "$schema" <<'PY'
import json, re, sys
model = json.load(open(sys.argv[1]))
# Files from old converters leave builtin_code at 0 (ADD) and set only deprecated_builtin_code.
enum = re.search(r"enum BuiltinOperator[^{]*{([^}]*)}", open(sys.argv[2]).read()).group(1)
by_number = {int(v): k for k, v in re.findall(r"(\w+)\s*=\s*(-?\d+)", enum)}
codes = model.get("operator_codes", [])
names = []
for op in model["subgraphs"][0].get("operators", []):
    code = codes[op.get("opcode_index", 0)]
    name = code.get("builtin_code", "ADD")
    if name == "ADD" and code.get("deprecated_builtin_code", 0) not in (0, 127):
        name = by_number.get(code["deprecated_builtin_code"], name)
    names.append("CUSTOM:" + code.get("custom_code", "") if name == "CUSTOM" else name)
print(",".join(names))
PY
}

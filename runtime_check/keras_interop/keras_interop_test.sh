#!/usr/bin/env bash
# Keras interop: every case of every case file (a Keras 2 model config + input shapes, see
# keras_case.h) is made into a Keras H5 file with deterministic weights (make_keras_case), converted
# by our tflite_convert --keras_model_file and run in LiteRT.js; tfjs-layers runs the same config and
# weights. Both must agree (atol 1e-5, rtol 1e-4 unless the case gives "atol"/"rtol" and a
# "tolerance_reason"). One line per case, then "N passed, M failed, K unchecked"; exit 1 on any failure.
# UNCHECKED: tfjs-layers cannot run the case as Keras does (keras_config_for_tfjs.cjs says why); it is
# still converted and run in LiteRT.js when its weights are known, and a failure there is a FAIL.
#
# Node starts dominate the run time, so each node tool runs all cases in one process.
set -uo pipefail

source runtime_check/interop/interop_lib.sh
interop_require_validators
source runtime_check/keras_interop/keras_interop_lib.sh
keras_require_tfjs_layers

HERE=runtime_check/keras_interop
CONVERTER=converter/tflite_convert
MAKE_CASE=$HERE/make_keras_case
SCRATCH=${TEST_TMPDIR:-$(mktemp -d)}
ATOL=1e-5
RTOL=1e-4
for tool in "$CONVERTER" "$MAKE_CASE"; do
  [[ -x "$tool" ]] || { echo "FAIL: $tool is missing from the runfiles"; exit 1; }
done

shopt -s nullglob
CASE_FILES=("$HERE"/testdata/*_cases.json plugins/keras/testdata/cases_*.json)
shopt -u nullglob

# file <TAB> name <TAB> atol <TAB> rtol <TAB> batch, one line per case; duplicate names are an error.
# The batch (the first dimension all input shapes share) is given to tflite_convert --batch_size:
# LiteRT.js cannot resize inputs, and Keras configs leave the batch open.
LIST="$SCRATCH/cases.tsv"
if ! python3 - "$ATOL" "$RTOL" "${CASE_FILES[@]}" >"$LIST" 2>"$SCRATCH/list.log" <<'PY'
import json, sys
atol, rtol, files = sys.argv[1], sys.argv[2], sys.argv[3:]
seen = {}
for f in files:
    for c in json.load(open(f)):
        name = c["name"]
        if name in seen:
            sys.exit("case %s is in both %s and %s" % (name, seen[name], f))
        seen[name] = f
        if ("atol" in c or "rtol" in c) and not c.get("tolerance_reason"):
            sys.exit("%s: case %s sets a tolerance without a tolerance_reason" % (f, name))
        batches = {s[0] for s in c.get("input_shapes", []) if s}
        batch = batches.pop() if len(batches) == 1 else 0
        print("%s\t%s\t%s\t%s\t%s" % (f, name, c.get("atol", atol), c.get("rtol", rtol), batch))
PY
then
  echo "FAIL: cannot list the cases: $(interop_tail "$SCRATCH/list.log")"
  exit 1
fi
[[ -s "$LIST" ]] || { echo "FAIL: no cases in ${CASE_FILES[*]}"; exit 1; }

# What tfjs-layers finds the layers' weights to be (names, shapes), for all cases at once.
SPECS="$SCRATCH/specs.json"
if ! node "$HERE/keras_weight_specs.cjs" "${CASE_FILES[@]}" --out "$SPECS" >"$SCRATCH/specs.log" 2>&1; then
  echo "FAIL: keras_weight_specs.cjs: $(interop_tail "$SCRATCH/specs.log")"
  exit 1
fi

declare -A STAGE_ERROR  # case -> why it failed
declare -A UNCHECKED    # case -> why tfjs-layers gives no reference
made=()
converted=()
while IFS=$'\t' read -r file name atol rtol batch; do
  work="$SCRATCH/cases/$name"
  rm -rf "$work" && mkdir -p "$work"
  "$MAKE_CASE" "$file" "$name" "$work" --specs "$SPECS" </dev/null >"$work/make.log" 2>&1
  status=$?
  if ((status == 3)); then  # no weight shapes in the case, and tfjs-layers cannot build it
    UNCHECKED[$name]="cannot be made: $(interop_tail "$work/make.log")"
    continue
  elif ((status != 0)); then
    STAGE_ERROR[$name]="make_keras_case: $(interop_tail "$work/make.log")"
    continue
  fi
  if [[ -s "$work/tfjs_cannot_run.txt" ]]; then
    UNCHECKED[$name]="tfjs-layers: $(head -c 300 "$work/tfjs_cannot_run.txt")"
  else
    made+=("$work")
  fi
  batch_flag=()
  ((batch > 0)) && batch_flag=(--batch_size="$batch")
  if ! "$CONVERTER" --keras_model_file="$work/model.h5" --output_file="$work/m.tflite" "${batch_flag[@]}" \
       </dev/null >"$work/convert.log" 2>&1 || [[ ! -s "$work/m.tflite" ]]; then
    STAGE_ERROR[$name]="convert: $(interop_tail "$work/convert.log" 4)"
    continue
  fi
  converted+=("$work")
done <"$LIST"

# LiteRT.js on all our .tflite files in one process. A case that takes the process down (a wasm
# abort) is blamed and the rest run again.
pending=("${converted[@]}")
round=0
while ((${#pending[@]})); do
  round=$((round + 1))
  log="$SCRATCH/litert.$round.log"
  node "$HERE/run_litert_cases.mjs" "${pending[@]}" >"$log" 2>&1
  status=$?
  rest=()
  for work in "${pending[@]}"; do
    line=$(grep -F "FAIL $work: " "$log" | head -1)
    if [[ -n "$line" ]]; then
      echo "${line#"FAIL $work: "}" >"$work/litert.failed"
    elif ! grep -qxF "ok $work" "$log"; then
      rest+=("$work")
    fi
  done
  if ((${#rest[@]})); then
    if ((status == 0 || status == 1)); then  # ended normally without a word on them: should not happen
      for work in "${rest[@]}"; do echo "no result: $(interop_tail "$log")" >"$work/litert.failed"; done
      break
    fi
    echo "the LiteRT.js process ended (status $status): $(interop_tail "$log")" >"${rest[0]}/litert.failed"
    rest=("${rest[@]:1}")
  fi
  pending=("${rest[@]}")
done

# tfjs-layers on every case it runs as Keras does, in one process.
if ((${#made[@]})); then
  node "$HERE/run_tfjs_layers.cjs" --cases "${made[@]}" >"$SCRATCH/tfjs_layers.log" 2>&1
fi

# Why each case failed or has no reference; the rest are compared, all in one Python process.
declare -A VERDICT
COMPARE_LIST="$SCRATCH/compare.tsv"
: >"$COMPARE_LIST"
while IFS=$'\t' read -r file name atol rtol batch; do
  work="$SCRATCH/cases/$name"
  if [[ -z "${STAGE_ERROR[$name]:-}" && -e "$work/litert.failed" ]]; then
    STAGE_ERROR[$name]="LiteRT.js: $(head -c 600 "$work/litert.failed")"
  fi
  [[ -n "${STAGE_ERROR[$name]:-}" || -n "${UNCHECKED[$name]:-}" ]] && continue
  if [[ ! -s "$work/tfjs_layers.json" ]]; then
    tfjs_error=$(grep -F "FAIL $work: " "$SCRATCH/tfjs_layers.log" | sed "s|^FAIL $work: ||" | head -1)
    [[ -z "$tfjs_error" ]] && tfjs_error=$(interop_tail "$SCRATCH/tfjs_layers.log")
    # tfjs-layers saying it lacks a feature is no fault of ours; any other failure is.
    if grep -qiE 'not (yet )?(supported|implemented)' <<<"$tfjs_error"; then
      UNCHECKED[$name]="tfjs-layers: $tfjs_error"
    else
      STAGE_ERROR[$name]="tfjs-layers: $tfjs_error"
    fi
    continue
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$work/litert.json" "$work/tfjs_layers.json" "$atol" "$rtol" >>"$COMPARE_LIST"
done <"$LIST"
if [[ -s "$COMPARE_LIST" ]]; then
  python3 "$HERE/compare_cases.py" "$TFCONV_SHARED_DIR/validators/compare_outputs.py" "$COMPARE_LIST" \
    >"$SCRATCH/compare.out" 2>"$SCRATCH/compare.log"
  while IFS=$'\t' read -r name verdict max_abs why; do
    if [[ "$verdict" == PASS ]]; then
      VERDICT[$name]="max_abs=$max_abs"
    else
      STAGE_ERROR[$name]="max_abs=$max_abs $why"
    fi
  done <"$SCRATCH/compare.out"
fi

passed=0
failed=0
unchecked=0
while IFS=$'\t' read -r file name atol rtol batch; do
  why=${STAGE_ERROR[$name]:-}
  why=${why//"$SCRATCH/cases/"/}  # the scratch path says nothing
  if [[ -n "$why" ]]; then
    printf 'FAIL      %-44s %s\n' "$name" "$why"
    failed=$((failed + 1))
  elif [[ -n "${UNCHECKED[$name]:-}" ]]; then
    # Converted and run in LiteRT.js (unless it could not be made), but nothing to compare with.
    printf 'UNCHECKED %-44s %s\n' "$name" "${UNCHECKED[$name]}"
    unchecked=$((unchecked + 1))
  elif [[ -n "${VERDICT[$name]:-}" ]]; then
    printf 'PASS      %-44s %s\n' "$name" "${VERDICT[$name]}"
    passed=$((passed + 1))
  else
    printf 'FAIL      %-44s %s\n' "$name" "not compared: $(interop_tail "$SCRATCH/compare.log")"
    failed=$((failed + 1))
  fi
done <"$LIST"

echo "$passed passed, $failed failed, $unchecked unchecked (no tfjs-layers reference)"
((failed == 0))

# Helpers of the quantization command tests (sourced). The caller sets BIN (the runfiles root), T (a
# scratch folder), TOOL (the command under test) and TOOL_INPUT_ARGS (the flags naming its input model).
failures=0
passed=0
CONVERT="$BIN/converter/tflite_convert"
RUN="$BIN/runtime_check/tflite_run"
MNIST="$BIN/examples/mnist_cnn.pbtxt"
MNIST_ARGS=(--graph_def_file="$MNIST" --input_arrays=image --output_arrays=probabilities --input_shapes=1,28,28,1)

ok() {
  local line
  line=$(grep -m1 -E 'error|wrote|quantized' <<<"$2" || head -1 <<<"$2")
  echo "ok   $1: ${line:0:170}"
  passed=$((passed + 1))
}
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# check NAME RC OUTPUT EXPECTED_SUBSTRING zero|nonzero
check() {
  local name=$1 rc=$2 msg=$3 want=$4 expect=$5
  if [[ $expect == zero && $rc -ne 0 ]]; then fail "$name" "exit code $rc: $msg"; return; fi
  if [[ $expect == nonzero && $rc -eq 0 ]]; then fail "$name" "exit code 0: $msg"; return; fi
  if [[ "$msg" != *"$want"* ]]; then fail "$name" "output lacks '$want':"$'\n'"$msg"; return; fi
  ok "$name" "$msg"
}

# expect_in NAME TEXT EXPECTED_SUBSTRING
expect_in() {
  if [[ "$2" == *"$3"* ]]; then ok "$1" "$3"; else fail "$1" "lacks '$3'"; fi
}

# expect_error NAME EXPECTED_SUBSTRING ARGS...: a non-zero exit, the message, and no output file.
expect_error() {
  local name=$1 want=$2
  shift 2
  rm -f "$T/out.tflite"
  local msg rc
  msg=$("$TOOL" "$@" --output_file="$T/out.tflite" 2>&1)
  rc=$?
  if [[ -e "$T/out.tflite" ]] || ls "$T"/out.tflite.tmp* >/dev/null 2>&1; then
    fail "$name" "an output file was left behind"; return
  fi
  check "$name" $rc "$msg" "$want" nonzero
}

# quantize_ok NAME OUT.tflite ARGS...: runs the tool on its input model; the log is in QUANTIZE_LOG.
quantize_ok() {
  local name=$1 out=$2
  shift 2
  QUANTIZE_LOG=$("$TOOL" "${TOOL_INPUT_ARGS[@]}" --output_file="$out" "$@" 2>&1)
  local rc=$?
  if [[ $rc -ne 0 || ! -s "$out" ]]; then fail "$name" "exit code $rc: $QUANTIZE_LOG"; return 1; fi
  ok "$name" "$QUANTIZE_LOG"
}

# run_ok NAME MODEL DTYPE: the model runs in the reference interpreter, with DTYPE input and output.
run_ok() {
  local name=$1 model=$2 dtype=$3 msg rc
  msg=$("$RUN" --model="$model" 2>&1)
  rc=$?
  if [[ $rc -ne 0 ]]; then fail "${name}_runs" "tflite_run exit code $rc: $msg"; return; fi
  if ! grep -q "^input .* $dtype\$" <<<"$msg" || ! grep -q "^output .* $dtype \[" <<<"$msg"; then
    fail "${name}_runs" "expected $dtype input and output:"$'\n'"$msg"; return
  fi
  ok "${name}_runs" "$(grep -m1 '^output' <<<"$msg")"
}

# same_bytes NAME A B
same_bytes() {
  if cmp -s "$2" "$3"; then ok "$1" "identical bytes"; else fail "$1" "$(basename "$2") and $(basename "$3") differ"; fi
}

make_float_model() {
  local msg
  if ! msg=$("$CONVERT" "${MNIST_ARGS[@]}" --output_file="$1" 2>&1); then
    echo "FAIL: cannot convert the example model: $msg"; return 1
  fi
}

# make_json_dataset FILE N: N samples of the example's image input, values in [0, 1].
make_json_dataset() {
  awk -v n="$2" 'BEGIN {
    printf "[";
    for (k = 0; k < n; k++) {
      if (k) printf ",\n";
      printf "[{\"name\": \"image\", \"shape\": [1, 28, 28, 1], \"dtype\": \"float32\", \"data\": [";
      for (i = 0; i < 784; i++) { if (i) printf ","; printf "%.6g", 0.5 + 0.5 * sin(0.37 * i + 1.3 * k) }
      printf "]}]";
    }
    printf "]\n";
  }' > "$1"
}

# write_npy FILE DESCR SHAPE BYTES: a .npy (version 1.0) holding BYTES zero bytes.
write_npy() {
  local file=$1 descr=$2 shape=$3 bytes=$4
  local header="{'descr': '$descr', 'fortran_order': False, 'shape': $shape, }"
  local pad=$(( (64 - (10 + ${#header} + 1) % 64) % 64 ))
  header="$header$(printf '%*s' "$pad" '')"
  local len=$(( ${#header} + 1 ))
  {
    printf '\x93NUMPY\x01\x00'
    printf "\\x$(printf %02x $((len & 255)))\\x$(printf %02x $((len >> 8)))"
    printf '%s\n' "$header"
    head -c "$bytes" /dev/zero
  } > "$file"
}

# litert_matches NAME MODEL [KNOWN_MAX_DIFF]: LiteRT.js and tflite_run give the same outputs, bit
# for bit, on the shared default input. KNOWN_MAX_DIFF > 0 marks a known, reported difference:
# differences up to it are printed as KNOWN (not a failure), larger ones fail. Skipped when the
# validators are not installed (a failure under CI=true).
litert_matches() {
  local name=$1 model=$2 known=${3:-0}
  local runner="${TFCONV_SHARED_DIR:-}/validators/run_litert.mjs"
  if [[ ! -f "$runner" || ! -d "${TFLITE_VALIDATORS_DIR:-}/node_modules/@litertjs/core" ]]; then
    if [[ "${CI:-}" == true ]]; then fail "${name}_litert" "validators not installed (TFCONV_SHARED_DIR, TFLITE_VALIDATORS_DIR)"; fi
    echo "skip ${name}_litert: LiteRT.js not installed (set TFCONV_SHARED_DIR and TFLITE_VALIDATORS_DIR)"
    return
  fi
  local dir="$T/litert_$name"
  mkdir -p "$dir"
  if ! node "$runner" "$model" --out "$dir/litert.json" --save-inputs "$dir/used.json" >"$dir/log" 2>&1; then
    fail "${name}_litert" "LiteRT.js failed: $(tail -3 "$dir/log")"; return
  fi
  if ! "$RUN" --model="$model" --inputs="$dir/used.json" --output="$dir/ours.json" >"$dir/log" 2>&1; then
    fail "${name}_litert" "tflite_run failed: $(tail -3 "$dir/log")"; return
  fi
  local diff
  diff=$(node -e '
    const fs = require("fs");
    const a = JSON.parse(fs.readFileSync(process.argv[1])), b = JSON.parse(fs.readFileSync(process.argv[2]));
    let bad = a.length === b.length ? 0 : 1, n = 0, max = 0;
    for (let k = 0; k < Math.min(a.length, b.length); ++k) {
      if (a[k].dtype !== b[k].dtype || a[k].data.length !== b[k].data.length) { bad++; max = Infinity; continue; }
      for (let i = 0; i < a[k].data.length; ++i) {
        n++;
        if (a[k].data[i] !== b[k].data[i]) { bad++; max = Math.max(max, Math.abs(a[k].data[i] - b[k].data[i])); }
      }
    }
    console.log(bad + " of " + n + " values differ, by at most " + max);' "$dir/litert.json" "$dir/ours.json" 2>&1)
  if [[ "$diff" == "0 of "* ]]; then
    ok "${name}_litert" "bit-exact with LiteRT.js: $diff"
  elif [[ "$known" != 0 ]] && node -e 'process.exit(Number(process.argv[1]) <= Number(process.argv[2]) ? 0 : 1)' \
      "${diff##* }" "$known"; then
    echo "KNOWN ${name}_litert: $diff (a known difference of at most $known, see the test)"
  else
    fail "${name}_litert" "$diff"
  fi
}

finish() {
  echo "$passed passed, $failures failed"
  [[ $failures -eq 0 ]]
}

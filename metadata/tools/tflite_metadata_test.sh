#!/usr/bin/env bash
# tflite_metadata on the real mobilenet_v2 1.0 224 quant model (tflite-support's metadata writer
# test model): populate with the image classifier template, then display / list / extract, check
# the file with `unzip -l` and in LiteRT.js (outputs unchanged); bad input exits non-zero with a
# clear message and leaves no output file.
set -uo pipefail
TOOL="$TEST_SRCDIR/tfconv/metadata/tools/tflite_metadata"
T="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
passed=0
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
ok() { echo "ok   $1"; passed=$((passed + 1)); }

SHARED="${TFCONV_SHARED_DIR:-}"
DATA="$SHARED/testdata/real/tflite_support/metadata_mobilenet_v2_quant"
if [[ -z "$SHARED" || ! -f "$DATA/mobilenet_v2_1.0_224_quant.tflite" ]]; then
  if [[ "${CI:-}" == "true" ]]; then echo "FAIL: the shared test data is missing (TFCONV_SHARED_DIR)"; exit 1; fi
  echo "SKIP: the shared test data is missing (set TFCONV_SHARED_DIR)"
  exit 0
fi
MODEL="$DATA/mobilenet_v2_1.0_224_quant.tflite"

printf '0.9876,0.0012,0.1\n\n0.5,0.25,-1.0,0.01\n' > "$T/score_calibration.txt"
cat > "$T/desc.json" <<JSON
{
  "task": "image_classifier",
  "normalization": {"mean": [127.5], "std": [127.5]},
  "labels": ["$DATA/labels.txt"],
  "score_calibration": {"transformation": "LOG", "default_score": 0.2, "file": "score_calibration.txt"}
}
JSON

# --- populate, display, list, extract ---------------------------------------------------------
if "$TOOL" --model="$MODEL" --metadata="$T/desc.json" --output="$T/out.tflite" 2>"$T/populate.log"; then
  ok "populate"
else
  fail "populate: $(cat "$T/populate.log")"
fi
"$TOOL" --model="$T/out.tflite" --display >"$T/shown.json" 2>"$T/display.log" || fail "display: $(cat "$T/display.log")"
# The official golden JSON is the buffer before min_parser_version is added (1.0.0 here).
if python3 - "$T/shown.json" "$DATA/mobilenet_v2_1.0_224_quant.json" <<'PY'
import json, sys
ours = json.load(open(sys.argv[1]))
want = json.load(open(sys.argv[2]))
assert ours.pop("min_parser_version") == "1.0.0", "min_parser_version"
sys.exit(0 if ours == want else 1)
PY
then ok "--display equals the official writer's JSON"; else fail "--display differs: $(head -c 400 "$T/shown.json")"; fi

listed=$("$TOOL" --model="$T/out.tflite" --list_files 2>&1)
if [[ "$listed" == $'labels.txt\nscore_calibration.txt' ]]; then ok "--list_files"; else fail "--list_files gave: $listed"; fi

if command -v unzip >/dev/null 2>&1; then
  if unzip -l "$T/out.tflite" 2>&1 | grep -q " labels.txt$"; then ok "unzip -l lists labels.txt"
  else fail "unzip -l: $(unzip -l "$T/out.tflite" 2>&1 | head -5)"; fi
fi

if "$TOOL" --model="$T/out.tflite" --extract_files="$T/extracted" >"$T/extract.log" 2>&1 &&
   cmp -s "$T/extracted/labels.txt" "$DATA/labels.txt" &&
   cmp -s "$T/extracted/score_calibration.txt" "$T/score_calibration.txt"; then
  ok "--extract_files gives the packed files back byte for byte"
else
  fail "--extract_files: $(cat "$T/extract.log")"
fi

# Populating the populated model again gives the same bytes (replaced, not stacked).
"$TOOL" --model="$T/out.tflite" --metadata="$T/desc.json" --output="$T/again.tflite" 2>/dev/null
if cmp -s "$T/out.tflite" "$T/again.tflite"; then ok "re-populating is byte-identical"
else fail "re-populating changed the file ($(stat -c %s "$T/out.tflite") vs $(stat -c %s "$T/again.tflite") bytes)"; fi

# --- LiteRT.js: the model still runs, with the same outputs --------------------------------------
RUNNER="$SHARED/validators/run_litert.mjs"
if [[ -f "$RUNNER" && -n "${TFLITE_VALIDATORS_DIR:-}" && -d "${TFLITE_VALIDATORS_DIR}/node_modules/@litertjs/core" ]] &&
   command -v node >/dev/null 2>&1; then
  if node "$RUNNER" "$MODEL" --out "$T/before.json" >"$T/litert1.log" 2>&1 &&
     node "$RUNNER" "$T/out.tflite" --out "$T/after.json" >"$T/litert2.log" 2>&1; then
    if python3 - "$T/before.json" "$T/after.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert len(a) == 1 and len(a[0]["data"]) == 1001, "expected one 1001-class output"
sys.exit(0 if [o["data"] for o in a] == [o["data"] for o in b] else 1)
PY
    then ok "LiteRT.js runs the populated model with unchanged outputs (1001 classes)"
    else fail "LiteRT.js outputs differ"; fi
  else
    fail "LiteRT.js: $(tail -3 "$T/litert1.log" "$T/litert2.log")"
  fi
elif [[ "${CI:-}" == "true" ]]; then
  fail "LiteRT.js validators are missing (TFLITE_VALIDATORS_DIR)"
else
  echo "SKIP LiteRT.js check: validators not installed"
fi

# --- bad input ---------------------------------------------------------------------------------
# expect_error NAME EXPECTED_SUBSTRING ARGS...
expect_error() {
  local name=$1 want=$2
  shift 2
  rm -f "$T/bad.tflite"
  local msg rc
  msg=$("$TOOL" "$@" 2>&1)
  rc=$?
  if [[ $rc -eq 0 ]]; then fail "$name: exit code 0"; return; fi
  if [[ "$msg" != *"$want"* ]]; then fail "$name: message lacks '$want': $msg"; return; fi
  if [[ -e "$T/bad.tflite" ]] || ls "$T"/bad.tflite.tmp-* >/dev/null 2>&1; then
    fail "$name: an output file was left behind"; return
  fi
  ok "$name: $(echo "$msg" | head -1 | cut -c1-160)"
}

echo '{"task": "image_classifier", "normalisation": {"mean": [127.5], "std": [127.5]}}' > "$T/unknown.json"
expect_error "unknown field" 'unknown field "normalisation"' --model="$MODEL" --metadata="$T/unknown.json" --output="$T/bad.tflite"
echo '{"inputs": [{"name": "a"}, {"name": "b"}]}' > "$T/count.json"
expect_error "tensor count" "describes 2 input tensors but subgraph 0 has 1 input" \
  --model="$MODEL" --metadata="$T/count.json" --output="$T/bad.tflite"
echo '{"task": "image_classifier", "labels": ["missing_labels.txt"]}' > "$T/missing.json"
expect_error "missing associated file" "missing_labels.txt" --model="$MODEL" --metadata="$T/missing.json" --output="$T/bad.tflite"
echo '{"task": "image_classifier", ' > "$T/syntax.json"
expect_error "not JSON" "not valid JSON" --model="$MODEL" --metadata="$T/syntax.json" --output="$T/bad.tflite"
expect_error "extra file" "is not named by the metadata" --model="$MODEL" --metadata="$T/desc.json" \
  --associated_files="$T/syntax.json" --output="$T/bad.tflite"
head -c 5000 /dev/urandom > "$T/garbage.tflite"
expect_error "not a model" "garbage.tflite" --model="$T/garbage.tflite" --metadata="$T/desc.json" --output="$T/bad.tflite"
expect_error "no metadata to display" "has no TFLITE_METADATA" --model="$MODEL" --display
expect_error "no output" "--output" --model="$MODEL" --metadata="$T/desc.json"
expect_error "nothing to do" "nothing to do" --model="$MODEL"
# A damaged zip: one byte of the packed labels changed, so its CRC no longer matches.
python3 - "$T/out.tflite" "$T/damaged.tflite" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.rindex(b"goldfish")
data[at] ^= 0x20
open(sys.argv[2], "wb").write(data)
PY
expect_error "damaged zip" "damaged.tflite" --model="$T/damaged.tflite" --extract_files="$T/damaged_out"

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]

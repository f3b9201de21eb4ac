#!/usr/bin/env bash
# --external_buffer_threshold: a small synthetic SavedModel (y = x + v0 + v1, 2 x 600 float32
# weights of 2400 bytes) converted with the threshold 1024 and without it. Checks:
#   1. with the flag (a threshold on all buffers' total), no buffer has inline data and the weights
#      have offset/size placing them after the flatbuffer, inside the file; without it, the weights
#      are inline;
#   2. LiteRT.js and our tflite_run run both files, and all four outputs equal the model's documented
#      maths (y[j] = x[j] + sum_i ((7 i + j) mod 13 - 6) / 1024, exact in float32).
# Runs as a test (sh_test) and from large_model.sh (TFCONV_BIN = bazel-bin).
set -uo pipefail

BIN=${TFCONV_BIN:-.}
MAKE=$BIN/converter/frontend/checkpoint/make_synthetic_saved_model
CONVERT=$BIN/converter/tflite_convert
RUN=$BIN/runtime_check/tflite_run
SHARED=${TFCONV_SHARED_DIR:-}
WORK=${TEST_TMPDIR:-$(mktemp -d)}
mkdir -p "$WORK"

skip_or_fail() {
  [[ "${CI:-}" == "true" ]] && { echo "FAIL: $1"; exit 1; }
  echo "SKIP: $1"
  exit 0
}
[[ -f "$SHARED/validators/run_litert.mjs" ]] || skip_or_fail "no $SHARED/validators (set TFCONV_SHARED_DIR)"
[[ -d "${TFLITE_VALIDATORS_DIR:-/nonexistent}" ]] || skip_or_fail "no LiteRT.js runtime (set TFLITE_VALIDATORS_DIR)"
command -v node >"$WORK/discard.log" || skip_or_fail "node is not installed"
export TFLITE_VALIDATORS_DIR

failures=0
check() {  # check NAME STATUS DETAIL
  printf '%-40s %s %s\n' "$1" "$2" "${3:-}"
  [[ "$2" == PASS ]] || failures=$((failures + 1))
}

rm -rf "$WORK/model"
"$MAKE" --out="$WORK/model" --variables=2 --variable_elements=600 >"$WORK/discard.log" || { echo "FAIL: make_synthetic_saved_model"; exit 1; }
"$CONVERT" --saved_model_dir="$WORK/model" --output_file="$WORK/inline.tflite" >"$WORK/inline.log" 2>&1 ||
  { echo "FAIL: convert: $(tail -3 "$WORK/inline.log")"; exit 1; }
"$CONVERT" --saved_model_dir="$WORK/model" --output_file="$WORK/external.tflite" --external_buffer_threshold=1024 \
  >"$WORK/external.log" 2>&1 || { echo "FAIL: convert --external_buffer_threshold: $(tail -3 "$WORK/external.log")"; exit 1; }

# Buffers of a .tflite, read straight from the flatbuffer: Model field 4 = buffers; Buffer fields
# 0 = data ([ubyte]), 1 = offset (ulong), 2 = size (ulong). Prints "inline N external M" or an error.
buffer_layout() {
  python3 - "$1" "$2" <<'PY'
import struct, sys
path, mode = sys.argv[1], sys.argv[2]
b = open(path, "rb").read()
u32 = lambda o: struct.unpack_from("<I", b, o)[0]
u64 = lambda o: struct.unpack_from("<Q", b, o)[0]
def field(table, i):  # absolute position of field i of the table at `table`, or None
    vt = table - struct.unpack_from("<i", b, table)[0]
    vt_size = struct.unpack_from("<H", b, vt)[0]
    if 4 + 2 * i >= vt_size: return None
    off = struct.unpack_from("<H", b, vt + 4 + 2 * i)[0]
    return table + off if off else None
def vector(pos):  # (start, length) of the vector referenced at pos
    v = pos + u32(pos)
    return v + 4, u32(v)
assert b[4:8] == b"TFL3", "not a TFL3 file"
root = u32(0)
start, n = vector(field(root, 4))
inline = external = 0
ends = []
problems = []
for k in range(n):
    t = start + 4 * k + u32(start + 4 * k)
    d = field(t, 0)
    data_len = vector(d)[1] if d is not None else 0
    off = u64(field(t, 1)) if field(t, 1) is not None else 0
    size = u64(field(t, 2)) if field(t, 2) is not None else 0
    if data_len >= 1024: inline += 1
    if data_len and mode == "external": problems.append("buffer %d (%d bytes) is inline" % (k, data_len))
    if off > 1:
        external += 1
        if data_len: problems.append("buffer %d has both data and offset" % k)
        if off + size > len(b): problems.append("buffer %d ends past the file (%d + %d > %d)" % (k, off, size, len(b)))
        ends.append((off, size))
# External data follows the flatbuffer: nothing of the flatbuffer (root, vtables, vectors) lies
# after the first external byte, i.e. the buffers table itself comes before it.
if ends and min(o for o, _ in ends) < start: problems.append("external data starts inside the flatbuffer")
print("inline %d external %d%s" % (inline, external, "; " + "; ".join(problems) if problems else ""))
PY
}
layout=$(buffer_layout "$WORK/inline.tflite" inline)
[[ "$layout" == "inline 2 external 0" ]] && check "without flag: weights inline" PASS "$layout" ||
  check "without flag: weights inline" FAIL "$layout"
layout=$(buffer_layout "$WORK/external.tflite" external)
# The threshold applies to the buffers' total: once over it, every non-empty buffer goes after the
# flatbuffer (the 2 weights, and the 16-byte min_runtime_version metadata).
[[ "$layout" =~ ^"inline 0 external "[2-9]$ ]] && check "threshold 1024: weights external" PASS "$layout" ||
  check "threshold 1024: weights external" FAIL "$layout"

# The documented maths on the inputs LiteRT.js used; every run must match it exactly.
expect() {  # expect OUT.json INPUTS.json
  python3 - "$1" "$2" <<'PY'
import json, struct, sys
out = json.load(open(sys.argv[1])); ins = json.load(open(sys.argv[2]))
f32 = lambda v: struct.unpack("<f", struct.pack("<f", v))[0]
x = ins[0]["data"]
y = [f32(f32(x[j] + ((7 * 0 + j) % 13 - 6) / 1024) + ((7 * 1 + j) % 13 - 6) / 1024) for j in range(600)]
got = out[0]["data"]
bad = [j for j in range(600) if got[j] != y[j]]
print("max_abs=%.3g" % max(abs(got[j] - y[j]) for j in range(600)) if not bad else "differs at %d places, first %d: %r vs %r" % (len(bad), bad[0], got[bad[0]], y[bad[0]]))
sys.exit(1 if bad else 0)
PY
}
for m in inline external; do
  if node "$SHARED/validators/run_litert.mjs" "$WORK/$m.tflite" --out "$WORK/$m.litert.json" \
      --save-inputs "$WORK/$m.inputs.json" >"$WORK/$m.litert.log" 2>&1; then
    r=$(expect "$WORK/$m.litert.json" "$WORK/$m.inputs.json") && check "$m: LiteRT.js = documented maths" PASS "$r" ||
      check "$m: LiteRT.js = documented maths" FAIL "$r"
  else
    check "$m: LiteRT.js runs" FAIL "$(tail -3 "$WORK/$m.litert.log" | tr '\n' ' ')"
    continue
  fi
  if "$RUN" --model="$WORK/$m.tflite" --inputs="$WORK/$m.inputs.json" --output="$WORK/$m.run.json" \
      >"$WORK/$m.run.log" 2>&1; then
    r=$(expect "$WORK/$m.run.json" "$WORK/$m.inputs.json") && check "$m: tflite_run = documented maths" PASS "$r" ||
      check "$m: tflite_run = documented maths" FAIL "$r"
  else
    check "$m: tflite_run runs" FAIL "$(tail -3 "$WORK/$m.run.log" | tr '\n' ' ')"
  fi
done
echo "$failures failures"
[[ $failures -eq 0 ]]

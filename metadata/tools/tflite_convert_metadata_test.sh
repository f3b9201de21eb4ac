#!/usr/bin/env bash
# tflite_convert's metadata flags: --metadata=desc.json writes TFLITE_METADATA and packs the files,
# CONVERSION_METADATA is written unless --exclude_conversion_metadata, and a bad description fails
# the conversion without leaving an output file.
set -uo pipefail
CONVERT="$TEST_SRCDIR/tfconv/converter/tflite_convert"
INSPECT="$TEST_SRCDIR/tfconv/converter/tflite_inspect"
TOOL="$TEST_SRCDIR/tfconv/metadata/tools/tflite_metadata"
T="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
passed=0
fail() { echo "FAIL $1"; failures=$((failures + 1)); }
ok() { echo "ok   $1"; passed=$((passed + 1)); }

cat > "$T/g.pbtxt" <<'PB'
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "shape" value { shape { dim { size: 1 } dim { size: 3 } } } } }
node { name: "probs" op: "Softmax" input: "x" attr { key: "T" value { type: DT_FLOAT } } }
PB
printf 'cat\ndog\nbird\n' > "$T/labels.txt"
cat > "$T/desc.json" <<'JSON'
{"name": "three classes", "author": "tests", "license": "Apache-2.0",
 "inputs": [{"description": "scores before softmax", "content": {"type": "feature"}}],
 "outputs": [{"description": "class probabilities", "value_range": {"min": [0.0], "max": [1.0]},
              "associated_files": [{"path": "labels.txt", "type": "TENSOR_AXIS_LABELS"}]}]}
JSON

if "$CONVERT" --graph_def_file="$T/g.pbtxt" --output_file="$T/m.tflite" --metadata="$T/desc.json" >"$T/log" 2>&1; then
  ok "convert with --metadata"
else
  fail "convert with --metadata: $(cat "$T/log")"
fi
shown=$("$TOOL" --model="$T/m.tflite" --display 2>&1)
if python3 - "$shown" <<'PY'
import json, sys
m = json.loads(sys.argv[1])
sg = m["subgraph_metadata"][0]
out = sg["output_tensor_metadata"][0]
assert m["name"] == "three classes" and m["author"] == "tests" and m["min_parser_version"] == "1.0.0"
assert sg["input_tensor_metadata"][0]["name"] == "x"
assert out["name"] == "probs" and out["stats"] == {"max": [1.0], "min": [0.0]}
assert out["associated_files"] == [{"name": "labels.txt", "type": "TENSOR_AXIS_LABELS"}]
PY
then ok "--display shows the description"; else fail "--display: $shown"; fi
[[ "$("$TOOL" --model="$T/m.tflite" --list_files 2>&1)" == "labels.txt" ]] && ok "labels.txt is packed" ||
  fail "--list_files: $("$TOOL" --model="$T/m.tflite" --list_files 2>&1)"
inspected=$("$INSPECT" "$T/m.tflite" 2>&1)
for entry in TFLITE_METADATA CONVERSION_METADATA min_runtime_version; do
  [[ "$inspected" == *"'$entry'"* ]] && ok "metadata entry $entry" || fail "no $entry in: $inspected"
done

"$CONVERT" --graph_def_file="$T/g.pbtxt" --output_file="$T/plain.tflite" --exclude_conversion_metadata >"$T/log" 2>&1 ||
  fail "convert with --exclude_conversion_metadata: $(cat "$T/log")"
inspected=$("$INSPECT" "$T/plain.tflite" 2>&1)
if [[ "$inspected" != *CONVERSION_METADATA* && "$inspected" == *min_runtime_version* ]]; then
  ok "--exclude_conversion_metadata leaves it out"
else
  fail "--exclude_conversion_metadata: $inspected"
fi

echo '{"outputs": [{"name": "a"}, {"name": "b"}]}' > "$T/bad.json"
msg=$("$CONVERT" --graph_def_file="$T/g.pbtxt" --output_file="$T/bad.tflite" --metadata="$T/bad.json" 2>&1)
if [[ $? -ne 0 && "$msg" == *"describes 2 output tensors but subgraph 0 has 1 output ('probs')"* && ! -e "$T/bad.tflite" ]]; then
  ok "bad description: $(echo "$msg" | grep error | cut -c1-150)"
else
  fail "bad description: $msg"
fi

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]

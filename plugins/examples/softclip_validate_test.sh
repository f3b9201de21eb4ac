#!/usr/bin/env bash
# End to end with a user plugin: convert testdata/softclip.pbtxt with libsoftclip_op.so, then
# tflite_validate runs the .tflite in the reference interpreter (the plugin's kernel for the custom
# op) against the source graph (the plugin's reference semantics). (An op without a kernel is
# refused by name: runtime_check/interpreter/interpreter_test.)
set -uo pipefail
CONVERT=converter/tflite_convert
VALIDATE=runtime_check/validate/tflite_validate
PLUGIN=plugins/examples/custom_op/libsoftclip_op.so
GRAPH=plugins/examples/testdata/softclip.pbtxt
OUT=${TEST_TMPDIR:-$(mktemp -d)}
fail() { echo "FAIL: $*"; exit 1; }

"$CONVERT" --graph_def_file="$GRAPH" --output_file="$OUT/softclip.tflite" --input_arrays=x \
  --input_shapes=2,3 --output_arrays=soft_clip --plugin="$PLUGIN" >"$OUT/convert.log" 2>&1 ||
  { cat "$OUT/convert.log"; fail "conversion with the plugin"; }

flags=(--source="$GRAPH" --input_arrays=x --input_shapes=2,3 --output_arrays=soft_clip
       --tflite="$OUT/softclip.tflite" --profile=cpu)
"$VALIDATE" "${flags[@]}" --plugin="$PLUGIN" >"$OUT/with.log" 2>&1
status=$?
cat "$OUT/with.log"
# The cpu profile lists LiteRT's builtins and its own custom ops only, so the custom op is reported
# as not allowed (exit 3), while the numbers must agree.
grep -q "PASS soft_clip" "$OUT/with.log" || fail "the plugin's kernel does not agree with the source graph"
[[ $status -eq 0 || $status -eq 3 ]] || fail "tflite_validate with the plugin exited $status"

echo "PASS"

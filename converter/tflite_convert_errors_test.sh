#!/usr/bin/env bash
# Bad input to tflite_convert: every case exits non-zero with a message naming the file, node or op,
# and leaves no output file behind.
set -uo pipefail
CONVERT="$TEST_SRCDIR/tfconv/converter/tflite_convert"
T="${TEST_TMPDIR:-$(mktemp -d)}"
failures=0
passed=0

# expect_error NAME EXPECTED_SUBSTRING ARGS...
expect_error() {
  local name=$1 want=$2
  shift 2
  rm -f "$T/out.tflite"
  local msg rc
  msg=$("$CONVERT" "$@" --output_file="$T/out.tflite" 2>&1)
  rc=$?
  if [[ $rc -eq 0 ]]; then
    echo "FAIL $name: exit code 0"; failures=$((failures + 1)); return
  fi
  if [[ "$msg" != *"$want"* ]]; then
    echo "FAIL $name: message lacks '$want':"; echo "$msg"; failures=$((failures + 1)); return
  fi
  if [[ -e "$T/out.tflite" ]] || ls "$T"/out.tflite.tmp-* >/dev/null 2>&1; then
    echo "FAIL $name: an output file was left behind"; failures=$((failures + 1)); return
  fi
  echo "ok   $name: $(echo "$msg" | head -1 | cut -c1-150)"
  passed=$((passed + 1))
}

cat > "$T/good.pbtxt" <<'PB'
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "shape" value { shape { dim { size: 2 } dim { size: 3 } } } } }
node { name: "y" op: "Relu" input: "x" attr { key: "T" value { type: DT_FLOAT } } }
PB
head -c 3000 /dev/urandom > "$T/garbage.pb"
head -c 40 "$T/good.pbtxt" > "$T/truncated.pbtxt"
cat > "$T/syntax.pbtxt" <<'PB'
node { name: "x" op: "Placeholder"
  attr { key: "dtype" value { type: DT_FLOAT } } }
node { name: "y" op "Relu" input: "x" }
PB
cat > "$T/unknown_ops.pbtxt" <<'PB'
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "shape" value { shape { dim { size: 4 } } } } }
node { name: "a" op: "Frobnicate" input: "x" }
node { name: "b" op: "Frobnicate" input: "a" }
node { name: "c" op: "Zorch" input: "b" }
PB
cat > "$T/missing_attr.pbtxt" <<'PB'
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "shape" value { shape { dim { size: 1 } dim { size: 4 } dim { size: 4 } dim { size: 1 } } } } }
node { name: "f" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 1 } dim { size: 1 } dim { size: 1 } dim { size: 1 } } float_val: 2 } } } }
node { name: "conv" op: "Conv2D" input: "x" input: "f" attr { key: "T" value { type: DT_FLOAT } } }
PB

expect_error missing_file "no_such.pb" --graph_def_file="$T/no_such.pb"
expect_error garbage_binary "garbage.pb" --graph_def_file="$T/garbage.pb"
expect_error truncated_text "truncated.pbtxt" --graph_def_file="$T/truncated.pbtxt"
expect_error text_syntax_line "syntax.pbtxt: not a valid text GraphDef: line 3, column 21" --graph_def_file="$T/syntax.pbtxt"
expect_error unknown_ops_all_listed "Frobnicate x2: 'a', 'b'" --graph_def_file="$T/unknown_ops.pbtxt"
expect_error unknown_ops_second_op "Zorch x1: 'c'" --graph_def_file="$T/unknown_ops.pbtxt"
expect_error missing_attribute "node 'conv' (Conv2D)" --graph_def_file="$T/missing_attr.pbtxt"
expect_error shape_count "--input_shapes gives 2 shape(s)" --graph_def_file="$T/good.pbtxt" --input_arrays=x --input_shapes=2,3:4
expect_error shape_conflict "x" --graph_def_file="$T/good.pbtxt" --input_arrays=x --input_shapes=5,7
expect_error bad_shape_syntax "input_shapes" --graph_def_file="$T/good.pbtxt" --input_arrays=x --input_shapes=2,abc
expect_error missing_output "did you mean 'y'" --graph_def_file="$T/good.pbtxt" --output_arrays=yy
# Keras files: missing, not HDF5 or zip, a zip without config.json, two models at once.
expect_error keras_missing "no_such_model.h5" --keras_model_file="$T/no_such_model.h5"
expect_error keras_garbage "garbage.pb" --keras_model_file="$T/garbage.pb"
printf 'PK\003\004 not really a zip' > "$T/broken.keras"
expect_error keras_broken_zip "broken.keras" --keras_model_file="$T/broken.keras"
expect_error two_models "give one input model" --keras_model_file="$T/broken.keras" --graph_def_file="$T/good.pbtxt"
rm -f "$T/out.tflite"
msg=$("$CONVERT" --graph_def_file="$T/good.pbtxt" --output_file=/nonexistent_dir/out.tflite 2>&1)
if [[ $? -ne 0 && "$msg" == *"/nonexistent_dir/out.tflite"* ]]; then
  echo "ok   unwritable_output: $msg"; passed=$((passed + 1))
else
  echo "FAIL unwritable_output: $msg"; failures=$((failures + 1))
fi
# And the good graph converts, deterministically.
"$CONVERT" --graph_def_file="$T/good.pbtxt" --output_file="$T/a.tflite" >/dev/null &&
  "$CONVERT" --graph_def_file="$T/good.pbtxt" --output_file="$T/b.tflite" >/dev/null &&
  cmp -s "$T/a.tflite" "$T/b.tflite"
if [[ $? -eq 0 ]]; then echo "ok   good_graph_deterministic"; passed=$((passed + 1)); else
  echo "FAIL good_graph_deterministic"; failures=$((failures + 1)); fi

echo "errors: $passed passed, $failures failed"
[[ $failures -eq 0 ]]

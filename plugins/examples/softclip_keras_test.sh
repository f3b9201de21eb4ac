#!/usr/bin/env bash
# The custom Keras layer example end to end: make_softclip_keras writes a Functional model
# x [None, 2, 3] -> Dense(3) -> SoftClip(c=2) as a Keras 2 .h5 (class "SoftClip", and class
# "MyLayers>SoftClip" as tf.keras writes a registered class) and as a Keras 3 .keras (registered_name
# "MyLayers>SoftClip"); each converts with libsoftclip_op.so to FULLY_CONNECTED + CUSTOM "SoftClip",
# tflite_validate runs it in the reference interpreter against the source graph, and the outputs
# match values computed by hand. Without the plugin the conversion fails naming the layer and class.
#
# Arguments: the runfiles paths of the built-in plugins. The converter also finds plugins in its
# runfiles tree, and this test's tree holds the example plugin too; so each tool runs with a
# RUNFILES_DIR holding only the built-in plugins, and loads the example only when told to, as for a user.
set -uo pipefail
CONVERT=$PWD/converter/tflite_convert
INSPECT=$PWD/converter/tflite_inspect
VALIDATE=$PWD/runtime_check/validate/tflite_validate
MAKE=$PWD/plugins/examples/make_softclip_keras
PLUGIN=$PWD/plugins/examples/custom_op/libsoftclip_op.so
CPU_PROFILE=$PWD/runtime_check/profiles/cpu.json
OUT=${TEST_TMPDIR:-$(mktemp -d)}
fail() { echo "FAIL: $*"; exit 1; }
[[ $# -gt 0 ]] || fail "usage: softclip_keras_test.sh <runfiles path of each built-in plugin>..."

RUNFILES=$OUT/builtin_runfiles
rm -rf "$RUNFILES"
for p in "$@"; do
  mkdir -p "$RUNFILES/tfconv/$(dirname "$p")"
  ln -s "$PWD/$p" "$RUNFILES/tfconv/$p"
done
run() { env -u TFCONV_PLUGIN_PATH RUNFILES_DIR="$RUNFILES" "$@"; }

"$MAKE" write "$OUT" || fail "make_softclip_keras write"

# A LiteRT CPU runtime with the user's kernel added (MutableOpResolver::AddCustom("SoftClip", ...)):
# the stock cpu profile plus the custom op.
sed -e 's/"custom_ops": \[/"custom_ops": ["SoftClip", /' -e 's/"name": "cpu"/"name": "cpu_with_softclip"/' \
  "$CPU_PROFILE" > "$OUT/cpu_with_softclip.json" || fail "cannot write the profile"

for model in softclip_keras2.h5 softclip_keras2_registered.h5 softclip_keras3.keras; do
  echo "== $model"
  tflite=$OUT/$model.tflite
  run "$CONVERT" --keras_model_file="$OUT/$model" --output_file="$tflite" --plugin="$PLUGIN" \
    >"$OUT/convert.log" 2>&1 || { cat "$OUT/convert.log"; fail "$model: conversion with the plugin"; }

  # The operators, in order: the Dense layer, then the custom op the SoftClip layer became.
  run "$INSPECT" "$tflite" >"$OUT/inspect.txt" || fail "$model: tflite_inspect"
  ops=$(awk '/^  Operators:/ { on = 1; next } /^  [A-Z]/ { on = 0 } on && /^    [0-9]+: / { printf "%s ", $2 }' \
    "$OUT/inspect.txt")
  [[ "$ops" == "FULLY_CONNECTED CUSTOM(SoftClip) " ]] || { cat "$OUT/inspect.txt"; fail "$model: operators '$ops'"; }

  # Against the source graph (the Keras front end + the plugins' reference semantics), on a runtime
  # that has the kernel: everything must pass.
  run "$VALIDATE" --keras_model_file="$OUT/$model" --tflite="$tflite" --plugin="$PLUGIN" \
    --profile="$OUT/cpu_with_softclip.json" >"$OUT/validate.log" 2>&1
  status=$?
  cat "$OUT/validate.log"
  [[ $status -eq 0 ]] || fail "$model: tflite_validate exited $status"
  grep -q "PASS soft_clip float32\[1,2,3\]" "$OUT/validate.log" || fail "$model: no passing output soft_clip"

  # Against c * tanh((x W + b) / c) computed in double from the weights.
  "$MAKE" check "$tflite" >"$OUT/check.log" 2>&1
  status=$?
  cat "$OUT/check.log"
  [[ $status -eq 0 ]] || fail "$model: outputs differ from the hand-computed values"
  # x W + b is exactly 2 for this element: y = 2 tanh(1) = 1.5231883119...
  y000=$(sed -n 's/^y\[0,0,0\] = \([-0-9.]*\) .*/\1/p' "$OUT/check.log")
  awk -v y="$y000" 'BEGIN { d = y - 1.5231883119; exit !(d < 1e-5 && d > -1e-5) }' ||
    fail "$model: y[0,0,0] = '$y000', want 2 tanh(1) = 1.5231883"
done

# The stock CPU runtime has no SoftClip kernel: tflite_validate says so (exit 3), numbers still agree.
run "$VALIDATE" --keras_model_file="$OUT/softclip_keras2.h5" --tflite="$OUT/softclip_keras2.h5.tflite" \
  --plugin="$PLUGIN" --profile="$CPU_PROFILE" >"$OUT/stock.log" 2>&1
status=$?
[[ $status -eq 3 ]] || { cat "$OUT/stock.log"; fail "stock cpu profile: tflite_validate exited $status, want 3"; }
grep -q "REFUSED #1 CUSTOM(SoftClip) v1: custom op 'SoftClip' not supported by cpu" "$OUT/stock.log" ||
  { cat "$OUT/stock.log"; fail "stock cpu profile: the custom op is not named as refused"; }

# Without the plugin: a non-zero exit, the layer and its class named, the way out (a plugin), no file.
for model in softclip_keras2.h5 softclip_keras3.keras; do
  tflite=$OUT/without_$model.tflite
  run "$CONVERT" --keras_model_file="$OUT/$model" --output_file="$tflite" >"$OUT/without.log" 2>&1
  status=$?
  echo "== $model without --plugin (exit $status):"
  cat "$OUT/without.log"
  [[ $status -ne 0 ]] || fail "$model: converted without the plugin"
  for want in "'soft_clip' (SoftClip" "class SoftClip" "plugin"; do
    grep -qF "$want" "$OUT/without.log" || fail "$model: the error does not say \"$want\""
  done
  [[ ! -e "$tflite" ]] || fail "$model: an output file was left behind"
done

echo "PASS"

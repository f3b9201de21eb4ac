#!/usr/bin/env bash
# The MLPerf Tiny ResNet-8 (../shared/testdata/real/mlperf_tiny/image_classification): a real Keras 2.4
# H5 file and the .tflite the official converter made from it (TFLiteConverter.from_keras_model in
# mlcommons/tiny's model_converter.py). Our tflite_convert --keras_model_file must give a model that
#   1. computes what the official one computes in LiteRT.js (atol 1e-6, rtol 1e-4: the outputs are
#      softmax probabilities) on the reference image and on the validators' default pattern,
#   2. picks the same class on the reference image,
#   3. has no more operators than the official one.
# The reference image (ref/g_ic_inputs.uint8.raw, 32x32x3 HWC) is fed as float 0..255: the float
# model was trained and tested on unscaled pixel values (tflite_test.py casts the uint8 images to
# float32; only the int8 model subtracts 128).
set -uo pipefail

source runtime_check/interop/interop_lib.sh
interop_require_validators

CONVERTER=converter/tflite_convert
SCHEMA=converter/schema/tflite_schema.fbs
DIR="$TFCONV_SHARED_DIR/testdata/real/mlperf_tiny/image_classification"
SCRATCH=${TEST_TMPDIR:-$(mktemp -d)}
ATOL=1e-6
RTOL=1e-4
[[ -x "$CONVERTER" ]] || { echo "FAIL: $CONVERTER is missing from the runfiles"; exit 1; }
if [[ ! -f "$DIR/pretrainedResnet.h5" ]]; then
  [[ "${CI:-}" == "true" ]] && { echo "FAIL: no $DIR/pretrainedResnet.h5"; exit 1; }
  echo "SKIP: no $DIR/pretrainedResnet.h5"
  exit 0
fi
command -v flatc >/dev/null 2>&1 || { echo "FAIL: flatc is not on PATH (Debian flatbuffers-compiler)"; exit 1; }

checks=0
failures=0
verdict() {  # verdict CHECK STATUS DETAIL
  printf '%-28s %s %s\n' "$1" "$2" "$3"
  checks=$((checks + 1))
  [[ "$2" == PASS ]] || failures=$((failures + 1))
}

OURS="$SCRATCH/ours.tflite"
OFFICIAL="$DIR/pretrainedResnet.tflite"
if ! "$CONVERTER" --keras_model_file="$DIR/pretrainedResnet.h5" --output_file="$OURS" >"$SCRATCH/convert.log" 2>&1 ||
   [[ ! -s "$OURS" ]]; then
  verdict convert FAIL "$(interop_tail "$SCRATCH/convert.log" 6)"
  echo "0 passed, 1 failed"
  exit 1
fi
verdict convert PASS "$(stat -c %s "$OURS") bytes"

# The reference image as float 0..255, [1,32,32,3].
IMAGE="$SCRATCH/image.json"
python3 - "$DIR/ref/g_ic_inputs.uint8.raw" "$IMAGE" <<'PY'
import json, sys
pixels = open(sys.argv[1], "rb").read()
assert len(pixels) == 32 * 32 * 3, len(pixels)
json.dump([{"name": "input_1", "shape": [1, 32, 32, 3], "dtype": "float32", "data": [float(p) for p in pixels]}],
          open(sys.argv[2], "w"))
PY

argmax() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]["data"]; print(max(range(len(d)), key=lambda i: float(d[i])))' "$1"; }

compare_on() {  # compare_on LABEL [--inputs FILE]
  local label=$1
  shift
  local work="$SCRATCH/$label"
  mkdir -p "$work"
  INTEROP_MAX_ABS=""
  if interop_run_litert "$OURS" "$work/ours.json" "$work/inputs.json" "$work/ours.log" "$@" &&
     interop_run_litert "$OFFICIAL" "$work/official.json" "$work/official_inputs.json" "$work/official.log" \
       --inputs "$work/inputs.json" &&
     interop_compare "$work/ours.json" "$work/official.json" "$ATOL" "$RTOL" "$work/compare.log"; then
    verdict "ours vs official ($label)" PASS "max_abs=$INTEROP_MAX_ABS"
  else
    verdict "ours vs official ($label)" FAIL "max_abs=${INTEROP_MAX_ABS:-n/a} $INTEROP_ERROR"
  fi
}

compare_on image --inputs "$IMAGE"
compare_on pattern
if [[ -s "$SCRATCH/image/ours.json" && -s "$SCRATCH/image/official.json" ]]; then
  ours_class=$(argmax "$SCRATCH/image/ours.json")
  official_class=$(argmax "$SCRATCH/image/official.json")
  if [[ "$ours_class" == "$official_class" ]]; then
    verdict "class of the ref image" PASS "$ours_class"
  else
    verdict "class of the ref image" FAIL "ours $ours_class, official $official_class"
  fi
fi

if ours_ops=$(interop_op_list "$OURS" "$SCHEMA" "$SCRATCH/ours_ops") &&
   official_ops=$(interop_op_list "$OFFICIAL" "$SCHEMA" "$SCRATCH/official_ops"); then
  n_ours=$(tr ',' '\n' <<<"$ours_ops" | grep -c .)
  n_official=$(tr ',' '\n' <<<"$official_ops" | grep -c .)
  if ((n_ours <= n_official)); then
    verdict "operator count" PASS "ours $n_ours <= official $n_official"
  else
    verdict "operator count" FAIL "ours $n_ours [$ours_ops] > official $n_official [$official_ops]"
  fi
else
  verdict "operator count" FAIL "$INTEROP_ERROR"
fi

echo "$((checks - failures)) passed, $failures failed"
((failures == 0))

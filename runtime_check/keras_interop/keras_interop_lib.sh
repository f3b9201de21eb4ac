# Shared steps of the Keras interop tests (sourced after runtime_check/interop/interop_lib.sh):
#
#   source runtime_check/keras_interop/keras_interop_lib.sh
#   keras_require_tfjs_layers     # SKIPs (exit 0) or, under CI=true, FAILs when tfjs-layers is missing
#
# tfjs-layers is one of our own npm packages (tools/npm/package.json), installed by tools/setup.sh in
# $TFCONV_NPM_DIR, default ~/.cache/tfconv-npm.

keras_require_tfjs_layers() {
  export TFCONV_NPM_DIR="${TFCONV_NPM_DIR:-${HOME:-/root}/.cache/tfconv-npm}"
  if [[ ! -f "$TFCONV_NPM_DIR/node_modules/@tensorflow/tfjs-layers/package.json" ]]; then
    local why="tfjs-layers is not installed in $TFCONV_NPM_DIR (run tools/setup.sh)"
    if [[ "${CI:-}" == "true" ]]; then
      echo "FAIL: $why"
      exit 1
    fi
    echo "SKIP: $why"
    exit 0
  fi
}

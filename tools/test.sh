#!/usr/bin/env bash
# The whole test suite: installs what is missing, then `bazel test //...` offline.
# Tests that need ../shared (real models, LiteRT.js/tfjs validators) find it through
# TFCONV_SHARED_DIR; outside CI they skip when it is absent, in CI (CI=true) they fail.
set -euo pipefail
export HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [[ -z "${TFCONV_SHARED_DIR:-}" && -d "$ROOT/../shared" ]]; then
  export TFCONV_SHARED_DIR=$(cd "$ROOT/../shared" && pwd)
fi
export TFLITE_VALIDATORS_DIR="${TFLITE_VALIDATORS_DIR:-${HOME:-/root}/.cache/tflite-validators}"
export TFCONV_NPM_DIR="${TFCONV_NPM_DIR:-${HOME:-/root}/.cache/tfconv-npm}"
tools/setup.sh
export CI="${CI:-false}"
log=$(mktemp)
status=0
tools/bazel.sh test //... "$@" 2>&1 | tee "$log" || status=$?
# One closing line that CI reads: "N passed, N failed".
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log" || true)
failed=$(grep -cE '^//[^ ]+ +(FAILED|TIMEOUT|NO STATUS|FAILED TO BUILD|INCOMPLETE)' "$log" || true)
rm -f "$log"
echo "tests: $passed passed, $failed failed"
exit "$status"

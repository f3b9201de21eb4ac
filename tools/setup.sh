#!/usr/bin/env bash
# Installs what building and testing need, idempotently; fast when everything is present.
#   Debian packages: Bazel (bazel-bootstrap) and the -dev libraries the build links against.
#   npm packages: LiteRT.js and tfjs for the interop tests, through ../shared/validators/setup.sh
#   (installed outside the repository, in $TFLITE_VALIDATORS_DIR or ~/.cache/tflite-validators).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)

PACKAGES=(
  bazel-bootstrap bazel-rules-java
  libflatbuffers-dev flatbuffers-compiler
  libprotobuf-dev protobuf-compiler
  libabsl-dev libre2-dev libgtest-dev libbenchmark-dev
  libhdf5-dev nlohmann-json3-dev libleveldb-dev libzip-dev libpng-dev
  pkg-config g++ python3 nodejs npm
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from elsewhere than Debian's package (a newer one is fine).
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
# python3 too (only the validators' graph converter uses it; the converter itself does not).
if command -v python3 >/dev/null; then missing=("${missing[@]/python3}"); fi
read -r -a missing <<< "${missing[*]:-}"

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}"
else
  echo "setup: Debian packages present"
fi

SHARED="${TFCONV_SHARED_DIR:-$ROOT/../shared}"
if [[ -f "$SHARED/validators/setup.sh" ]]; then
  bash "$SHARED/validators/setup.sh" | sed 's/^/setup: validators: /'
else
  echo "setup: $SHARED/validators not found: interop tests against LiteRT.js and tfjs will be skipped"
fi

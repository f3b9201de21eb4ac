#!/usr/bin/env bash
# Installs what building and testing need, idempotently; fast when everything is present.
#   Debian packages: Bazel (bazel-bootstrap) and the -dev libraries the build links against.
#   npm packages: LiteRT.js and tfjs for the interop tests, through ../shared/validators/setup.sh
#   (installed outside the repository, in $TFLITE_VALIDATORS_DIR or ~/.cache/tflite-validators),
#   and our own extra ones pinned in tools/npm/package.json (tfjs-layers for the Keras interop test),
#   in $TFCONV_NPM_DIR or ~/.cache/tfconv-npm.
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

# Our own npm packages (tools/npm/package.json pins every one, transitive ones too). npm runs only
# when an installed version differs from the pin, so a second run costs one node start.
NPM_DIR="${TFCONV_NPM_DIR:-${HOME:-/root}/.cache/tfconv-npm}"
npm_install_needed() {  # prints the first package that is missing or has another version
  (cd "$NPM_DIR" && node -e '
    const fs = require("fs"), deps = require("./package.json").dependencies;
    for (const [n, v] of Object.entries(deps)) {
      const p = "node_modules/" + n + "/package.json";
      if (!fs.existsSync(p) || JSON.parse(fs.readFileSync(p, "utf8")).version !== v) { console.log(n + "@" + v); break; }
    }')
}
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: node/npm not found: the tfjs-layers tests will be skipped"
elif [[ "$(realpath -m "$NPM_DIR")/" == "$ROOT"/* ]]; then
  echo "setup: refusing to install npm packages into $NPM_DIR: it is inside the repository" >&2
  exit 2
else
  mkdir -p "$NPM_DIR"
  cmp -s "$ROOT/tools/npm/package.json" "$NPM_DIR/package.json" || cp "$ROOT/tools/npm/package.json" "$NPM_DIR/package.json"
  need=$(npm_install_needed)
  if [[ -n "$need" ]]; then
    echo "setup: npm install into $NPM_DIR (needs $need)"
    (cd "$NPM_DIR" && npm install --no-package-lock --no-audit --no-fund --omit=dev --loglevel=error)
    need=$(npm_install_needed)
    [[ -z "$need" ]] || { echo "setup: npm install in $NPM_DIR did not give $need" >&2; exit 1; }
  else
    echo "setup: npm packages present in $NPM_DIR"
  fi
fi

#!/usr/bin/env bash
# Runs Bazel with this project's output root and disk cache (both outside the repository).
set -euo pipefail
exec bazel --output_user_root="${TFCONV_BAZEL_ROOT:-${HOME:-/root}/.cache/bazel-tfconv}" "$1" \
  --disk_cache="${TFCONV_DISK_CACHE:-${HOME:-/root}/.cache/tfconv-disk-cache}" "${@:2}"

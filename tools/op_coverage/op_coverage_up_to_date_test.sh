#!/usr/bin/env bash
# Fails when docs/OP_COVERAGE.md is not what op_coverage generates from the registered ops, their
# tests and the interop graphs, or when an op has no test. Runs from the runfiles root.
set -euo pipefail
exec "$1" --root="$PWD" --check="$2"

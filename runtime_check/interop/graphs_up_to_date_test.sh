#!/usr/bin/env bash
# Fails when graphs/ differs from what gen_graphs.py writes (someone edited a graph by hand, or
# changed the generator without regenerating).
set -euo pipefail
python3 runtime_check/interop/gen_graphs.py --check

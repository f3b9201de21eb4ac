#!/usr/bin/env bash
# Regenerates the real-models table of runtime_check/README.md: runs every real model in the
# reference interpreter and in LiteRT.js (//runtime_check/real_models:real_models_table) and puts the
# table between the README's markers
#   <!-- real-models-table:begin -->
#   <!-- real-models-table:end -->
# With --print, or when the README has no markers, the table goes to stdout instead.
#   runtime_check/real_models/make_table.sh [--print]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
README=runtime_check/README.md
BEGIN='<!-- real-models-table:begin -->'
END='<!-- real-models-table:end -->'
if [[ -z "${TFCONV_SHARED_DIR:-}" && -d "$ROOT/../shared" ]]; then
  export TFCONV_SHARED_DIR=$(cd "$ROOT/../shared" && pwd)
fi
table=$(mktemp)
trap 'rm -f "$table"' EXIT
status=0
tools/bazel.sh run //runtime_check/real_models:real_models_table >"$table" || status=$?
# Exit 3: the table is complete but some model fails; still worth showing.
if [[ $status -ne 0 && $status -ne 3 ]]; then
  echo "make_table.sh: real_models_table failed (exit $status)" >&2
  exit "$status"
fi
if [[ "${1:-}" == "--print" ]] || ! grep -qF "$BEGIN" "$README" || ! grep -qF "$END" "$README"; then
  [[ "${1:-}" != "--print" ]] && echo "make_table.sh: no markers in $README; printing the table" >&2
  cat "$table"
else
  python3 - "$README" "$table" "$BEGIN" "$END" <<'PY'
import sys
readme, table, begin, end = sys.argv[1:]
text = open(readme).read()
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(readme, "w").write(head + begin + "\n" + open(table).read().rstrip("\n") + "\n" + end + tail)
PY
  echo "make_table.sh: updated $README" >&2
fi
[[ $status -eq 0 ]] || echo "make_table.sh: some models fail (see the table)" >&2
exit "$status"

#!/usr/bin/env bash
# Prints a Markdown table over the real models of real_graphs.h: our operator count against the
# official converter's .tflite (where the shared data has one), the whole-process conversion time of
# tflite_convert (wall, min and median of N runs) and its peak RSS (/usr/bin/time). Exit 1 when a
# model fails to convert; models whose data is missing are listed as skipped (a failure under CI=true).
#
#   tools/bazel.sh build //benchmarks/real_graphs:all //converter:tflite_convert //converter:tflite_inspect
#   benchmarks/real_graphs/real_graphs_table.sh [--runs=5]        # from the repository root
#
# --benchmark=, --convert=, --inspect= name the binaries (default: bazel-bin/...).
set -euo pipefail

RUNS=5
BENCHMARK=bazel-bin/benchmarks/real_graphs/real_graphs_benchmark
CONVERT=bazel-bin/converter/tflite_convert
INSPECT=bazel-bin/converter/tflite_inspect
for arg in "$@"; do
  case "$arg" in
    --runs=*) RUNS=${arg#--runs=} ;;
    --benchmark=*) BENCHMARK=${arg#--benchmark=} ;;
    --convert=*) CONVERT=${arg#--convert=} ;;
    --inspect=*) INSPECT=${arg#--inspect=} ;;
    *) echo "usage: $0 [--runs=N] [--benchmark=BIN] [--convert=BIN] [--inspect=BIN]" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "$0: --runs takes a positive integer, not '$RUNS'" >&2; exit 2; }
for bin in "$BENCHMARK" "$CONVERT" "$INSPECT"; do
  [[ -x "$bin" ]] || { echo "$0: $bin is missing; build it first (see the header of this script)" >&2; exit 2; }
done
[[ -x /usr/bin/time ]] || { echo "$0: /usr/bin/time is missing (Debian package 'time')" >&2; exit 2; }

WORK=$(mktemp -d "${TEST_TMPDIR:-/tmp}/real_graphs.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# "N ops" and the op names, one per line, of a .tflite.
op_list() {
  "$INSPECT" "$1" --json | python3 -c '
import json, sys
for g in json.load(sys.stdin)["subgraphs"]:
    for op in g["operators"]:
        print(op["op"])'
}

# The ops one list has more of than the other: "+RESHAPE -SQUEEZE" (ours minus official).
op_difference() {
  python3 - "$1" "$2" <<'PY'
import collections, sys
ours = collections.Counter(open(sys.argv[1]).read().split())
official = collections.Counter(open(sys.argv[2]).read().split())
parts = [f"+{k}" + (f"x{v}" if v > 1 else "") for k, v in sorted((ours - official).items())]
parts += [f"-{k}" + (f"x{v}" if v > 1 else "") for k, v in sorted((official - ours).items())]
print(" ".join(parts) if parts else "same list")
PY
}

failures=0
skipped=0
echo "| model | our ops | official ops | ours vs official | tflite_convert wall ms (min / median of $RUNS) | peak RSS MiB |"
echo "|---|---:|---:|---|---:|---:|"
while IFS=$'\t' read -r -a fields; do
  name=${fields[0]} official=${fields[1]}
  if [[ "$official" == SKIP ]]; then
    echo "| $name | skipped: ${fields[2]} | | | | |"
    skipped=$((skipped + 1))
    continue
  fi
  flags=("${fields[@]:2}")
  out="$WORK/$name.tflite"
  times=() rss=0
  for ((i = 0; i < RUNS; i++)); do
    start=$(date +%s%N)
    if ! /usr/bin/time -f '%M' -o "$WORK/time" "$CONVERT" "${flags[@]}" --output_file="$out" >"$WORK/log" 2>&1; then
      echo "| $name | conversion failed: $(grep -m1 error "$WORK/log" || tail -n1 "$WORK/log") | | | | |"
      failures=$((failures + 1))
      continue 2
    fi
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))  # microseconds
    kb=$(tail -n1 "$WORK/time")
    ((kb > rss)) && rss=$kb
  done
  read -r min median < <(printf '%s\n' "${times[@]}" | sort -n |
    awk '{v[NR] = $1} END {printf "%.1f %.1f\n", v[1] / 1000, v[int((NR + 1) / 2)] / 1000}')
  op_list "$out" >"$WORK/ours_ops"
  ours_count=$(wc -l <"$WORK/ours_ops")
  official_count="" difference=""
  if [[ "$official" != - ]]; then
    op_list "$official" >"$WORK/official_ops"
    official_count=$(wc -l <"$WORK/official_ops")
    difference=$(op_difference "$WORK/ours_ops" "$WORK/official_ops")
  fi
  printf '| %s | %d | %s | %s | %s / %s | %.1f |\n' "$name" "$ours_count" "$official_count" "$difference" \
    "$min" "$median" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
done < <("$BENCHMARK" --print_models)

echo
echo "$failures failure(s), $skipped skipped"
if ((skipped > 0)) && [[ "${CI:-}" == true ]]; then
  echo "FAIL: the shared test data is missing under CI (set TFCONV_SHARED_DIR)"
  exit 1
fi
((failures == 0))

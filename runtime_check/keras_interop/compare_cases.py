#!/usr/bin/env python3
"""Compares many output pairs in one Python process with ../shared/validators/compare_outputs.py (the
check interop_compare in runtime_check/interop/interop_lib.sh makes, without a process per case).

  compare_cases.py COMPARE_OUTPUTS.py LIST.tsv

LIST.tsv: one line per case "name<TAB>ours.json<TAB>reference.json<TAB>atol<TAB>rtol". Prints one line per
case "name<TAB>PASS|FAIL<TAB>max_abs<TAB>why" (max_abs the largest over the outputs, why empty on PASS).
Shapes must agree exactly (--strict-shape) and so must dtypes (paired by name as the comparer pairs them)."""
import contextlib
import importlib.util
import io
import json
import re
import sys


def load_comparer(path):
    spec = importlib.util.spec_from_file_location("compare_outputs", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dtype_problem(ours_path, ref_path):
    try:
        ours, ref = json.load(open(ours_path)), json.load(open(ref_path))
    except (OSError, ValueError):
        return ""  # the comparer has already said why
    ref_by_name = {str(r.get("name", "")).split(":")[0]: r for r in ref}
    problems = []
    for o in ours:
        r = ref_by_name.get(str(o.get("name", "")).split(":")[0])
        if r is not None and o.get("dtype") != r.get("dtype"):
            problems.append("%s is %s, the reference gives %s" % (o.get("name"), o.get("dtype"), r.get("dtype")))
    return "; ".join(problems)


def compare(comparer, ours, ref, atol, rtol):
    out = io.StringIO()
    sys.argv = ["compare_outputs.py", ours, ref, "--atol", atol, "--rtol", rtol, "--strict-shape"]
    status = 0
    with contextlib.redirect_stdout(out):
        try:
            comparer.main()
        except SystemExit as e:
            status = e.code if isinstance(e.code, int) else 1
    text = out.getvalue()
    values = [float(v) for v in re.findall(r"max_abs=(\S+)", text)]
    max_abs = "%.3g" % max(values) if values else "n/a"
    if status != 0:
        lines = [l for l in text.splitlines() if l.startswith(("DIFF", "unmatched", "cannot"))]
        return "FAIL", max_abs, "outputs differ: " + "; ".join(lines)
    problem = dtype_problem(ours, ref)
    if problem:
        return "FAIL", max_abs, "dtype differs: " + problem
    return "PASS", max_abs, ""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    comparer = load_comparer(sys.argv[1])
    for line in open(sys.argv[2]):
        if not line.strip():
            continue
        name, ours, ref, atol, rtol = line.rstrip("\n").split("\t")
        verdict, max_abs, why = compare(comparer, ours, ref, atol, rtol)
        print("%s\t%s\t%s\t%s" % (name, verdict, max_abs, why.replace("\t", " ").replace("\n", " ")))
        sys.stdout.flush()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Small checks of quant_interop_test.sh on the validators' tensor JSON files (standard library only).

  quant_checks.py end_to_end OURS.json LITERT.json K
      The first K tensors (the model's own outputs): "equal", or per output the largest difference
      (integer: in steps, with the count of differing values; float: absolute).
  quant_checks.py quantize_input INSPECT.json FLOAT_IN.json OUT.json
      The float inputs of FLOAT_IN.json in the model's input types (INSPECT.json: tflite_inspect
      --json): integer inputs quantized with their scale and zero point (round half away from zero,
      clamped, as TFLite's QUANTIZE), float inputs copied; matched by position, named after the model.
  quant_checks.py dequantize_input INSPECT.json INT_IN.json OUT.json
      The reverse: integer inputs with a scale dequantized to float32 (scale * (q - zero point)).
  quant_checks.py cosine INSPECT.json QUANT_OUT.json FLOAT_OUT.json MIN
      Cosine similarity of the quantized model's first output (dequantized with the output tensor's
      scale and zero point) and the float model's; exit 1 when below MIN.
  quant_checks.py argmax A.json B.json
      The argmax of the first output of each; exit 1 when they differ.
  quant_checks.py dataset SHAPE N NAME OUT.json
      N deterministic samples in [0, 1) for one float input NAME of SHAPE (comma-separated), as a
      representative dataset (a JSON list of samples).
"""
import json
import math
import sys

INTEGER = {"int8", "uint8", "int16", "int32", "int64", "bool", "uint16", "uint32"}
RANGES = {"INT8": (-128, 127), "UINT8": (0, 255), "INT16": (-32768, 32767)}
DTYPES = {"INT8": "int8", "UINT8": "uint8", "INT16": "int16", "FLOAT32": "float32"}


def num(v):
    if isinstance(v, str):
        return float(v.replace("Infinity", "inf"))
    return float(v)


def end_to_end(ours_path, litert_path, k):
    ours, ref = json.load(open(ours_path)), json.load(open(litert_path))
    parts = []
    for o, r in list(zip(ours, ref))[: int(k)]:
        od, rd = [num(v) for v in o["data"]], [num(v) for v in r["data"]]
        diff = [abs(a - b) for a, b in zip(od, rd) if a != b]
        if not diff:
            parts.append(f"{o['name']}: equal")
        elif o["dtype"] in INTEGER:
            parts.append(f"{o['name']}: {len(diff)}/{len(od)} differ, max {max(diff):g} steps")
        else:
            parts.append(f"{o['name']}: max abs {max(diff):.3g}")
    print("; ".join(parts))
    return 0


def model_io(inspect_path, which):
    m = json.load(open(inspect_path))
    sg = m["subgraphs"][0]
    return [sg["tensors"][i] for i in sg[which]]


def quantize_input(inspect_path, in_path, out_path):
    inputs = model_io(inspect_path, "inputs")
    given = json.load(open(in_path))
    out = []
    for t, g in zip(inputs, given):
        data = [num(v) for v in g["data"]]
        q = t.get("quantization") or {}
        if t["type"] in RANGES and q.get("scale"):
            s, z = q["scale"][0], (q.get("zero_point") or [0])[0]
            lo, hi = RANGES[t["type"]]
            vals = []
            for v in data:
                r = v / s
                r = math.floor(r + 0.5) if r >= 0 else -math.floor(-r + 0.5)
                vals.append(int(min(hi, max(lo, r + z))))
            data = vals
        out.append({"name": t["name"], "shape": g["shape"], "dtype": DTYPES.get(t["type"], "float32"), "data": data})
    json.dump(out, open(out_path, "w"))
    return 0


def dequantize_input(inspect_path, in_path, out_path):
    inputs = model_io(inspect_path, "inputs")
    given = json.load(open(in_path))
    out = []
    for t, g in zip(inputs, given):
        q = t.get("quantization") or {}
        s, z = q["scale"][0], (q.get("zero_point") or [0])[0]
        out.append({"name": t["name"], "shape": g["shape"], "dtype": "float32",
                    "data": [s * (num(v) - z) for v in g["data"]]})
    json.dump(out, open(out_path, "w"))
    return 0


def cosine(inspect_path, quant_path, float_path, minimum):
    t = model_io(inspect_path, "outputs")[0]
    q = t.get("quantization") or {}
    qd = [num(v) for v in json.load(open(quant_path))[0]["data"]]
    if t["type"] in RANGES and q.get("scale"):
        s, z = q["scale"][0], (q.get("zero_point") or [0])[0]
        qd = [s * (v - z) for v in qd]
    fd = [num(v) for v in json.load(open(float_path))[0]["data"]]
    dot = sum(a * b for a, b in zip(qd, fd))
    na, nb = math.sqrt(sum(a * a for a in qd)), math.sqrt(sum(b * b for b in fd))
    c = dot / (na * nb) if na > 0 and nb > 0 else (1.0 if na == nb else 0.0)
    print(f"{c:.5f}")
    return 0 if c >= float(minimum) else 1


def argmax(a_path, b_path):
    def am(path):
        d = [num(v) for v in json.load(open(path))[0]["data"]]
        return max(range(len(d)), key=lambda i: d[i])
    a, b = am(a_path), am(b_path)
    print(f"{a} {b}")
    return 0 if a == b else 1


def dataset(shape, n, name, out_path):
    dims = [int(x) for x in shape.split(",")]
    size = 1
    for d in dims:
        size *= d
    samples = []
    for k in range(int(n)):
        samples.append([{"name": name, "shape": dims, "dtype": "float32",
                         "data": [((i * 7 + k * 131) % 97) / 97.0 for i in range(size)]}])
    json.dump(samples, open(out_path, "w"))
    return 0


if __name__ == "__main__":
    commands = {"end_to_end": end_to_end, "quantize_input": quantize_input, "dequantize_input": dequantize_input,
                "cosine": cosine, "argmax": argmax, "dataset": dataset}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]](*sys.argv[2:]))

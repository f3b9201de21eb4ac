"""Writes small TensorFlow GraphDefs in protobuf text format, with deterministic weights.

Standard library only, so the interop graphs and the example model can be regenerated anywhere:

    g = Graph()
    x = g.placeholder("x", [2, 5, 7])
    w = g.const("w", weights([7], seed=1))
    g.op("y", "AddV2", [x, w], T=Type("DT_FLOAT"))
    open("add.pbtxt", "w").write(g.to_pbtxt())

The node attributes follow what TensorFlow writes into a frozen graph (data_format, dilations,
explicit paddings...), so the converter sees the same forms as it would from real models.
"""
import struct


class Type:
    """An attr holding a DataType enum name, e.g. Type("DT_FLOAT")."""

    def __init__(self, name):
        self.name = name


class Ints(list):
    """An attr holding a list of ints (strides, ksize, squeeze_dims...)."""


class Strs(list):
    """An attr holding a list of strings (fused_ops of the fused convolutions and MatMul)."""


class Shape:
    """An attr holding a TensorShapeProto (Placeholder "shape"); None is unknown rank."""

    def __init__(self, dims):
        self.dims = dims


class Tensor:
    """A constant: flat values in row-major order, its shape and its DataType.

    The text form is one of the three TensorFlow writes: the typed value list (float_val...), the
    raw little-endian bytes (tensor_content, packed=True, what frozen graphs use for weights), or a
    single value that fills the whole shape (splat=True, how TF stores tf.fill/zeros constants).
    """

    def __init__(self, values, shape, dtype="DT_FLOAT", packed=False, splat=False):
        count = 1
        for d in shape:
            count *= d
        if splat and len(values) != 1:
            raise ValueError("a splat tensor has exactly one value")
        if not splat and len(values) != count:
            raise ValueError("tensor of shape %s needs %d values, got %d" % (shape, count, len(values)))
        self.values, self.shape, self.dtype = list(values), list(shape), dtype
        self.packed, self.splat = packed, splat

    def as_packed(self):
        """The same tensor written as tensor_content."""
        return Tensor(self.values, self.shape, self.dtype, packed=True)


def weights(shape, seed, scale=1.0, packed=False):
    """Deterministic pseudo-random floats in [-scale, scale), multiples of scale/64.

    A 32-bit linear congruential generator (Numerical Recipes constants) keeps the sequence the same
    on every Python version; multiples of a power of two are exact in float32, so the text form
    is short and every reader gets identical bits.
    """
    count = 1
    for d in shape:
        count *= d
    state = (seed * 2654435761 + 12345) & 0xFFFFFFFF
    values = []
    for _ in range(count):
        state = (1664525 * state + 1013904223) & 0xFFFFFFFF
        values.append(((state >> 24) % 128 - 64) / 64.0 * scale)
    return Tensor(values, shape, packed=packed)


def ints(values, shape=None, dtype="DT_INT32"):
    """An integer constant (axes, shapes, paddings, permutations)."""
    return Tensor(values, [len(values)] if shape is None else shape, dtype)


def floats(values, shape=None):
    """A float constant with the given values (keep them exact in float32: multiples of 2^-k)."""
    return Tensor(values, [len(values)] if shape is None else shape, "DT_FLOAT")


def scalar(value, dtype="DT_FLOAT"):
    return Tensor([value], [], dtype)


def _format_number(v, dtype):
    if dtype in ("DT_FLOAT", "DT_DOUBLE", "DT_HALF"):
        return repr(float(v))
    return str(int(v))


_VALUE_FIELD = {
    "DT_FLOAT": "float_val",
    "DT_DOUBLE": "double_val",
    "DT_INT32": "int_val",
    "DT_INT64": "int64_val",
    "DT_BOOL": "bool_val",
}


def _shape_text(dims):
    if dims is None:
        return "{ unknown_rank: true }"
    return "{ %s}" % "".join("dim { size: %d } " % d for d in dims)


_PACK_FORMAT = {"DT_FLOAT": "f", "DT_DOUBLE": "d", "DT_INT32": "i", "DT_INT64": "q", "DT_BOOL": "?"}


def _escape_bytes(data):
    """Bytes as a text-format string literal: printable ASCII as is, the rest as 3-digit octal."""
    out = []
    for b in data:
        if 0x20 <= b < 0x7F and chr(b) not in "\\\"'":
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    return "".join(out)


def _tensor_text(t, indent):
    pad = " " * indent
    if t.packed:
        data = struct.pack("<%d%s" % (len(t.values), _PACK_FORMAT[t.dtype]), *t.values)
        # 64 bytes a line; adjacent string literals concatenate in the text format.
        chunks = ['"%s"' % _escape_bytes(data[i:i + 64]) for i in range(0, len(data), 64)] or ['""']
        return "\n".join([pad + "dtype: %s" % t.dtype, pad + "tensor_shape %s" % _shape_text(t.shape),
                          pad + "tensor_content: " + chunks[0]] + [pad + "  " + c for c in chunks[1:]])
    field = _VALUE_FIELD[t.dtype]
    if t.dtype == "DT_BOOL":
        values = ["true" if v else "false" for v in t.values]
    else:
        values = [_format_number(v, t.dtype) for v in t.values]
    lines = [pad + "dtype: %s" % t.dtype, pad + "tensor_shape %s" % _shape_text(t.shape)]
    # Eight values a line keeps large weights readable in a diff.
    for start in range(0, len(values), 8):
        lines.append(pad + "%s: [%s]" % (field, ", ".join(values[start:start + 8])))
    return "\n".join(lines)


def _attr_text(key, value, indent):
    pad = " " * indent
    if isinstance(value, Type):
        body = "type: %s" % value.name
    elif isinstance(value, bool):
        body = "b: %s" % ("true" if value else "false")
    elif isinstance(value, int):
        body = "i: %d" % value
    elif isinstance(value, float):
        body = "f: %s" % repr(value)
    elif isinstance(value, str):
        body = 's: "%s"' % value
    elif isinstance(value, Ints):
        body = "list { %s}" % ("i: [%s] " % ", ".join(str(v) for v in value) if value else "")
    elif isinstance(value, Strs):
        body = "list { %s}" % "".join('s: "%s" ' % v for v in value)
    elif isinstance(value, Shape):
        body = "shape %s" % _shape_text(value.dims)
    elif isinstance(value, Tensor):
        return "\n".join([pad + "attr {", pad + '  key: "%s"' % key, pad + "  value {", pad + "    tensor {",
                          _tensor_text(value, indent + 6), pad + "    }", pad + "  }", pad + "}"])
    else:
        raise TypeError("attr %s: unsupported value %r" % (key, value))
    return '%sattr { key: "%s" value { %s } }' % (pad, key, body)


class Graph:
    """A GraphDef under construction; nodes keep the order in which they were added."""

    def __init__(self, producer=1645):
        self.nodes = []
        self.producer = producer
        self.names = set()

    def op(self, name, op, inputs=(), **attrs):
        if name in self.names:
            raise ValueError("duplicate node name %s" % name)
        self.names.add(name)
        self.nodes.append((name, op, list(inputs), attrs))
        return name

    def placeholder(self, name, shape, dtype="DT_FLOAT"):
        return self.op(name, "Placeholder", dtype=Type(dtype), shape=Shape(shape))

    def const(self, name, tensor):
        return self.op(name, "Const", dtype=Type(tensor.dtype), value=tensor)

    def to_pbtxt(self, header=""):
        out = []
        for line in header.strip().splitlines():
            out.append("# " + line if line else "#")
        for name, op, inputs, attrs in self.nodes:
            out.append("node {")
            out.append('  name: "%s"' % name)
            out.append('  op: "%s"' % op)
            for i in inputs:
                out.append('  input: "%s"' % i)
            for key in sorted(attrs):
                out.append(_attr_text(key, attrs[key], 2))
            out.append("}")
        out.append("versions { producer: %d }" % self.producer)
        return "\n".join(out) + "\n"


# The attributes TensorFlow attaches to the NN ops in a frozen graph.
F32 = Type("DT_FLOAT")
I32 = Type("DT_INT32")


def conv2d_attrs(strides, padding, dilations=(1, 1, 1, 1)):
    return dict(T=F32, strides=Ints(strides), padding=padding, data_format="NHWC",
                dilations=Ints(dilations), explicit_paddings=Ints([]), use_cudnn_on_gpu=True)


def depthwise_attrs(strides, padding, dilations=(1, 1, 1, 1)):
    return dict(T=F32, strides=Ints(strides), padding=padding, data_format="NHWC",
                dilations=Ints(dilations), explicit_paddings=Ints([]))


def pool_attrs(ksize, strides, padding):
    return dict(T=F32, ksize=Ints(ksize), strides=Ints(strides), padding=padding, data_format="NHWC")

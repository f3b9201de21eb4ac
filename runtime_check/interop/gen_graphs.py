#!/usr/bin/env python3
"""Writes the interop test graphs (graphs/*.pbtxt) and their manifest (graphs/MANIFEST).

    python3 runtime_check/interop/gen_graphs.py          # rewrite the files
    python3 runtime_check/interop/gen_graphs.py --check  # exit 1 if a committed file differs

Each graph feeds Placeholders through a few TF ops with odd sizes, batch > 1, broadcasting and every
padding/stride/dilation form the converter must get right. Inputs are the runners' default pattern
0.1*(i%17)-0.5, so ops defined only for positive values (Log, Sqrt, Rsqrt) get Square(x)+1/8 first.
Weights come from graphgen.weights (deterministic, exact in float32).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from graphgen import (F32, I32, Graph, Ints, Tensor, conv2d_attrs, depthwise_attrs, floats, ints,  # noqa: E402
                      pool_attrs, scalar, weights)

# Default tolerances of the comparison (LiteRT.js on our .tflite vs tfjs on the source graph).
DEFAULT_ATOL = 1e-5
DEFAULT_RTOL = 1e-5

GRAPHS = []


def graph(inputs, outputs, about, atol=None, rtol=None, reason=None):
    """Registers a graph builder.

    inputs: [(name, shape) or (name, shape, dtype)], created as Placeholders and passed to the builder
    by name; outputs: the node names to fetch; atol/rtol/reason: a tolerance override and why.
    """
    def wrap(build):
        GRAPHS.append(dict(name=build.__name__, build=build, inputs=inputs, outputs=outputs,
                           about=about, atol=atol, rtol=rtol, reason=reason))
        return build
    return wrap


@graph([("a", [2, 5, 7]), ("b", [5, 1])],
       ["add", "addv2", "sub", "mul", "maximum", "minimum", "add_splat"],
       "Add/AddV2/Sub/Mul/Maximum/Minimum with broadcasting on either side, a scalar, rank 1 and a\n"
       "constant stored as one value that fills its shape")
def binary_broadcast(g, a, b):
    g.op("add", "Add", [a, g.const("c7", weights([7], seed=1))], T=F32)
    g.op("addv2", "AddV2", [a, b], T=F32)
    g.op("sub", "Sub", [b, a], T=F32)  # the smaller operand first
    g.op("mul", "Mul", [a, g.const("one_and_half", scalar(1.5))], T=F32)
    g.op("maximum", "Maximum", [a, b], T=F32)
    g.op("minimum", "Minimum", [g.const("c157", weights([1, 5, 7], seed=2)), a], T=F32)
    g.op("add_splat", "AddV2", [a, g.const("quarters", Tensor([0.25], [5, 7], splat=True))], T=F32)


@graph([("x", [2, 3, 4, 5]), ("y", [3, 1, 1])],
       ["mul", "div_const", "div_dynamic", "sqdiff", "sub4"],
       "rank-4 Mul/RealDiv/SquaredDifference/Sub, broadcasting from rank 3; division by a computed tensor")
def binary_rank4(g, x, y):
    g.op("mul", "Mul", [x, y], T=F32)
    divisor = g.const("divisor", floats([0.5, -2.0, 1.25, 4.0, -0.75]))
    g.op("div_const", "RealDiv", [x, divisor], T=F32)
    abs_y = g.op("abs_y", "Abs", [y], T=F32)
    positive = g.op("positive_y", "AddV2", [abs_y, g.const("half", scalar(0.5))], T=F32)
    g.op("div_dynamic", "RealDiv", [g.const("c45", weights([4, 5], seed=3)), positive], T=F32)
    g.op("sqdiff", "SquaredDifference", [x, y], T=F32)
    g.op("sub4", "Sub", [x, g.const("c1315", weights([1, 3, 1, 5], seed=4))], T=F32)


@graph([("x", [3, 5, 7])],
       ["neg", "abs", "exp", "square", "log", "sqrt", "rsqrt"],
       "unary math; Log/Sqrt/Rsqrt take Square(x)+1/8 so their input is positive")
def unary_math(g, x):
    for op in ("Neg", "Abs", "Exp", "Square"):
        g.op(op.lower(), op, [x], T=F32)
    positive = g.op("positive", "AddV2", ["square", g.const("eighth", scalar(0.125))], T=F32)
    for op in ("Log", "Sqrt", "Rsqrt"):
        g.op(op.lower(), op, [positive], T=F32)


@graph([("a", [4, 6], "DT_INT32"), ("b", [6], "DT_INT32")],
       ["add", "sub", "mul", "maximum", "minimum", "neg"],
       "int32 elementwise ops (default inputs (i%7)-3)")
def int32_arith(g, a, b):
    g.op("add", "AddV2", [a, b], T=I32)
    g.op("sub", "Sub", [a, g.const("k", ints([5, -4, 3, -2, 1, 0]))], T=I32)
    g.op("mul", "Mul", [a, b], T=I32)
    g.op("maximum", "Maximum", [a, b], T=I32)
    g.op("minimum", "Minimum", [b, a], T=I32)
    g.op("neg", "Neg", [a], T=I32)


@graph([("x", [2, 3, 5, 7])],
       ["relu", "relu6", "elu", "leaky_relu", "sigmoid", "tanh"],
       "activations on 4*x (8*x for Relu6, to cross 6)")
def activations(g, x):
    s = g.op("scaled", "Mul", [x, g.const("four", scalar(4.0))], T=F32)
    s8 = g.op("scaled8", "Mul", [x, g.const("eight", scalar(8.0))], T=F32)
    g.op("relu", "Relu", [s], T=F32)
    g.op("relu6", "Relu6", [s8], T=F32)
    g.op("elu", "Elu", [s], T=F32)
    g.op("leaky_relu", "LeakyRelu", [s], T=F32, alpha=0.2)
    g.op("sigmoid", "Sigmoid", [s], T=F32)
    g.op("tanh", "Tanh", [s], T=F32)


@graph([("x", [3, 5, 7]), ("y", [4, 10])],
       ["softmax3", "softmax_scaled"],
       "Softmax over the last axis of a rank-3 tensor, and of 3*y (the form a beta folds into)")
def softmax(g, x, y):
    g.op("softmax3", "Softmax", [x], T=F32)
    scaled = g.op("scaled", "Mul", [y, g.const("three", scalar(3.0))], T=F32)
    g.op("softmax_scaled", "Softmax", [scaled], T=F32)


@graph([("x", [3, 12])],
       ["fc", "fc_transposed"],
       "MatMul with constant weights + BiasAdd; MatMul transpose_b + Relu")
def matmul_bias(g, x):
    mm = g.op("matmul", "MatMul", [x, g.const("w", weights([12, 5], seed=5, scale=0.5))],
              T=F32, transpose_a=False, transpose_b=False)
    g.op("fc", "BiasAdd", [mm, g.const("b", weights([5], seed=6))], T=F32, data_format="NHWC")
    mm_t = g.op("matmul_t", "MatMul", [x, g.const("w_t", weights([7, 12], seed=7, scale=0.5))],
                T=F32, transpose_a=False, transpose_b=True)
    g.op("fc_transposed", "Relu", [mm_t], T=F32)


@graph([("a", [4, 6]), ("b", [6, 3]), ("c", [5, 6]), ("d", [6, 4])],
       ["mm", "mm_tb", "mm_ta"],
       "MatMul of two Placeholders, plain, transpose_b and transpose_a")
def matmul_dynamic(g, a, b, c, d):
    g.op("mm", "MatMul", [a, b], T=F32, transpose_a=False, transpose_b=False)
    g.op("mm_tb", "MatMul", [a, c], T=F32, transpose_a=False, transpose_b=True)
    g.op("mm_ta", "MatMul", [d, b], T=F32, transpose_a=True, transpose_b=False)


@graph([("x", [2, 9, 11, 3])],
       ["conv_same", "conv_valid_s2"],
       "Conv2D 3x3 SAME stride 1 + BiasAdd; Conv2D 3x2 VALID stride 2; batch 2; filters as tensor_content")
def conv2d_pad_stride(g, x):
    c = g.op("conv_same/Conv2D", "Conv2D", [x, g.const("w_same", weights([3, 3, 3, 5], seed=8, scale=0.5, packed=True))],
             **conv2d_attrs([1, 1, 1, 1], "SAME"))
    g.op("conv_same", "BiasAdd", [c, g.const("b_same", weights([5], seed=9))], T=F32, data_format="NHWC")
    g.op("conv_valid_s2", "Conv2D", [x, g.const("w_valid", weights([3, 2, 3, 4], seed=10, scale=0.5, packed=True))],
         **conv2d_attrs([1, 2, 2, 1], "VALID"))


@graph([("x", [1, 10, 7, 2])],
       ["conv_even_s2", "conv_dilated", "conv_rows_s2"],
       "Conv2D with an even 4x4 filter SAME stride 2 (uneven padding), dilation 2 SAME, stride 2 on rows only")
def conv2d_even_dilated(g, x):
    g.op("conv_even_s2", "Conv2D", [x, g.const("w_even", weights([4, 4, 2, 3], seed=11, scale=0.5))],
         **conv2d_attrs([1, 2, 2, 1], "SAME"))
    g.op("conv_dilated", "Conv2D", [x, g.const("w_dilated", weights([3, 3, 2, 4], seed=12, scale=0.5))],
         **conv2d_attrs([1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1]))
    g.op("conv_rows_s2", "Conv2D", [x, g.const("w_rows", weights([1, 3, 2, 2], seed=13))],
         **conv2d_attrs([1, 2, 1, 1], "VALID"))


@graph([("x", [2, 8, 9, 3])],
       ["dw_mult2", "dw_valid_s2"],
       "DepthwiseConv2dNative multiplier 2 SAME + BiasAdd; multiplier 1 VALID stride 2; batch 2")
def depthwise(g, x):
    d = g.op("dw_mult2/depthwise", "DepthwiseConv2dNative",
             [x, g.const("w_mult2", weights([3, 3, 3, 2], seed=14, scale=0.5, packed=True))],
             **depthwise_attrs([1, 1, 1, 1], "SAME"))
    g.op("dw_mult2", "BiasAdd", [d, g.const("b_mult2", weights([6], seed=15))], T=F32, data_format="NHWC")
    g.op("dw_valid_s2", "DepthwiseConv2dNative", [x, g.const("w_valid", weights([3, 3, 3, 1], seed=16))],
         **depthwise_attrs([1, 2, 2, 1], "VALID"))


@graph([("x", [1, 9, 9, 4])],
       ["dw_dilated", "dw_even_s2"],
       "DepthwiseConv2dNative multiplier 3 with dilation 2 SAME; even 2x2 filter SAME stride 2")
def depthwise_dilated(g, x):
    g.op("dw_dilated", "DepthwiseConv2dNative", [x, g.const("w_dilated", weights([3, 3, 4, 3], seed=17))],
         **depthwise_attrs([1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1]))
    g.op("dw_even_s2", "DepthwiseConv2dNative", [x, g.const("w_even", weights([2, 2, 4, 1], seed=18))],
         **depthwise_attrs([1, 2, 2, 1], "SAME"))


@graph([("x", [2, 9, 11, 4])],
       ["max_same", "max_valid", "avg_same", "avg_valid"],
       "MaxPool/AvgPool 3x3 stride 2 SAME (AvgPool averages only the valid cells), 2x2 VALID, 2x3 stride 1x2 VALID")
def pooling(g, x):
    g.op("max_same", "MaxPool", [x], **pool_attrs([1, 3, 3, 1], [1, 2, 2, 1], "SAME"))
    g.op("max_valid", "MaxPool", [x], **pool_attrs([1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
    g.op("avg_same", "AvgPool", [x], **pool_attrs([1, 3, 3, 1], [1, 2, 2, 1], "SAME"))
    g.op("avg_valid", "AvgPool", [x], **pool_attrs([1, 2, 3, 1], [1, 1, 2, 1], "VALID"))


@graph([("x", [2, 3, 1, 5]), ("y", [1, 4, 1, 3])],
       ["flat", "squeezed", "expanded_last", "squeezed_all", "expanded_mid", "reshaped"],
       "Reshape with -1, Squeeze with and without squeeze_dims, ExpandDims at -1 and 1")
def reshape_squeeze_expand(g, x, y):
    g.op("flat", "Reshape", [x, g.const("flat_shape", ints([-1, 5]))], T=F32, Tshape=I32)
    sq = g.op("squeezed", "Squeeze", [x], T=F32, squeeze_dims=Ints([2]))
    relu = g.op("relu", "Relu", [sq], T=F32)
    g.op("expanded_last", "ExpandDims", [relu, g.const("minus_one", ints([-1], shape=[]))], T=F32, Tdim=I32)
    sq_all = g.op("squeezed_all", "Squeeze", [y], T=F32, squeeze_dims=Ints([]))
    g.op("expanded_mid", "ExpandDims", [sq_all, g.const("one", ints([1], shape=[]))], T=F32, Tdim=I32)
    shifted = g.op("shifted", "AddV2", [y, g.const("one_f", scalar(1.0))], T=F32)
    g.op("reshaped", "Reshape", [shifted, g.const("shape_3x4", ints([3, 4]))], T=F32, Tshape=I32)


@graph([("a", [2, 3, 4]), ("b", [2, 3, 2]), ("x", [2, 3, 4, 5])],
       ["concat_last", "concat_first", "transposed3", "transposed4"],
       "ConcatV2 of 3 inputs (one constant) at axis -1, of 2 at axis 0; rank-3 and rank-4 Transpose")
def concat_transpose(g, a, b, x):
    c = g.const("c", weights([2, 3, 1], seed=19))
    g.op("concat_last", "ConcatV2", [a, b, c, g.const("axis_last", ints([-1], shape=[]))], T=F32, N=3, Tidx=I32)
    neg = g.op("neg_a", "Neg", [a], T=F32)
    g.op("concat_first", "ConcatV2", [a, neg, g.const("axis0", ints([0], shape=[]))], T=F32, N=2, Tidx=I32)
    g.op("transposed3", "Transpose", [a, g.const("perm3", ints([2, 0, 1]))], T=F32, Tperm=I32)
    g.op("transposed4", "Transpose", [x, g.const("perm4", ints([0, 3, 1, 2]))], T=F32, Tperm=I32)


@graph([("x", [2, 5, 7, 3]), ("y", [4, 6])],
       ["padded", "global_mean", "mean_last", "padded2", "mean_rows"],
       "Pad with uneven amounts (rank 4 and 2), Mean over H,W (global pooling), over -1 keep_dims, over rows")
def pad_mean(g, x, y):
    g.op("padded", "Pad", [x, g.const("pads4", ints([0, 0, 1, 2, 2, 1, 0, 0], shape=[4, 2]))], T=F32, Tpaddings=I32)
    g.op("global_mean", "Mean", [x, g.const("axes_hw", ints([1, 2]))], T=F32, Tidx=I32, keep_dims=False)
    g.op("mean_last", "Mean", [x, g.const("axis_last", ints([-1]))], T=F32, Tidx=I32, keep_dims=True)
    g.op("padded2", "Pad", [y, g.const("pads2", ints([1, 0, 0, 3], shape=[2, 2]))], T=F32, Tpaddings=I32)
    g.op("mean_rows", "Mean", [y, g.const("axis0", ints([0]))], T=F32, Tidx=I32, keep_dims=False)


@graph([("x", [3, 7]), ("k", [3, 7], "DT_INT32")],
       ["to_int", "back_to_float", "k_plus_x"],
       "Cast float->int32 (truncation toward zero, values away from integers) and int32->float")
def cast(g, x, k):
    scaled = g.op("scaled", "Mul", [x, g.const("scale", scalar(7.25))], T=F32)
    shifted = g.op("shifted", "AddV2", [scaled, g.const("quarter", scalar(0.25))], T=F32)
    to_int = g.op("to_int", "Cast", [shifted], SrcT=F32, DstT=I32, Truncate=False)
    back = g.op("back", "Cast", [to_int], SrcT=I32, DstT=F32, Truncate=False)
    g.op("back_to_float", "Mul", [back, g.const("half", scalar(0.5))], T=F32)
    k_float = g.op("k_float", "Cast", [k], SrcT=I32, DstT=F32, Truncate=False)
    g.op("k_plus_x", "AddV2", [k_float, x], T=F32)


@graph([("x", [3, 12, 12, 2])],
       ["probs"],
       "a small CNN, batch 3: Conv2D+BiasAdd+Relu, MaxPool, Depthwise+BiasAdd+Relu6, AvgPool, Reshape,\n"
       "MatMul+BiasAdd, Softmax (the chains the fusion passes rewrite); weights as tensor_content")
def small_cnn(g, x):
    c = g.op("conv/Conv2D", "Conv2D", [x, g.const("conv/kernel", weights([3, 3, 2, 6], seed=20, scale=0.5, packed=True))],
             **conv2d_attrs([1, 1, 1, 1], "SAME"))
    c = g.op("conv/BiasAdd", "BiasAdd", [c, g.const("conv/bias", weights([6], seed=21, scale=0.25, packed=True))],
             T=F32, data_format="NHWC")
    c = g.op("conv/Relu", "Relu", [c], T=F32)
    p = g.op("pool1", "MaxPool", [c], **pool_attrs([1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
    d = g.op("dw/depthwise", "DepthwiseConv2dNative",
             [p, g.const("dw/kernel", weights([3, 3, 6, 1], seed=22, scale=0.5, packed=True))],
             **depthwise_attrs([1, 1, 1, 1], "SAME"))
    d = g.op("dw/BiasAdd", "BiasAdd", [d, g.const("dw/bias", weights([6], seed=23, scale=0.25, packed=True))],
             T=F32, data_format="NHWC")
    d = g.op("dw/Relu6", "Relu6", [d], T=F32)
    p = g.op("pool2", "AvgPool", [d], **pool_attrs([1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
    r = g.op("flatten", "Reshape", [p, g.const("flatten/shape", ints([-1, 54]).as_packed())], T=F32, Tshape=I32)
    m = g.op("dense/MatMul", "MatMul", [r, g.const("dense/kernel", weights([54, 10], seed=24, scale=0.25, packed=True))],
             T=F32, transpose_a=False, transpose_b=False)
    m = g.op("dense/BiasAdd", "BiasAdd", [m, g.const("dense/bias", weights([10], seed=25, scale=0.25, packed=True))],
             T=F32, data_format="NHWC")
    g.op("probs", "Softmax", [m], T=F32)


# The array family's graphs live in their own file (gen_graphs_array.py).
import gen_graphs_array  # noqa: E402
gen_graphs_array.register(graph)


@graph([("a", [2, 3, 5]), ("b", [3, 1])],
       ["math_div_no_nan", "math_is_nan", "math_is_inf", "math_is_finite", "math_is_finite_root"],
       "math ops of issue 5 on odd shapes: DivNoNan broadcasting [3,1] into [2,3,5] (the divisor Floor(b)\n"
       "holds -1, 0 and 1, so the zero branch is taken); IsNan/IsFinite of Sqrt(a) (NaN for a < 0) and\n"
       "IsInf/IsFinite of Exp(1000 a) (inf for a >= 0.1). The specials come straight from SQRT/EXP: TFLite's\n"
       "ADD/SUB/DIV clamp infinities to the largest float (their activation range)")
def math_guarded(g, a, b):
    floor_b = g.op("floor_b", "Floor", [b], T=F32)
    g.op("math_div_no_nan", "DivNoNan", [a, floor_b], T=F32)
    root = g.op("sqrt_a", "Sqrt", [a], T=F32)
    scaled = g.op("scaled_a", "Mul", [a, g.const("thousand", scalar(1000.0))], T=F32)
    huge = g.op("exp_scaled_a", "Exp", [scaled], T=F32)
    g.op("math_is_nan", "IsNan", [root], T=F32)
    g.op("math_is_inf", "IsInf", [huge], T=F32)
    g.op("math_is_finite", "IsFinite", [huge], T=F32)
    g.op("math_is_finite_root", "IsFinite", [root], T=F32)


@graph([("a", [2, 3, 5]), ("b", [3, 1]), ("c", [2, 3, 5])],
       ["math_cumsum", "math_cumsum_exclusive", "math_cumsum_reverse", "math_cumsum_both", "math_cumsum_axis0",
        "math_atan2", "math_atan2_bcast", "math_add_n"],
       "Cumsum along the last axis plain, exclusive, reverse and both, and along axis 0 (tfjs returns an\n"
       "empty tensor for the negative spelling -3; C++ tests cover negative axes); Atan2 of a\n"
       "over c - 0.05 (all four quadrants, atan2(0, -0.05) = pi) and of b [3,1] broadcast against a; AddN of\n"
       "a, c and a*a")
def math_scan_atan2(g, a, b, c):
    last = g.const("axis_last", ints([2], shape=[]))
    for name, exclusive, reverse in (("math_cumsum", False, False), ("math_cumsum_exclusive", True, False),
                                     ("math_cumsum_reverse", False, True), ("math_cumsum_both", True, True)):
        g.op(name, "Cumsum", [a, last], T=F32, Tidx=I32, exclusive=exclusive, reverse=reverse)
    g.op("math_cumsum_axis0", "Cumsum", [a, g.const("axis_first", ints([0], shape=[]))], T=F32, Tidx=I32,
         exclusive=False, reverse=False)
    shifted = g.op("c_shifted", "Sub", [c, g.const("c_shift", scalar(0.05))], T=F32)
    g.op("math_atan2", "Atan2", [a, shifted], T=F32)
    g.op("math_atan2_bcast", "Atan2", [b, a], T=F32)
    squared = g.op("a_squared", "Mul", [a, a], T=F32)
    g.op("math_add_n", "AddN", [a, c, squared], T=F32, N=3)


# The select / sparse graphs (Select, SelectV2, SparseToDense) live in gen_graphs_select.py.
import gen_graphs_select  # noqa: E402
gen_graphs_select.register(graph)

# The nn graphs of issue 5 (fused convolutions and MatMul, Einsum, LRN) live in gen_graphs_nn.py.
import gen_graphs_nn  # noqa: E402
gen_graphs_nn.register(graph)


def manifest_text():
    lines = [
        "# The interop graphs: written by gen_graphs.py, do not edit by hand.",
        "# Columns: file, input arrays, output arrays, input shapes (tflite_convert syntax: dims joined by",
        "# ',' and inputs by ':'), atol, rtol. Each file converts with our tflite_convert; LiteRT.js runs",
        "# the .tflite on the default inputs and tfjs runs the source graph on the same inputs.",
        "# Default tolerance: atol %g, rtol %g (float32 on both sides; only summation order differs)."
        % (DEFAULT_ATOL, DEFAULT_RTOL),
    ]
    for spec in GRAPHS:
        lines.append("")
        lines.extend("# " + line for line in spec["about"].splitlines())
        if spec["reason"]:
            lines.append("# tolerance: %s" % spec["reason"])
        shapes = ":".join(",".join(str(d) for d in i[1]) for i in spec["inputs"])
        lines.append("%s.pbtxt %s %s %s %g %g" % (
            spec["name"], ",".join(i[0] for i in spec["inputs"]), ",".join(spec["outputs"]), shapes,
            spec["atol"] if spec["atol"] is not None else DEFAULT_ATOL,
            spec["rtol"] if spec["rtol"] is not None else DEFAULT_RTOL))
    return "\n".join(lines) + "\n"


def generated_files():
    files = {}
    for spec in GRAPHS:
        g = Graph()
        names = [g.placeholder(*i) for i in spec["inputs"]]
        spec["build"](g, *names)
        missing = [n for n in spec["outputs"] if n not in g.names]
        if missing:
            raise ValueError("%s: no nodes named %s" % (spec["name"], missing))
        header = "Interop test graph %s (generated by runtime_check/interop/gen_graphs.py).\n%s" % (
            spec["name"], spec["about"])
        files["%s.pbtxt" % spec["name"]] = g.to_pbtxt(header)
    files["MANIFEST"] = manifest_text()
    return files


def main():
    check = "--check" in sys.argv[1:]
    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "graphs")
    stale = []
    for name, text in sorted(generated_files().items()):
        path = os.path.join(out_dir, name)
        old = open(path).read() if os.path.exists(path) else None
        if old == text:
            continue
        if check:
            stale.append(name)
        else:
            os.makedirs(out_dir, exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            print("wrote", path)
    if stale:
        print("out of date (run python3 runtime_check/interop/gen_graphs.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

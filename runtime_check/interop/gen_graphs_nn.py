"""The nn-family interop graphs of issue 5 (names prefixed nn_), registered into gen_graphs.py's list.

gen_graphs.py calls register(graph) with its `graph` decorator. The fused forms are written the way
grappler and the TensorFlow.js converter write them (fused_ops, num_args, leakyrelu_alpha, epsilon);
tfjs runs _FusedConv2D, FusedDepthwiseConv2dNative and _FusedMatMul with BiasAdd and Relu, Relu6,
Elu, LeakyRelu or Sigmoid. What tfjs lacks is checked by hand-derived values in plugins/nn/*_test.cc
instead: the FusedBatchNorm and BiasAdd+Add fusions (tfjs refuses them), Tanh/Gelu epilogues,
_FusedDepthwiseConv2dNative (tfjs knows only its own spelling), depthwise LeakyRelu (tfjs-converter's
op list for FusedDepthwiseConv2dNative lacks leakyrelu_alpha, so tfjs multiplies by undefined and
returns NaN), MaxPoolV2, and Einsum with an ellipsis or a repeated label (tfjs's einsum takes
neither).
"""
from graphgen import F32, Ints, Strs, conv2d_attrs, depthwise_attrs, weights  # noqa: F401


def fused_conv_attrs(strides, padding, fused, dilations=(1, 1, 1, 1), alpha=None):
    a = conv2d_attrs(strides, padding, dilations)
    a.update(fused_ops=Strs(fused), num_args=1, epsilon=0.0001)
    if alpha is not None:
        a["leakyrelu_alpha"] = alpha
    return a


def fused_depthwise_attrs(strides, padding, fused, dilations=(1, 1, 1, 1), alpha=None):
    a = depthwise_attrs(strides, padding, dilations)
    a.update(fused_ops=Strs(fused), num_args=1, epsilon=0.0001)
    if alpha is not None:
        a["leakyrelu_alpha"] = alpha
    return a


def fused_matmul_attrs(fused, transpose_a=False, transpose_b=False, alpha=None):
    a = dict(T=F32, transpose_a=transpose_a, transpose_b=transpose_b, fused_ops=Strs(fused), num_args=1,
             epsilon=0.0001)
    if alpha is not None:
        a["leakyrelu_alpha"] = alpha
    return a


def register(graph):
    @graph([("x", [2, 9, 11, 3])],
           ["nn_conv_relu", "nn_conv_relu6_s2", "nn_conv_elu_even", "nn_conv_leaky_dilated", "nn_conv_sigmoid",
            "nn_conv_bias"],
           "_FusedConv2D with BiasAdd and Relu (3x3 SAME), Relu6 (3x2 VALID stride 2, weights x4 to cross 6),\n"
           "Elu (even 4x4 SAME stride 2: uneven padding), LeakyRelu alpha 0.25 (dilation 2 SAME), Sigmoid\n"
           "(1x1), BiasAdd alone (2x2 VALID stride [1, 3]); batch 2, odd sizes")
    def nn_fused_conv(g, x):
        def conv(name, filt, seed, strides, padding, fused, dilations=(1, 1, 1, 1), alpha=None, scale=1.0):
            f = g.const(name + "_filter", weights(filt, seed=seed, scale=scale, packed=True))
            b = g.const(name + "_bias", weights([filt[3]], seed=seed + 50))
            g.op(name, "_FusedConv2D", [x, f, b], **fused_conv_attrs(strides, padding, fused, dilations, alpha))

        conv("nn_conv_relu", [3, 3, 3, 4], 1, [1, 1, 1, 1], "SAME", ["BiasAdd", "Relu"])
        conv("nn_conv_relu6_s2", [3, 2, 3, 5], 2, [1, 2, 2, 1], "VALID", ["BiasAdd", "Relu6"], scale=4.0)
        conv("nn_conv_elu_even", [4, 4, 3, 3], 3, [1, 2, 2, 1], "SAME", ["BiasAdd", "Elu"])
        conv("nn_conv_leaky_dilated", [3, 3, 3, 2], 4, [1, 1, 1, 1], "SAME", ["BiasAdd", "LeakyRelu"],
             dilations=(1, 2, 2, 1), alpha=0.25)
        conv("nn_conv_sigmoid", [1, 1, 3, 6], 5, [1, 1, 1, 1], "VALID", ["BiasAdd", "Sigmoid"])
        conv("nn_conv_bias", [2, 2, 3, 3], 6, [1, 1, 3, 1], "VALID", ["BiasAdd"])

    @graph([("x", [2, 8, 9, 3])],
           ["nn_dw_relu", "nn_dw_relu6_s2", "nn_dw_sigmoid_even", "nn_dw_elu_dilated"],
           "FusedDepthwiseConv2dNative (tfjs's spelling) with BiasAdd and Relu (multiplier 2, 3x3 SAME),\n"
           "Relu6 (3x3 VALID stride 2, weights x4), Sigmoid (even 2x2 SAME stride 2), Elu (multiplier 3,\n"
           "dilation 2 SAME); batch 2")
    def nn_fused_depthwise(g, x):
        def dw(name, filt, seed, strides, padding, fused, dilations=(1, 1, 1, 1), alpha=None, scale=1.0):
            f = g.const(name + "_filter", weights(filt, seed=seed, scale=scale, packed=True))
            b = g.const(name + "_bias", weights([filt[2] * filt[3]], seed=seed + 50))
            g.op(name, "FusedDepthwiseConv2dNative", [x, f, b],
                 **fused_depthwise_attrs(strides, padding, fused, dilations, alpha))

        dw("nn_dw_relu", [3, 3, 3, 2], 11, [1, 1, 1, 1], "SAME", ["BiasAdd", "Relu"])
        dw("nn_dw_relu6_s2", [3, 3, 3, 1], 12, [1, 2, 2, 1], "VALID", ["BiasAdd", "Relu6"], scale=4.0)
        dw("nn_dw_sigmoid_even", [2, 2, 3, 1], 13, [1, 2, 2, 1], "SAME", ["BiasAdd", "Sigmoid"])
        dw("nn_dw_elu_dilated", [3, 3, 3, 3], 14, [1, 1, 1, 1], "SAME", ["BiasAdd", "Elu"], dilations=(1, 2, 2, 1))

    @graph([("a", [5, 12]), ("c", [12, 5])],
           ["nn_mm_relu", "nn_mm_elu_tb", "nn_mm_leaky", "nn_mm_relu6_ta", "nn_mm_bias"],
           "_FusedMatMul with BiasAdd and Relu; Elu with transpose_b; LeakyRelu alpha 0.3; Relu6 with\n"
           "transpose_a (weights x2); BiasAdd alone; 5 rows of 12")
    def nn_fused_matmul(g, a, c):
        def mm(name, lhs, wshape, seed, fused, ta=False, tb=False, alpha=None, scale=1.0):
            w = g.const(name + "_weights", weights(wshape, seed=seed, scale=scale, packed=True))
            b = g.const(name + "_bias", weights([wshape[0] if tb else wshape[1]], seed=seed + 50))
            g.op(name, "_FusedMatMul", [lhs, w, b], **fused_matmul_attrs(fused, ta, tb, alpha))

        mm("nn_mm_relu", a, [12, 7], 21, ["BiasAdd", "Relu"])
        mm("nn_mm_elu_tb", a, [6, 12], 22, ["BiasAdd", "Elu"], tb=True)
        mm("nn_mm_leaky", a, [12, 4], 23, ["BiasAdd", "LeakyRelu"], alpha=0.3)
        mm("nn_mm_relu6_ta", c, [12, 3], 24, ["BiasAdd", "Relu6"], ta=True, scale=2.0)
        mm("nn_mm_bias", a, [12, 9], 25, ["BiasAdd"])

    @graph([("x", [2, 3, 5]), ("y", [2, 5, 4]), ("z", [3, 5]), ("q", [2, 3, 4, 5]), ("k", [2, 6, 4, 5])],
           ["nn_ein_dense", "nn_ein_bmm", "nn_ein_transposed_w", "nn_ein_heads", "nn_ein_proj", "nn_ein_proj_in",
            "nn_ein_proj_out", "nn_ein_rowdot", "nn_ein_outer", "nn_ein_sum_t"],
           "Einsum: abc,cd->abd and ab,cb->ac with constant weights (FULLY_CONNECTED), bij,bjk->bik,\n"
           "abcd,aecd->acbe (head attention), BFNH,NHD->BFD, abc,cde->abde then abde,deh->abh (projections\n"
           "with two contracted or two free labels), ab,ab->a (row dot products), ab,cd->abcd (outer\n"
           "product), abc->ca (sum and transpose)")
    def nn_einsum(g, x, y, z, q, k):
        def ein(name, equation, inputs):
            g.op(name, "Einsum", inputs, equation=equation, T=F32, N=len(inputs))

        ein("nn_ein_dense", "abc,cd->abd", [x, g.const("w_cd", weights([5, 4], seed=31))])
        ein("nn_ein_bmm", "bij,bjk->bik", [x, y])
        ein("nn_ein_transposed_w", "ab,cb->ac", [z, g.const("w_cb", weights([4, 5], seed=32))])
        ein("nn_ein_heads", "abcd,aecd->acbe", [q, k])
        ein("nn_ein_proj", "BFNH,NHD->BFD", [q, g.const("w_nhd", weights([4, 5, 6], seed=33, packed=True))])
        proj = g.op("nn_ein_proj_in", "Einsum", [x, g.const("w_dnh", weights([5, 2, 3], seed=34))],
                    equation="abc,cde->abde", T=F32, N=2)
        g.op("nn_ein_proj_out", "Einsum", [proj, g.const("w_deh", weights([2, 3, 4], seed=35))],
             equation="abde,deh->abh", T=F32, N=2)
        ein("nn_ein_rowdot", "ab,ab->a", [z, z])
        ein("nn_ein_outer", "ab,cd->abcd", [z, g.const("w_outer", weights([2, 3], seed=36))])
        ein("nn_ein_sum_t", "abc->ca", [x])

    @graph([("x", [2, 3, 4, 7])],
           ["nn_lrn", "nn_lrn_wide"],
           "LRN depth_radius 2, bias 1, alpha 0.2, beta 0.75 (AlexNet-like, the window clipped at both ends\n"
           "of 7 channels); depth_radius 5 (wider than the depth), bias 2, alpha 0.5, beta 0.5")
    def nn_lrn(g, x):
        g.op("nn_lrn", "LRN", [x], T=F32, depth_radius=2, bias=1.0, alpha=0.2, beta=0.75)
        g.op("nn_lrn_wide", "LRN", [x], T=F32, depth_radius=5, bias=2.0, alpha=0.5, beta=0.5)

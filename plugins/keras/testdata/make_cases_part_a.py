#!/usr/bin/env python3
"""Writes cases_part_a.json: Keras 2 model configs of the convolution, pooling and shape layers.

Each case: {"name", "model_config", "input_shapes", "weight_shapes", "output_shapes"}. The interop
harness makes the weights itself; weight_shapes ({layer: [[weight name, shape], ...]} in Keras 3
variable order) is there for checks and for runners that cannot infer them, and output_shapes are
Keras' output-size formulas applied here (plugins/keras/cases_part_a_test.cc checks both against
the layer builders).
Run from this folder: python3 make_cases_part_a.py > cases_part_a.json
"""
import json
import math

BATCH = 1


def conv_len(n, k, s, d, padding):
    span = (k - 1) * d + 1
    if padding == "same":
        return (n + s - 1) // s
    if padding == "causal":  # left pad of span - 1, then valid
        return (n - 1) // s + 1
    return (n - span) // s + 1


def deconv_len(n, k, s, padding, op):
    if op is None:
        return n * s + max(k - s, 0) if padding == "valid" else n * s
    pad = k // 2 if padding == "same" else 0
    return (n - 1) * s + k - 2 * pad + op


def tup(v, r):
    return list(v) if isinstance(v, (list, tuple)) else [v] * r


def base(name, **kw):
    c = {"name": name, "trainable": True, "dtype": "float32"}
    c.update(kw)
    return c


def conv_cfg(name, rank, filters, kernel, strides=1, padding="valid", dilation=1, activation="linear",
             use_bias=True, data_format="channels_last", groups=1):
    c = base(name, filters=filters, kernel_size=tup(kernel, rank), strides=tup(strides, rank),
             padding=padding, data_format=data_format, dilation_rate=tup(dilation, rank), groups=groups,
             activation=activation, use_bias=use_bias,
             kernel_initializer={"class_name": "GlorotUniform", "config": {"seed": None}},
             bias_initializer={"class_name": "Zeros", "config": {}}, kernel_regularizer=None,
             bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None)
    return c


def layer(cls, cfg):
    return {"class_name": cls, "config": cfg}


# ---- shape rules (batch excluded), one per class: returns (out_shape, weights {name: shape}) ----

def spatial_split(shape, cfg):
    if cfg.get("data_format") == "channels_first":
        return shape[1:], shape[0], True
    return shape[:-1], shape[-1], False


def join(sp, ch, first):
    return [ch] + sp if first else sp + [ch]


def rule(cls, cfg, shape):
    if cls in ("Conv1D", "Convolution1D", "Conv2D", "Convolution2D", "DepthwiseConv1D", "DepthwiseConv2D",
               "SeparableConv1D", "SeparableConv2D"):
        sp, ch, first = spatial_split(shape, cfg)
        r = len(sp)
        k, s, d = tup(cfg["kernel_size"], r), tup(cfg.get("strides", 1), r), tup(cfg.get("dilation_rate", 1), r)
        out_sp = [conv_len(sp[i], k[i], s[i], d[i], cfg.get("padding", "valid")) for i in range(r)]
        w = {}
        if cls.startswith("Depthwise"):
            m = cfg.get("depth_multiplier", 1)
            out_ch = ch * m
            w["depthwise_kernel"] = k + [ch, m]
        elif cls.startswith("Separable"):
            m = cfg.get("depth_multiplier", 1)
            out_ch = cfg["filters"]
            w["depthwise_kernel"] = k + [ch, m]
            w["pointwise_kernel"] = [1] * r + [ch * m, out_ch]
        else:
            out_ch = cfg["filters"]
            w["kernel"] = k + [ch // cfg.get("groups", 1), out_ch]
        if cfg.get("use_bias", True):
            w["bias"] = [out_ch]
        return join(out_sp, out_ch, first), w
    if cls in ("Conv1DTranspose", "Conv2DTranspose", "Convolution2DTranspose"):
        sp, ch, first = spatial_split(shape, cfg)
        r = len(sp)
        k, s = tup(cfg["kernel_size"], r), tup(cfg.get("strides", 1), r)
        op = cfg.get("output_padding")
        op = [None] * r if op is None else tup(op, r)
        out_sp = [deconv_len(sp[i], k[i], s[i], cfg.get("padding", "valid"), op[i]) for i in range(r)]
        w = {"kernel": k + [cfg["filters"], ch]}
        if cfg.get("use_bias", True):
            w["bias"] = [cfg["filters"]]
        return join(out_sp, cfg["filters"], first), w
    if cls in ("MaxPooling1D", "MaxPool1D", "AveragePooling1D", "AvgPool1D", "MaxPooling2D", "MaxPool2D",
               "AveragePooling2D", "AvgPool2D"):
        sp, ch, first = spatial_split(shape, cfg)
        r = len(sp)
        p = tup(cfg["pool_size"], r)
        s = tup(cfg["strides"] if cfg.get("strides") is not None else p, r)
        return join([conv_len(sp[i], p[i], s[i], 1, cfg.get("padding", "valid")) for i in range(r)], ch, first), {}
    if cls.startswith("Global"):
        sp, ch, first = spatial_split(shape, cfg)
        if cfg.get("keepdims"):
            return join([1] * len(sp), ch, first), {}
        return [ch], {}
    if cls == "Flatten":
        return [math.prod(shape)], {}
    if cls == "Reshape":
        t = list(cfg["target_shape"])
        if -1 in t:
            t[t.index(-1)] = math.prod(shape) // -math.prod(t)
        return t, {}
    if cls == "Permute":
        return [shape[d - 1] for d in cfg["dims"]], {}
    if cls in ("ZeroPadding2D", "Cropping2D"):
        sp, ch, first = spatial_split(shape, cfg)
        key = "padding" if cls == "ZeroPadding2D" else "cropping"
        v = cfg[key]
        pairs = [[v, v], [v, v]] if isinstance(v, int) else [[e, e] if isinstance(e, int) else e for e in v]
        sign = 1 if cls == "ZeroPadding2D" else -1
        return join([sp[i] + sign * sum(pairs[i]) for i in range(2)], ch, first), {}
    if cls in ("ZeroPadding1D", "Cropping1D"):
        key = "padding" if cls == "ZeroPadding1D" else "cropping"
        v = cfg[key]
        pair = [v, v] if isinstance(v, int) else v
        sign = 1 if cls == "ZeroPadding1D" else -1
        return [shape[0] + sign * sum(pair), shape[1]], {}
    if cls == "UpSampling2D":
        sp, ch, first = spatial_split(shape, cfg)
        s = tup(cfg["size"], 2)
        return join([sp[0] * s[0], sp[1] * s[1]], ch, first), {}
    if cls == "UpSampling1D":
        return [shape[0] * cfg["size"], shape[1]], {}
    raise ValueError(cls)


def chain(name, input_shape, layers, functional=False):
    """A Sequential (or Functional) chain with an explicit InputLayer; returns the case."""
    in_cfg = {"batch_input_shape": [None] + input_shape, "dtype": "float32", "sparse": False,
              "ragged": False, "name": "input_1"}
    shape = list(input_shape)
    weight_shapes = {}
    for l in layers:
        shape, w = rule(l["class_name"], l["config"], shape)
        if w:
            weight_shapes[l["config"]["name"]] = [[k, v] for k, v in w.items()]
    if functional:
        all_layers = [{"class_name": "InputLayer", "config": in_cfg, "name": "input_1", "inbound_nodes": []}]
        prev = "input_1"
        for l in layers:
            n = l["config"]["name"]
            all_layers.append({"class_name": l["class_name"], "config": l["config"], "name": n,
                               "inbound_nodes": [[[prev, 0, 0, {}]]]})
            prev = n
        model = {"class_name": "Functional",
                 "config": {"name": name, "layers": all_layers, "input_layers": [["input_1", 0, 0]],
                            "output_layers": [[prev, 0, 0]]},
                 "keras_version": "2.11.0", "backend": "tensorflow"}
    else:
        model = {"class_name": "Sequential",
                 "config": {"name": name, "layers": [{"class_name": "InputLayer", "config": in_cfg}] + layers},
                 "keras_version": "2.11.0", "backend": "tensorflow"}
    return {"name": name, "model_config": model, "input_shapes": [[BATCH] + input_shape],
            "weight_shapes": weight_shapes, "output_shapes": [[BATCH] + shape]}


def pool_cfg(name, rank, pool, strides=None, padding="valid", data_format="channels_last"):
    return base(name, pool_size=tup(pool, rank), padding=padding,
                strides=None if strides is None else tup(strides, rank), data_format=data_format)


cases = []
C = cases.append

# ---- convolutions ----
C(chain("conv2d_same_stride2_odd_relu", [7, 7, 3],
        [layer("Conv2D", conv_cfg("conv2d", 2, 4, 3, strides=2, padding="same", activation="relu"))]))
C(chain("conv2d_valid_dilated_nobias", [9, 8, 2],
        [layer("Conv2D", conv_cfg("conv2d", 2, 3, 3, dilation=2, use_bias=False))]))
C(chain("conv2d_channels_first", [3, 7, 6],
        [layer("Conv2D", conv_cfg("conv2d", 2, 4, 3, strides=2, padding="same", data_format="channels_first"))]))
C(chain("conv2d_groups2", [5, 5, 4], [layer("Conv2D", conv_cfg("conv2d", 2, 6, 3, groups=2))]))
C(chain("convolution2d_alias_rect_kernel", [7, 9, 2],
        [layer("Convolution2D", conv_cfg("conv2d", 2, 3, [3, 1], strides=[1, 2], activation="tanh"))]))
for act in ["sigmoid", "tanh", "softmax", "softplus", "softsign", "elu", "selu", "exponential", "relu6",
            "hard_sigmoid", "swish", "gelu", "mish", "linear"]:
    C(chain("conv2d_1x1_activation_" + act, [3, 5, 4],
            [layer("Conv2D", conv_cfg("conv2d", 2, 4, 1, activation=act))]))
C(chain("conv1d_causal_dilated", [9, 2],
        [layer("Conv1D", conv_cfg("conv1d", 1, 4, 3, padding="causal", dilation=2))]))
C(chain("conv1d_same_stride2_odd", [7, 3],
        [layer("Conv1D", conv_cfg("conv1d", 1, 2, 4, strides=2, padding="same", activation="relu"))]))
C(chain("convolution1d_alias_valid", [8, 3], [layer("Convolution1D", conv_cfg("conv1d", 1, 5, 3))]))
C(chain("conv1d_channels_first", [3, 7],
        [layer("Conv1D", conv_cfg("conv1d", 1, 2, 3, padding="same", data_format="channels_first"))]))


def dw_cfg(name, rank, kernel, mult=1, strides=1, padding="valid", dilation=1, use_bias=True,
           data_format="channels_last", activation="linear"):
    c = conv_cfg(name, rank, 1, kernel, strides, padding, dilation, activation, use_bias, data_format)
    del c["filters"], c["groups"]
    c["depth_multiplier"] = mult
    c["depthwise_initializer"] = c.pop("kernel_initializer")
    c["depthwise_regularizer"] = c.pop("kernel_regularizer")
    c["depthwise_constraint"] = c.pop("kernel_constraint")
    return c


def sep_cfg(name, rank, filters, kernel, mult=1, strides=1, padding="valid", dilation=1, activation="linear"):
    c = dw_cfg(name, rank, kernel, mult, strides, padding, dilation, activation=activation)
    c["filters"] = filters
    c["pointwise_initializer"] = {"class_name": "GlorotUniform", "config": {"seed": None}}
    c["pointwise_regularizer"] = None
    c["pointwise_constraint"] = None
    return c


C(chain("depthwise_mult2_same_stride2_odd", [7, 5, 3],
        [layer("DepthwiseConv2D", dw_cfg("depthwise_conv2d", 2, 3, mult=2, strides=2, padding="same"))]))
C(chain("depthwise_dilated_valid_nobias", [9, 9, 2],
        [layer("DepthwiseConv2D", dw_cfg("depthwise_conv2d", 2, 3, dilation=2, use_bias=False))]))
C(chain("depthwise_channels_first", [2, 6, 5],
        [layer("DepthwiseConv2D", dw_cfg("depthwise_conv2d", 2, [3, 2], mult=3, padding="same",
                                         data_format="channels_first"))]))
C(chain("depthwise_conv1d", [9, 3], [layer("DepthwiseConv1D", dw_cfg("depthwise_conv1d", 1, 3, mult=2))]))
C(chain("separable_conv2d_same_stride2_tanh", [6, 7, 2],
        [layer("SeparableConv2D", sep_cfg("separable_conv2d", 2, 3, 3, mult=2, strides=2, padding="same",
                                          activation="tanh"))]))
C(chain("separable_conv1d", [8, 3], [layer("SeparableConv1D", sep_cfg("separable_conv1d", 1, 4, 3, padding="same"))]))


def tconv_cfg(name, filters, kernel, strides, padding, output_padding=None, use_bias=True, rank=2):
    c = conv_cfg(name, rank, filters, kernel, strides, padding, use_bias=use_bias)
    del c["groups"]
    c["output_padding"] = output_padding
    return c


C(chain("conv2d_transpose_same_stride2", [5, 4, 3],
        [layer("Conv2DTranspose", tconv_cfg("conv2d_transpose", 2, 3, 2, "same"))]))
C(chain("conv2d_transpose_valid_stride2", [5, 4, 3],
        [layer("Conv2DTranspose", tconv_cfg("conv2d_transpose", 2, 3, 2, "valid"))]))
C(chain("conv2d_transpose_same_stride2_output_padding", [5, 4, 3],
        [layer("Conv2DTranspose", tconv_cfg("conv2d_transpose", 2, 3, 2, "same", [1, 0]))]))
C(chain("conv2d_transpose_valid_stride2_output_padding", [5, 4, 3],
        [layer("Conv2DTranspose", tconv_cfg("conv2d_transpose", 2, 3, 2, "valid", [1, 1]))]))
C(chain("conv2d_transpose_channels_first", [3, 4, 5],
        [layer("Conv2DTranspose", dict(tconv_cfg("conv2d_transpose", 2, [3, 2], [2, 1], "same"),
                                       data_format="channels_first"))]))
C(chain("conv1d_transpose_same_stride2_output_padding", [5, 3],
        [layer("Conv1DTranspose", tconv_cfg("conv1d_transpose", 2, 3, 2, "same", [1], rank=1))]))
C(chain("conv1d_transpose_valid_stride3", [4, 2],
        [layer("Conv1DTranspose", tconv_cfg("conv1d_transpose", 3, 2, 3, "valid", rank=1))]))
C(chain("conv2d_transpose_k2_stride2_nobias", [3, 3, 2],
        [layer("Conv2DTranspose", tconv_cfg("conv2d_transpose", 3, 2, 2, "valid", use_bias=False))]))

# ---- pooling ----
C(chain("maxpool2d_valid_odd", [7, 5, 3], [layer("MaxPooling2D", pool_cfg("max_pooling2d", 2, 2))]))
C(chain("maxpool2d_same_3_stride2", [7, 5, 3], [layer("MaxPool2D", pool_cfg("max_pooling2d", 2, 3, 2, "same"))]))
C(chain("avgpool2d_same_odd", [7, 7, 2], [layer("AveragePooling2D", pool_cfg("average_pooling2d", 2, 2, padding="same"))]))
C(chain("avgpool2d_valid_rect", [7, 5, 3],
        [layer("AvgPool2D", pool_cfg("average_pooling2d", 2, [3, 2], [1, 2]))]))
C(chain("maxpool2d_channels_first", [2, 5, 5],
        [layer("MaxPooling2D", pool_cfg("max_pooling2d", 2, 2, data_format="channels_first"))]))
C(chain("maxpool1d", [9, 3], [layer("MaxPooling1D", pool_cfg("max_pooling1d", 1, 2))]))
C(chain("avgpool1d_same_4_stride3", [9, 3], [layer("AvgPool1D", pool_cfg("average_pooling1d", 1, 4, 3, "same"))]))
C(chain("global_avgpool2d", [5, 3, 4],
        [layer("GlobalAveragePooling2D", base("global_average_pooling2d", data_format="channels_last"))]))
C(chain("global_maxpool2d_keepdims", [5, 3, 4],
        [layer("GlobalMaxPooling2D", base("global_max_pooling2d", data_format="channels_last", keepdims=True))]))
C(chain("global_avgpool2d_channels_first", [5, 3, 4],
        [layer("GlobalAvgPool2D", base("global_average_pooling2d", data_format="channels_first"))]))
C(chain("global_maxpool1d", [7, 3], [layer("GlobalMaxPooling1D", base("global_max_pooling1d", data_format="channels_last"))]))
C(chain("global_avgpool1d_keepdims", [7, 3],
        [layer("GlobalAveragePooling1D", base("global_average_pooling1d", data_format="channels_last", keepdims=True))]))

# ---- shape layers ----
C(chain("flatten", [5, 3, 2], [layer("Flatten", base("flatten", data_format="channels_last"))]))
C(chain("flatten_channels_first", [2, 3, 5], [layer("Flatten", base("flatten", data_format="channels_first"))]))
C(chain("reshape_minus_one", [4, 3], [layer("Reshape", base("reshape", target_shape=[-1, 2]))]))
C(chain("reshape_rank3", [12], [layer("Reshape", base("reshape", target_shape=[3, 2, 2]))]))
C(chain("permute_rank4", [3, 4, 5], [layer("Permute", base("permute", dims=[3, 1, 2]))]))
C(chain("permute_rank3", [3, 5], [layer("Permute", base("permute", dims=[2, 1]))]))
C(chain("zero_padding2d_int", [3, 2, 2], [layer("ZeroPadding2D", base("zero_padding2d", padding=2, data_format="channels_last"))]))
C(chain("zero_padding2d_pair", [3, 2, 2], [layer("ZeroPadding2D", base("zero_padding2d", padding=[1, 3], data_format="channels_last"))]))
C(chain("zero_padding2d_asymmetric", [3, 5, 2],
        [layer("ZeroPadding2D", base("zero_padding2d", padding=[[0, 2], [3, 1]], data_format="channels_last"))]))
C(chain("zero_padding2d_channels_first", [2, 3, 3],
        [layer("ZeroPadding2D", base("zero_padding2d", padding=[[1, 0], [0, 2]], data_format="channels_first"))]))
C(chain("zero_padding1d", [5, 2], [layer("ZeroPadding1D", base("zero_padding1d", padding=[2, 1]))]))
C(chain("cropping2d_asymmetric", [7, 6, 2],
        [layer("Cropping2D", base("cropping2d", cropping=[[1, 2], [0, 3]], data_format="channels_last"))]))
C(chain("cropping2d_channels_first", [2, 5, 5],
        [layer("Cropping2D", base("cropping2d", cropping=[[1, 1], [2, 0]], data_format="channels_first"))]))
C(chain("cropping1d", [7, 3], [layer("Cropping1D", base("cropping1d", cropping=[2, 1]))]))
C(chain("upsampling2d_nearest", [3, 2, 2],
        [layer("UpSampling2D", base("up_sampling2d", size=[2, 3], data_format="channels_last", interpolation="nearest"))]))
C(chain("upsampling2d_bilinear", [3, 5, 2],
        [layer("UpSampling2D", base("up_sampling2d", size=[2, 2], data_format="channels_last", interpolation="bilinear"))]))
C(chain("upsampling2d_bilinear_channels_first", [2, 3, 3],
        [layer("UpSampling2D", base("up_sampling2d", size=[3, 2], data_format="channels_first", interpolation="bilinear"))]))
C(chain("upsampling1d", [4, 3], [layer("UpSampling1D", base("up_sampling1d", size=3))]))

# ---- a small functional CNN mixing them ----
C(chain("functional_mixed_cnn", [15, 13, 3], [
    layer("Conv2D", conv_cfg("conv2d", 2, 8, 3, strides=2, padding="same", activation="relu")),
    layer("DepthwiseConv2D", dw_cfg("depthwise_conv2d", 2, 3, padding="same", activation="relu6")),
    layer("MaxPooling2D", pool_cfg("max_pooling2d", 2, 2, padding="same")),
    layer("ZeroPadding2D", base("zero_padding2d", padding=[[1, 0], [0, 1]], data_format="channels_last")),
    layer("Conv2DTranspose", tconv_cfg("conv2d_transpose", 4, 3, 2, "same")),
    layer("Cropping2D", base("cropping2d", cropping=[[1, 0], [0, 1]], data_format="channels_last")),
    layer("UpSampling2D", base("up_sampling2d", size=[2, 2], data_format="channels_last", interpolation="nearest")),
    layer("SeparableConv2D", sep_cfg("separable_conv2d", 2, 6, 3, strides=2, padding="same", activation="swish")),
    layer("AveragePooling2D", pool_cfg("average_pooling2d", 2, 2, padding="valid")),
    layer("Permute", base("permute", dims=[2, 1, 3])),
    layer("Flatten", base("flatten", data_format="channels_last")),
    layer("Reshape", base("reshape", target_shape=[-1, 6])),
    layer("Conv1D", conv_cfg("conv1d", 1, 4, 2, padding="same", activation="sigmoid")),
    layer("GlobalMaxPooling1D", base("global_max_pooling1d", data_format="channels_last")),
], functional=True))

print(json.dumps(cases, indent=1))

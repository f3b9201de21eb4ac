#!/usr/bin/env python3
"""Writes cases_part_b.json: Keras 2 model configs of the core, activation, normalization and merge
layers (Dense, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax, ThresholdedReLU, the dropout and
noise layers, BatchNormalization, LayerNormalization, Normalization, Rescaling, Embedding, Add,
Subtract, Multiply, Average, Maximum, Minimum, Concatenate).

Each case: {"name", "model_config", "input_shapes", "weight_shapes", "output_shapes"} plus, for
cases with integer or index-valued inputs, "input_dtypes" and "input_ranges" ([low, high) per
input: Embedding ids must stay below input_dim). The interop harness makes the weights itself;
weight_shapes ({layer: [[weight name, shape], ...]} in Keras 3 variable order) is there for checks
and for runners that cannot infer them; weights whose name contains "variance" must be positive.
output_shapes follow Keras' shape rules as computed here (plugins/keras/part_b_convert_test.cc
converts every case and checks both).
Run from this folder: python3 make_cases_part_b.py > cases_part_b.json
"""
import json

BATCH = 2


def base(name, **kw):
    c = {"name": name, "trainable": True, "dtype": "float32"}
    c.update(kw)
    return c


def resolve(axes, rank):
    axes = axes if isinstance(axes, list) else [axes]
    return sorted(a + rank if a < 0 else a for a in axes)


def merge_shape(shapes):
    # Keras' Merge.call: lower ranks expanded at axis 1, then broadcasting.
    rank = max(len(s) for s in shapes)
    out = None
    for s in shapes:
        s = list(s)
        while len(s) < rank:
            s.insert(1, 1)
        if out is None:
            out = s
        else:
            out = [a if b == 1 else b for a, b in zip(out, s)]
    return out


def layer_shapes(cls, cfg, ins):
    """(weights as [[name, shape]], output shape) of a layer on input shapes `ins` (batch included)."""
    x = ins[0]
    if cls == "Dense":
        w = [["kernel", [x[-1], cfg["units"]]]]
        if cfg.get("use_bias", True):
            w.append(["bias", [cfg["units"]]])
        return w, x[:-1] + [cfg["units"]]
    if cls == "Embedding":
        return [["embeddings", [cfg["input_dim"], cfg["output_dim"]]]], x + [cfg["output_dim"]]
    if cls == "PReLU":
        alpha = x[1:]
        for a in cfg.get("shared_axes") or []:
            alpha[a - 1] = 1
        return [["alpha", alpha]], x
    if cls == "BatchNormalization":
        axes = resolve(cfg.get("axis", -1), len(x))
        shape = [x[a] for a in axes]
        w = []
        if cfg.get("scale", True):
            w.append(["gamma", shape])
        if cfg.get("center", True):
            w.append(["beta", shape])
        return w + [["moving_mean", shape], ["moving_variance", shape]], x
    if cls == "LayerNormalization":
        axes = resolve(cfg.get("axis", -1), len(x))
        shape = [x[a] for a in axes]
        w = []
        if cfg.get("scale", True):
            w.append(["gamma", shape])
        if cfg.get("center", True):
            w.append(["beta", shape])
        return w, x
    if cls == "Normalization":
        if cfg.get("mean") is not None:
            return [], x
        axes = resolve(cfg["axis"], len(x)) if cfg.get("axis") is not None else []
        shape = [x[a] for a in axes]
        return [["mean", shape], ["variance", shape], ["count", []]], x
    if cls in ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"):
        return [], merge_shape(ins)
    if cls == "Concatenate":
        axis = resolve(cfg.get("axis", -1), len(x))[0]
        out = list(x)
        out[axis] = sum(s[axis] for s in ins)
        return [], out
    return [], x  # activations, dropout/noise layers, Rescaling


def model(name, inputs, calls, outputs):
    """inputs: [(name, shape without batch, dtype)]; calls: [(class, name, config, inbound names)]."""
    layers, shapes, weights = [], {}, {}
    for n, s, d in inputs:
        layers.append({"class_name": "InputLayer",
                       "config": {"batch_input_shape": [None] + s, "dtype": d, "sparse": False,
                                  "ragged": False, "name": n},
                       "name": n, "inbound_nodes": []})
        shapes[n] = [BATCH] + s
    for cls, n, cfg, inbound in calls:
        layers.append({"class_name": cls, "config": base(n, **cfg), "name": n,
                       "inbound_nodes": [[[i, 0, 0, {}] for i in inbound]]})
        w, shapes[n] = layer_shapes(cls, cfg, [shapes[i] for i in inbound])
        if w:
            weights[n] = w
    config = {"class_name": "Functional", "config": {
        "name": name, "layers": layers, "input_layers": [[n, 0, 0] for n, _, _ in inputs],
        "output_layers": [[o, 0, 0] for o in outputs]}}
    return config, weights, [shapes[o] for o in outputs]


cases = []


def case(name, inputs, calls, outputs, ranges=None):
    config, weights, out_shapes = model(name, inputs, calls, outputs)
    c = {"name": name, "model_config": config, "input_shapes": [[BATCH] + s for _, s, _ in inputs],
         "weight_shapes": weights, "output_shapes": out_shapes}
    if any(d != "float32" for _, _, d in inputs):
        c["input_dtypes"] = [d for _, _, d in inputs]
    if ranges:
        c["input_ranges"] = ranges
    cases.append(c)


def chain(name, shape, calls, dtype="float32", ranges=None):
    prev, full = "x", []
    for cls, n, cfg in calls:
        full.append((cls, n, cfg, [prev]))
        prev = n
    case(name, [("x", shape, dtype)], full, [prev], ranges)


def dense(units, **kw):
    return dict({"units": units, "activation": "linear", "use_bias": True}, **kw)


def relu(max_value=None, negative_slope=0.0, threshold=0.0):
    return {"max_value": max_value, "negative_slope": negative_slope, "threshold": threshold}


ZEROS = {"class_name": "Zeros", "config": {}}

# Dense
chain("b_dense_rank2_relu", [7], [("Dense", "dense", dense(5, activation="relu"))])
chain("b_dense_rank3_nobias_tanh", [4, 7], [("Dense", "dense", dense(3, activation="tanh", use_bias=False))])
chain("b_dense_rank4_softmax", [2, 3, 5], [("Dense", "dense", dense(4, activation="softmax"))])
chain("b_dense_bn_relu", [9], [
    ("Dense", "dense", dense(6)),
    ("BatchNormalization", "bn", {"axis": [1], "momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True}),
    ("Activation", "act", {"activation": "relu"})])
# Activation by name
for a in ["relu", "relu6", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus", "softsign", "hard_sigmoid",
          "exponential", "linear", "swish", "gelu"]:
    chain("b_activation_" + a, [3, 5], [("Activation", "act", {"activation": a})])
# ReLU and friends
chain("b_relu_plain", [11], [("ReLU", "re_lu", relu())])
chain("b_relu_max6", [11], [("ReLU", "re_lu", relu(max_value=6.0))])
chain("b_relu_max2_5", [11], [("ReLU", "re_lu", relu(max_value=2.5))])
chain("b_relu_slope_only", [13], [("ReLU", "re_lu", relu(negative_slope=0.15))])
chain("b_relu_general", [3, 7], [("ReLU", "re_lu", relu(max_value=1.5, negative_slope=0.2, threshold=0.3))])
chain("b_relu_negative_threshold", [3, 7], [("ReLU", "re_lu", relu(threshold=-0.4))])
chain("b_leaky_relu_alpha", [2, 9], [("LeakyReLU", "leaky_re_lu", {"alpha": 0.1})])
chain("b_leaky_relu_default", [2, 9], [("LeakyReLU", "leaky_re_lu", {"alpha": 0.3})])
chain("b_prelu_shared_hw", [3, 5, 4], [("PReLU", "p_re_lu", {"alpha_initializer": ZEROS, "alpha_regularizer": None,
                                                             "alpha_constraint": None, "shared_axes": [1, 2]})])
chain("b_prelu_full", [5, 3], [("PReLU", "p_re_lu", {"alpha_initializer": ZEROS, "alpha_regularizer": None,
                                                     "alpha_constraint": None, "shared_axes": None})])
chain("b_elu_alpha1", [7], [("ELU", "elu", {"alpha": 1.0})])
chain("b_elu_alpha_half", [2, 7], [("ELU", "elu", {"alpha": 0.5})])
chain("b_softmax_last", [3, 6], [("Softmax", "softmax", {"axis": -1})])
chain("b_softmax_axis1", [3, 6], [("Softmax", "softmax", {"axis": 1})])
chain("b_thresholded_relu", [3, 5], [("ThresholdedReLU", "thresholded_re_lu", {"theta": 0.35})])
# Identities at inference, each followed by a Dense so that the model computes something
for cls, shape, cfg in [("Dropout", [6], {"rate": 0.4, "noise_shape": None, "seed": None}),
                        ("SpatialDropout1D", [4, 6], {"rate": 0.3, "noise_shape": None, "seed": None}),
                        ("SpatialDropout2D", [3, 3, 6], {"rate": 0.3, "data_format": "channels_last"}),
                        ("GaussianNoise", [6], {"stddev": 0.5}),
                        ("GaussianDropout", [6], {"rate": 0.2}),
                        ("AlphaDropout", [6], {"rate": 0.2}),
                        ("ActivityRegularization", [6], {"l1": 0.01, "l2": 0.0})]:
    chain("b_identity_" + cls.lower(), shape, [(cls, "noise", cfg), ("Dense", "dense", dense(3))])
# Normalization
bn = {"momentum": 0.99, "epsilon": 0.001, "center": True, "scale": True}
chain("b_batchnorm_nhwc", [5, 7, 3], [("BatchNormalization", "batch_normalization", dict(bn, axis=[3]))])
chain("b_batchnorm_axis1_no_center_no_scale", [3, 4, 5], [
    ("BatchNormalization", "batch_normalization", dict(bn, axis=[1], epsilon=0.01, center=False, scale=False))])
chain("b_batchnorm_rank2_scale_only", [7], [
    ("BatchNormalization", "batch_normalization", dict(bn, axis=[1], center=False))])
ln = {"epsilon": 0.001, "center": True, "scale": True}
chain("b_layernorm_last", [4, 6], [("LayerNormalization", "layer_normalization", dict(ln, axis=[2]))])
chain("b_layernorm_two_axes", [2, 3, 4], [("LayerNormalization", "layer_normalization", dict(ln, axis=[2, 3]))])
chain("b_layernorm_plain", [9], [
    ("LayerNormalization", "layer_normalization", dict(ln, axis=[1], epsilon=1e-5, center=False, scale=False))])
norm = {"axis": [-1], "mean": None, "variance": None, "invert": False}
chain("b_normalization_adapted", [3, 5], [("Normalization", "normalization", norm)])
chain("b_normalization_axis_none", [3, 5], [("Normalization", "normalization", dict(norm, axis=[]))])
chain("b_normalization_config_values", [3], [
    ("Normalization", "normalization", dict(norm, mean=[0.5, -1.0, 2.0], variance=[4.0, 0.25, 1.0]))])
chain("b_normalization_invert", [4], [("Normalization", "normalization", dict(norm, invert=True))])
chain("b_rescaling_float", [3, 3, 2], [("Rescaling", "rescaling", {"scale": 1 / 255, "offset": 0.0})])
chain("b_rescaling_uint8", [4, 4, 3], [("Rescaling", "rescaling", {"scale": 1 / 127.5, "offset": -1.0})],
      dtype="uint8", ranges=[[0, 256]])
# Embedding
emb = {"input_dim": 11, "output_dim": 4, "embeddings_initializer": {"class_name": "RandomUniform", "config": {
    "minval": -0.05, "maxval": 0.05, "seed": None}}, "embeddings_regularizer": None, "activity_regularizer": None,
       "embeddings_constraint": None, "mask_zero": False, "input_length": None}
chain("b_embedding_int", [6], [("Embedding", "embedding", emb)], dtype="int32", ranges=[[0, 11]])
chain("b_embedding_float_ids", [6], [("Embedding", "embedding", dict(emb, mask_zero=True))], ranges=[[0, 11]])
# Merge layers: three inputs with broadcasting and a lower-rank input (expanded at axis 1)
three = [("a", [2, 3], "float32"), ("b", [1, 3], "float32"), ("c", [3], "float32")]
for cls in ["Add", "Multiply", "Average", "Maximum", "Minimum"]:
    case("b_merge_%s_3_inputs" % cls.lower(), three, [(cls, "merge", {}, ["a", "b", "c"])], ["merge"])
case("b_merge_add_same_shapes", [("a", [5, 3], "float32"), ("b", [5, 3], "float32")],
     [("Add", "add", {}, ["a", "b"])], ["add"])
case("b_merge_subtract", [("a", [2, 3], "float32"), ("b", [2, 3], "float32")],
     [("Subtract", "subtract", {}, ["a", "b"])], ["subtract"])
case("b_concatenate_axis1", [("a", [2, 3], "float32"), ("b", [4, 3], "float32")],
     [("Concatenate", "concatenate", {"axis": 1}, ["a", "b"])], ["concatenate"])
case("b_concatenate_default", [("a", [2, 3], "float32"), ("b", [2, 1], "float32"), ("c", [2, 5], "float32")],
     [("Concatenate", "concatenate", {"axis": -1}, ["a", "b", "c"])], ["concatenate"])
case("b_concatenate_axis_minus2", [("a", [2, 3, 2], "float32"), ("b", [2, 1, 2], "float32")],
     [("Concatenate", "concatenate", {"axis": -2}, ["a", "b"])], ["concatenate"])
# Several families in one graph
case("b_mixed_graph", [("x", [4, 6], "float32")], [
    ("Dense", "dense_a", dense(6), ["x"]),
    ("BatchNormalization", "bn", dict(bn, axis=[2]), ["dense_a"]),
    ("PReLU", "prelu", {"alpha_initializer": ZEROS, "shared_axes": [1]}, ["bn"]),
    ("LayerNormalization", "ln", dict(ln, axis=[2]), ["x"]),
    ("Add", "add", {}, ["prelu", "ln"]),
    ("Concatenate", "cat", {"axis": 1}, ["add", "x"]),
    ("ELU", "elu", {"alpha": 0.5}, ["cat"]),
    ("Dense", "probs", dense(3, activation="softmax"), ["elu"]),
], ["probs"])

print(json.dumps(cases, indent=1))

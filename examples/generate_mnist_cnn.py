#!/usr/bin/env python3
"""Writes examples/mnist_cnn.pbtxt, the example model of the README.

    python3 examples/generate_mnist_cnn.py          # rewrite the file
    python3 examples/generate_mnist_cnn.py --check  # exit 1 if the committed file differs

A frozen TensorFlow GraphDef with the layout of a small MNIST classifier, node names and attributes
as Keras/TensorFlow write them:

  image [1,28,28,1]
    conv1: Conv2D 5x5, 8 filters, SAME + BiasAdd + Relu       -> [1,28,28,8]
    pool1: MaxPool 2x2 stride 2                               -> [1,14,14,8]
    block: DepthwiseConv2dNative 3x3 SAME + BiasAdd + Relu6,
           Conv2D 1x1, 16 filters + BiasAdd + Relu6           -> [1,14,14,16]
    pool2: MaxPool 2x2 stride 2                               -> [1,7,7,16]
    conv3: Conv2D 3x3, 16 filters, stride 2 SAME + BiasAdd + Relu -> [1,4,4,16]
    flatten: Reshape [-1,256]; dense: MatMul 256x10 + BiasAdd
  probabilities = Softmax                                     -> [1,10]

The weights are not trained: they are deterministic pseudo-random multiples of 2^-k (exact in
float32), scaled by fan-in like a usual initialization, and stored as tensor_content as in real
frozen graphs. The model shows the conversion path, not digit recognition.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "runtime_check", "interop"))
from graphgen import F32, I32, Graph, conv2d_attrs, depthwise_attrs, ints, pool_attrs, weights  # noqa: E402

OUTPUT = os.path.join(HERE, "mnist_cnn.pbtxt")


def conv_block(g, x, scope, op, kernel_shape, seed, scale, activation, strides=(1, 1, 1, 1)):
    """op(x, kernel) + bias + activation, with the names a Keras layer `scope` gets."""
    kernel = g.const(scope + "/kernel", weights(kernel_shape, seed=seed, scale=scale, packed=True))
    if op == "Conv2D":
        y = g.op(scope + "/Conv2D", "Conv2D", [x, kernel], **conv2d_attrs(list(strides), "SAME"))
        channels = kernel_shape[3]
    else:
        y = g.op(scope + "/depthwise", "DepthwiseConv2dNative", [x, kernel],
                 **depthwise_attrs(list(strides), "SAME"))
        channels = kernel_shape[2] * kernel_shape[3]
    bias = g.const(scope + "/bias", weights([channels], seed=seed + 1, scale=0.125, packed=True))
    y = g.op(scope + "/BiasAdd", "BiasAdd", [y, bias], T=F32, data_format="NHWC")
    return g.op(scope + "/" + activation, activation, [y], T=F32)


def build():
    g = Graph()
    x = g.placeholder("image", [1, 28, 28, 1])
    x = conv_block(g, x, "conv1", "Conv2D", [5, 5, 1, 8], seed=101, scale=0.5, activation="Relu")
    x = g.op("pool1/MaxPool", "MaxPool", [x], **pool_attrs([1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
    x = conv_block(g, x, "block_dw", "DepthwiseConv2dNative", [3, 3, 8, 1], seed=103, scale=0.5,
                   activation="Relu6")
    x = conv_block(g, x, "block_pw", "Conv2D", [1, 1, 8, 16], seed=105, scale=0.5, activation="Relu6")
    x = g.op("pool2/MaxPool", "MaxPool", [x], **pool_attrs([1, 2, 2, 1], [1, 2, 2, 1], "VALID"))
    x = conv_block(g, x, "conv3", "Conv2D", [3, 3, 16, 16], seed=107, scale=0.125, activation="Relu",
                   strides=(1, 2, 2, 1))
    x = g.op("flatten/Reshape", "Reshape", [x, g.const("flatten/Const", ints([-1, 256]).as_packed())],
             T=F32, Tshape=I32)
    kernel = g.const("dense/kernel", weights([256, 10], seed=109, scale=0.125, packed=True))
    x = g.op("dense/MatMul", "MatMul", [x, kernel], T=F32, transpose_a=False, transpose_b=False)
    bias = g.const("dense/bias", weights([10], seed=110, scale=0.125, packed=True))
    x = g.op("dense/BiasAdd", "BiasAdd", [x, bias], T=F32, data_format="NHWC")
    g.op("probabilities", "Softmax", [x], T=F32)
    return g.to_pbtxt("Example model: a small MNIST-style CNN (written by examples/generate_mnist_cnn.py;\n"
                      "untrained deterministic weights). Input \"image\" [1,28,28,1], output \"probabilities\" [1,10].")


def main():
    text = build()
    old = open(OUTPUT).read() if os.path.exists(OUTPUT) else None
    if "--check" in sys.argv[1:]:
        if old != text:
            print("out of date (run python3 examples/generate_mnist_cnn.py): " + OUTPUT)
            return 1
        return 0
    if old != text:
        with open(OUTPUT, "w") as f:
            f.write(text)
        print("wrote", OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())

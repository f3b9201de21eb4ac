"""The select / sparse interop graphs (names prefixed sel_), registered into gen_graphs.py's list.

gen_graphs.py calls register(graph) with its `graph` decorator. Only ops tfjs runs are here: Select,
SelectV2 and SparseToDense. MatrixDiag/MatrixSetDiag, the segment reductions, Bucketize and Bitcast
have no tfjs kernel in its graph executor and are checked by hand-derived values in
plugins/array/{diag,segment,bitcast}_ops_test.cc and plugins/math/bucketize_ops_test.cc.
Conditions come from comparisons of the inputs (default pattern 0.1*(i%17)-0.5), so both branches
are taken.
"""
from graphgen import F32, I32, Ints, Type, floats, ints, scalar  # noqa: F401

BOOL = Type("DT_BOOL")


def register(graph):
    @graph([("x", [4, 3, 5]), ("v", [4])],
           ["sel_same", "sel_scalar"],
           "Select (TF1) with a condition of t's shape (x > 0.05) and a scalar condition (sum of x < 0);\n"
           "e = -2 x. (A vector condition over rows is checked in C++: tfjs broadcasts it NumPy-style.)")
    def sel_select(g, x, v):
        e = g.op("minus_two_x", "Mul", [x, g.const("minus_two", scalar(-2.0))], T=F32)
        cond = g.op("x_positive", "Greater", [x, g.const("twentieth", scalar(0.05))], T=F32)
        g.op("sel_same", "Select", [cond, x, e], T=F32)
        total = g.op("sum_x", "Sum", [x, g.const("all_axes", ints([0, 1, 2]))], T=F32, Tidx=I32, keep_dims=False)
        negative = g.op("sum_negative", "Less", [total, g.const("zero", scalar(0.0))], T=F32)
        scaled_v = g.op("v_times_three", "Mul", [v, g.const("three", scalar(3.0))], T=F32)
        g.op("sel_scalar", "Select", [negative, v, scaled_v], T=F32)

    @graph([("a", [2, 1, 5]), ("b", [3, 1]), ("k", [6], "DT_INT32"), ("w", [2, 2, 1, 1, 2, 3]),
            ("p", [2, 1, 1, 1, 1, 3])],
           ["sel_v2_broadcast", "sel_v2_int", "sel_v2_rank6"],
           "SelectV2 broadcasting condition [3,1], t [2,1,5] and a scalar e to [2,3,5]; on int32 (k < 0 ? k : 7);\n"
           "at rank 6 (beyond TFLite's SELECT_V2: the computed [2,1,1,1,1,3] condition p > -0.25 goes through\n"
           "BROADCAST_TO, the constant e [3] is expanded at conversion, then SELECT)")
    def sel_select_v2(g, a, b, k, w, p):
        cond = g.op("b_above", "Greater", [b, g.const("minus_fifth", scalar(-0.15))], T=F32)
        g.op("sel_v2_broadcast", "SelectV2", [cond, a, g.const("minus_one", scalar(-1.0))], T=F32)
        k_negative = g.op("k_negative", "Less", [k, g.const("izero", ints([0], shape=[]))], T=I32)
        g.op("sel_v2_int", "SelectV2", [k_negative, k, g.const("seven", ints([7], shape=[]))], T=I32)
        picks = g.op("p_above", "Greater", [p, g.const("minus_quarter", scalar(-0.25))], T=F32)
        g.op("sel_v2_rank6", "SelectV2", [picks, w, g.const("halves", floats([0.5, -0.5, 1.5]))], T=F32)

    @graph([("vals", [3]), ("s", [2, 2])],
           ["sel_dense_2d", "sel_dense_scalar"],
           "SparseToDense: 3 values at constant [3,2] indices of a [4,5] output (default 0.25); and a computed\n"
           "scalar value (sum of s) at 1-D indices {0, 3, 4} of a length-6 vector (default -1), which TFLite's\n"
           "kernel takes only as a vector of copies")
    def sel_sparse_to_dense(g, vals, s):
        g.op("sel_dense_2d", "SparseToDense",
             [g.const("idx2", ints([0, 1, 1, 4, 3, 0], shape=[3, 2])), g.const("shape45", ints([4, 5])), vals,
              g.const("quarter", scalar(0.25))],
             T=F32, Tindices=I32, validate_indices=True)
        total = g.op("sum_s", "Sum", [s, g.const("axes01", ints([0, 1]))], T=F32, Tidx=I32, keep_dims=False)
        g.op("sel_dense_scalar", "SparseToDense",
             [g.const("idx1", ints([0, 3, 4])), g.const("shape6", ints([6])), total,
              g.const("minus_one_f", scalar(-1.0))],
             T=F32, Tindices=I32, validate_indices=True)

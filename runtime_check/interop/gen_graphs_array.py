"""The array-family interop graphs (names prefixed array_), registered into gen_graphs.py's list.

gen_graphs.py calls register(graph) with its `graph` decorator, so these graphs go through the same
writer and manifest as the others. Ops tfjs lacks (SpaceToDepth, ReverseSequence), ops whose TFLite
output shape is computed at run time (Unique; Where, whose dynamic-shape int64 output LiteRT.js also
returns wrongly while tfjs gives int32), which LiteRT.js returns stale, are checked by analytic
values in plugins/array/more_array_ops_test.cc instead.
"""
from graphgen import F32, I32, Ints, Type, ints, scalar, weights  # noqa: F401

I64 = Type("DT_INT64")
BOOL = Type("DT_BOOL")


def register(graph):
    @graph([("x", [3, 7]), ("y", [4, 5, 3])],
           ["argmax_last", "argmin_first", "argmax_mid"],
           "ArgMax over axis -1 and 1 of a rank-3 input, ArgMin over axis 0 (int32 results)")
    def array_argmax_topk(g, x, y):
        g.op("argmax_last", "ArgMax", [x, g.const("minus_one", ints([-1], shape=[]))], T=F32, Tidx=I32,
             output_type=I32)
        g.op("argmin_first", "ArgMin", [x, g.const("zero", ints([0], shape=[]))], T=F32, Tidx=I32, output_type=I32)
        g.op("argmax_mid", "ArgMax", [y, g.const("one", ints([1], shape=[]))], T=F32, Tidx=I32, output_type=I32)

    @graph([("x", [2, 4, 6, 4]), ("z", [8, 2, 3, 1])],
           ["d2s", "s2b", "b2s", "b2s_crop"],
           "DepthToSpace block 2; SpaceToBatchND block [2, 3] with padding on H; BatchToSpaceND of that\n"
           "result (back to x) and of a batch-8 input with block [2, 2] and uneven crops")
    def array_space_batch(g, x, z):
        g.op("d2s", "DepthToSpace", [x], T=F32, block_size=2, data_format="NHWC")
        s2b = g.op("s2b", "SpaceToBatchND", [x, g.const("block23", ints([2, 3])),
                                             g.const("pads", ints([1, 1, 0, 0], shape=[2, 2]))],
                   T=F32, Tblock_shape=I32, Tpaddings=I32)
        g.op("b2s", "BatchToSpaceND", [s2b, g.const("block23b", ints([2, 3])),
                                       g.const("crops", ints([1, 1, 0, 0], shape=[2, 2]))],
             T=F32, Tblock_shape=I32, Tcrops=I32)
        g.op("b2s_crop", "BatchToSpaceND", [z, g.const("block22", ints([2, 2])),
                                            g.const("crops2", ints([0, 1, 1, 0], shape=[2, 2]))],
             T=F32, Tblock_shape=I32, Tcrops=I32)

    @graph([("x", [2, 5, 7, 3])],
           ["bilinear", "bilinear_aligned", "bilinear_half", "nearest", "nearest_aligned", "nearest_half"],
           "ResizeBilinear up/down (8x4) and ResizeNearestNeighbor up (9x10), each plain, align_corners\n"
           "and half_pixel_centers")
    def array_resize(g, x):
        size_a = g.const("size_8x4", ints([8, 4]))
        size_b = g.const("size_9x10", ints([9, 10]))
        for suffix, align, half in (("", False, False), ("_aligned", True, False), ("_half", False, True)):
            g.op("bilinear" + suffix, "ResizeBilinear", [x, size_a], T=F32, align_corners=align,
                 half_pixel_centers=half)
            g.op("nearest" + suffix, "ResizeNearestNeighbor", [x, size_b], T=F32, align_corners=align,
                 half_pixel_centers=half)

    @graph([("p", [4, 5, 3]), ("k", [6], "DT_INT32")],
           ["gathered", "gathered_rows", "one_hot_last"],
           "GatherNd of elements and of rows; OneHot\n"
           "on indices (i%7)-3 (negative and out-of-range ones give off_value); tfjs ignores\n"
           "OneHot's axis, so axis 0 is tested in C++ only")
    def array_gather_scatter(g, p, k):
        g.op("gathered", "GatherNd", [p, g.const("idx2", ints([1, 2, 3, 0, 0, 4], shape=[3, 2]))],
             Tparams=F32, Tindices=I32)
        g.op("gathered_rows", "GatherNd", [p, g.const("idx1", ints([3, 0], shape=[2, 1]))],
             Tparams=F32, Tindices=I32)
        depth = g.const("depth", ints([3], shape=[]))
        on = g.const("on", scalar(2.5))
        off = g.const("off", scalar(-0.5))
        g.op("one_hot_last", "OneHot", [k, depth, on, off], T=F32, TI=I32, axis=-1)

    @graph([("x", [2, 3, 4]), ("y", [3, 1])],
           ["reversed", "reversed_mid", "broadcast", "any_rows"],
           "ReverseV2 over axes [-1, 0] and [1]; BroadcastTo [2, 3, 4] from [3, 1]; Any over axis 1 of\n"
           "Cast(x, bool) (x != 0). (All: C++ test only, the reference interpreter lacks REDUCE_ALL)")
    def array_reverse_broadcast(g, x, y):
        g.op("reversed", "ReverseV2", [x, g.const("axes", ints([-1, 0]))], T=F32, Tidx=I32)
        g.op("reversed_mid", "ReverseV2", [x, g.const("axis1", ints([1]))], T=F32, Tidx=I32)
        g.op("broadcast", "BroadcastTo", [y, g.const("target", ints([2, 3, 4]))], T=F32, Tidx=I32)
        positive = g.op("positive", "Cast", [x], SrcT=F32, DstT=BOOL, Truncate=False)
        g.op("any_rows", "Any", [positive, g.const("axis_1", ints([1]))], Tidx=I32, keep_dims=False)

    @graph([("x", [3, 7]), ("u", [4, 2]), ("v", [3]), ("z", [2, 3, 4])],
           ["topk_values", "topk_indices", "tied_values", "tied_indices", "scattered_rows", "scattered_elements",
            "all_rows", "all_keep"],
           "TopKV2 k=3 over the rows of x, and k=4 over Floor(3x), whose rows hold ties (lower index first);\n"
           "ScatterNd of u's rows into a [5,2] zero tensor with a repeated index (duplicates add) and of v's\n"
           "elements into [3,4] (again one index twice); All over axis 1 and, keep_dims, axes [0,2] of z > -0.45")
    def array_topk_scatter_all(g, x, u, v, z):
        k3 = g.const("k3", ints([3], shape=[]))
        g.op("topk", "TopKV2", [x, k3], T=F32, sorted=True)
        g.op("topk_values", "Identity", ["topk"], T=F32)
        g.op("topk_indices", "Identity", ["topk:1"], T=I32)
        tripled = g.op("tripled", "Mul", [x, g.const("three", scalar(3.0))], T=F32)
        steps = g.op("steps", "Floor", [tripled], T=F32)
        g.op("tied", "TopKV2", [steps, g.const("k4", ints([4], shape=[]))], T=F32, sorted=True)
        g.op("tied_values", "Identity", ["tied"], T=F32)
        g.op("tied_indices", "Identity", ["tied:1"], T=I32)
        g.op("scattered_rows", "ScatterNd", [g.const("row_idx", ints([1, 3, 1, 0], shape=[4, 1])), u,
                                             g.const("rows_shape", ints([5, 2]))], T=F32, Tindices=I32)
        g.op("scattered_elements", "ScatterNd", [g.const("elem_idx", ints([0, 1, 2, 3, 0, 1], shape=[3, 2])), v,
                                                 g.const("elems_shape", ints([3, 4]))], T=F32, Tindices=I32)
        above = g.op("above", "Greater", [z, g.const("threshold", scalar(-0.45))], T=F32)
        g.op("all_rows", "All", [above, g.const("all_axis", ints([1]))], Tidx=I32, keep_dims=False)
        g.op("all_keep", "All", [above, g.const("all_axes", ints([0, 2]))], Tidx=I32, keep_dims=True)

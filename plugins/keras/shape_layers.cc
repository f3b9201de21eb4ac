// Shape layers: Flatten, Reshape, Permute, ZeroPadding1D/2D, Cropping1D/2D, UpSampling1D/2D.
// The batch dimension stays dynamic: reshapes use a -1 batch when the other dimensions are known,
// and read the batch at run time otherwise. UpSampling2D resizes as tf.image.resize does (TF2 Keras):
// ResizeNearestNeighbor / ResizeBilinear with half_pixel_centers and no align_corners.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/keras/layer_families.h"
#include "plugins/keras/layer_util.h"

namespace tfconv {
namespace {

using Pairs = std::vector<std::pair<int64_t, int64_t>>;

// The product of the non-batch dimensions, or -1 when one is unknown.
int64_t NonBatchElements(const PartialShape& s) {
  int64_t n = 1;
  for (int i = 1; i < s.rank(); ++i) {
    if (s.dim(i) < 0) return -1;
    n *= s.dim(i);
  }
  return n;
}

// Reshape of input `x` to [batch, dims...] (at most one -1 in dims).
absl::StatusOr<Output> ReshapeKeepingBatch(KerasLayerContext& c, Output x, std::vector<int64_t> dims) {
  const PartialShape& s = c.shape_of(x);
  const int64_t known = NonBatchElements(s);
  int unknown_at = -1;
  int64_t product = 1;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1) {
      if (unknown_at >= 0) return c.Error(absl::StrCat("target_shape [", absl::StrJoin(dims, ","), "] has two -1"));
      unknown_at = static_cast<int>(i);
    } else if (dims[i] < 0) {
      return c.Error(absl::StrCat("target_shape [", absl::StrJoin(dims, ","), "] has a negative size"));
    } else {
      product *= dims[i];
    }
  }
  if (known >= 0) {
    // The -1 is resolved here, so that the batch can be the shape constant's only -1.
    if (unknown_at >= 0) {
      if (product == 0 || known % product != 0) {
        return c.Error(absl::StrCat("cannot reshape ", s.ToString(), " to [batch,", absl::StrJoin(dims, ","), "]"));
      }
      dims[unknown_at] = known / product;
    } else if (product != known) {
      return c.Error(absl::StrCat("cannot reshape ", s.ToString(), " (", known, " values per sample) to [batch,",
                                  absl::StrJoin(dims, ","), "] (", product, ")"));
    }
  }
  Output shape;
  if (unknown_at < 0 || known >= 0) {
    std::vector<int64_t> all = {-1};
    all.insert(all.end(), dims.begin(), dims.end());
    shape = Int32Const(c, "Reshape/shape", all);
  } else {
    // An unknown size in the target and in the input: the batch must come from the input.
    TFCONV_ASSIGN_OR_RETURN(shape, ShapeWithBatchOf(c, x, dims, "Reshape/shape"));
  }
  return c.AddOp("Reshape", "Reshape", {x, shape}, {{"Tshape", DataType::kInt32}});
}

absl::Status BuildFlatten(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  TFCONV_ASSIGN_OR_RETURN(DataFormat format, ForLayer(c, ReadDataFormat(c.config())));
  Output x = c.input(0);
  // channels_first: Keras moves the channels last first, so that the flattened order is the same
  // whatever the data format.
  if (format == DataFormat::kChannelsFirst && rank > 2) {
    TFCONV_ASSIGN_OR_RETURN(x, ToChannelsLast(c, x, "to_channels_last"));
  }
  const int64_t n = NonBatchElements(c.shape_of(x));
  TFCONV_ASSIGN_OR_RETURN(Output y, ReshapeKeepingBatch(c, x, {rank < 2 ? 1 : n}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

absl::Status BuildReshape(KerasLayerContext& c) {
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, -1).status());
  if (!c.config().contains("target_shape")) return c.Error("config key 'target_shape' is missing");
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> target, ForLayer(c, KerasInts(c.config(), "target_shape", -1, {})));
  TFCONV_ASSIGN_OR_RETURN(Output y, ReshapeKeepingBatch(c, c.input(0), target));
  c.SetOutputs({y});
  return absl::OkStatus();
}

absl::Status BuildPermute(KerasLayerContext& c) {
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> dims, ForLayer(c, KerasInts(c.config(), "dims", -1, {})));
  // dims numbers the non-batch axes from 1 and must name each of them once.
  std::vector<bool> seen(rank, false);
  bool ok = static_cast<int>(dims.size()) == rank - 1;
  for (int64_t d : dims) {
    ok = ok && d >= 1 && d < rank && !seen[d];
    if (ok) seen[d] = true;
  }
  if (!ok) {
    return c.Error(absl::StrCat("dims [", absl::StrJoin(dims, ","), "] is not a permutation of 1..", rank - 1,
                                " (the non-batch axes of a rank-", rank, " input)"));
  }
  std::vector<int64_t> perm = {0};
  perm.insert(perm.end(), dims.begin(), dims.end());
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("transpose", "Transpose", {c.input(0), Int32Const(c, "transpose/perm", perm)},
                                            {{"Tperm", DataType::kInt32}}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

// The (before, after) amounts of ZeroPadding / Cropping per spatial axis, from an int (the same
// everywhere), a list of `rank` ints (symmetric per axis; for rank 1 a pair is (before, after)) or a
// list of `rank` pairs.
absl::StatusOr<Pairs> ReadPairs(const KerasLayerContext& c, const char* key, int rank, int64_t fallback) {
  Pairs out(rank, {fallback, fallback});
  auto it = c.config().find(key);
  if (it == c.config().end() || it->is_null()) return out;
  const nlohmann::json& v = *it;
  auto bad = [&]() {
    return c.Error(absl::StrCat("config key '", key, "' should be an int, ", rank, " ints or ", rank,
                                " pairs of non-negative ints, not ", v.dump()));
  };
  auto as_int = [](const nlohmann::json& e, int64_t* x) {
    if (!e.is_number_integer() || e.get<int64_t>() < 0) return false;
    *x = e.get<int64_t>();
    return true;
  };
  int64_t x;
  if (as_int(v, &x)) return Pairs(rank, {x, x});
  if (!v.is_array()) return bad();
  if (rank == 1) {
    int64_t a, b;
    if (v.size() != 2 || !as_int(v[0], &a) || !as_int(v[1], &b)) return bad();
    return Pairs{{a, b}};
  }
  if (static_cast<int>(v.size()) != rank) return bad();
  for (int i = 0; i < rank; ++i) {
    const nlohmann::json& e = v[i];
    int64_t a, b;
    if (as_int(e, &a)) {
      out[i] = {a, a};
    } else if (e.is_array() && e.size() == 2 && as_int(e[0], &a) && as_int(e[1], &b)) {
      out[i] = {a, b};
    } else {
      return bad();
    }
  }
  return out;
}

// The first spatial axis: 1 for channels_last, 2 for channels_first.
absl::StatusOr<int> FirstSpatialAxis(const KerasLayerContext& c, int rank) {
  if (rank == 1) return 1;  // the 1-D padding and cropping layers take [batch, steps, features] only
  TFCONV_ASSIGN_OR_RETURN(DataFormat format, ForLayer(c, ReadDataFormat(c.config())));
  return format == DataFormat::kChannelsFirst ? 2 : 1;
}

absl::Status BuildZeroPadding(KerasLayerContext& c, int rank) {
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, rank + 2).status());
  TFCONV_ASSIGN_OR_RETURN(Pairs pads, ReadPairs(c, "padding", rank, 1));
  TFCONV_ASSIGN_OR_RETURN(int first, FirstSpatialAxis(c, rank));
  Pairs all(rank + 2, {0, 0});
  for (int i = 0; i < rank; ++i) all[first + i] = pads[i];
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("Pad", "Pad", {c.input(0), PairsConst(c, "Pad/paddings", all)},
                                            {{"Tpaddings", DataType::kInt32}}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

absl::Status BuildCropping(KerasLayerContext& c, int rank) {
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, rank + 2).status());
  TFCONV_ASSIGN_OR_RETURN(Pairs crops, ReadPairs(c, "cropping", rank, rank == 1 ? 1 : 0));
  TFCONV_ASSIGN_OR_RETURN(int first, FirstSpatialAxis(c, rank));
  const PartialShape& s = c.input_shape(0);
  const int r = rank + 2;
  // StridedSlice [begin, -after) on the spatial axes; the other axes, and an axis with nothing cut
  // at its end, are taken whole through the masks (so unknown sizes work too).
  std::vector<int64_t> begin(r, 0), end(r, 0), strides(r, 1);
  int64_t begin_mask = 0, end_mask = 0;
  for (int a = 0; a < r; ++a) {
    const int i = a - first;
    if (i < 0 || i >= rank) {
      begin_mask |= int64_t{1} << a;
      end_mask |= int64_t{1} << a;
      continue;
    }
    const auto [before, after] = crops[i];
    if (s.dim(a) >= 0 && before + after >= s.dim(a)) {
      return c.Error(absl::StrCat("cropping (", before, ", ", after, ") leaves nothing of axis ", a, " of ",
                                  s.ToString()));
    }
    begin[a] = before;
    if (after == 0) {
      end_mask |= int64_t{1} << a;
    } else {
      end[a] = -after;
    }
  }
  TFCONV_ASSIGN_OR_RETURN(
      Output y, c.AddOp("strided_slice", "StridedSlice",
                        {c.input(0), Int32Const(c, "strided_slice/begin", begin),
                         Int32Const(c, "strided_slice/end", end), Int32Const(c, "strided_slice/strides", strides)},
                        {{"Index", DataType::kInt32}, {"begin_mask", begin_mask}, {"end_mask", end_mask}}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

absl::Status BuildUpSampling2D(KerasLayerContext& c) {
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, 4).status());
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> size, ForLayer(c, KerasInts(c.config(), "size", 2, {2, 2})));
  if (size.size() != 2 || size[0] < 1 || size[1] < 1) {
    return c.Error(absl::StrCat("size [", absl::StrJoin(size, ","), "] should be 2 positive integers"));
  }
  TFCONV_ASSIGN_OR_RETURN(std::string interpolation, ForLayer(c, KerasString(c.config(), "interpolation", "nearest")));
  const char* op = nullptr;
  if (interpolation == "nearest") op = "ResizeNearestNeighbor";
  if (interpolation == "bilinear") op = "ResizeBilinear";
  if (op == nullptr) {
    return c.Error(absl::StrCat("interpolation '", interpolation, "' is not supported (nearest or bilinear)"));
  }
  TFCONV_ASSIGN_OR_RETURN(DataFormat format, ForLayer(c, ReadDataFormat(c.config())));
  Output x = c.input(0);
  if (format == DataFormat::kChannelsFirst) {
    TFCONV_ASSIGN_OR_RETURN(x, ToChannelsLast(c, x, "to_channels_last"));
  }
  const PartialShape& s = c.shape_of(x);
  Output new_size;
  if (s.dim(1) >= 0 && s.dim(2) >= 0) {
    new_size = Int32Const(c, "size", {s.dim(1) * size[0], s.dim(2) * size[1]});
  } else {
    // tf.keras reads the spatial size at run time: Shape, StridedSlice [1:3], Mul.
    TFCONV_ASSIGN_OR_RETURN(Output shape, c.AddOp("Shape", "Shape", {x}, {{"out_type", DataType::kInt32}}));
    TFCONV_ASSIGN_OR_RETURN(Output hw, c.AddOp("strided_slice", "StridedSlice",
                                               {shape, Int32Const(c, "strided_slice/begin", {1}),
                                                Int32Const(c, "strided_slice/end", {3}),
                                                Int32Const(c, "strided_slice/strides", {1})},
                                               {{"Index", DataType::kInt32}}));
    TFCONV_ASSIGN_OR_RETURN(new_size, c.AddOp("size", "Mul", {hw, Int32Const(c, "size/factor", size)}));
  }
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp(op, op, {x, new_size},
                                            {{"align_corners", false}, {"half_pixel_centers", true}}));
  if (format == DataFormat::kChannelsFirst) {
    TFCONV_ASSIGN_OR_RETURN(y, ToChannelsFirst(c, y, "to_channels_first"));
  }
  c.SetOutputs({y});
  return absl::OkStatus();
}

// Each step repeated `size` times: [N, W, C] -> [N, W, 1, C] -> Tile -> [N, W * size, C].
absl::Status BuildUpSampling1D(KerasLayerContext& c) {
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, 3).status());
  TFCONV_ASSIGN_OR_RETURN(int64_t size, ForLayer(c, KerasInt(c.config(), "size", 2)));
  if (size < 1) return c.Error("config key 'size' must be a positive integer");
  const PartialShape& s = c.input_shape(0);
  if (s.dim(1) < 0 || s.dim(2) < 0) {
    return c.Error(absl::StrCat("needs static steps and features, got ", s.ToString()));
  }
  TFCONV_ASSIGN_OR_RETURN(Output e, c.AddOp("ExpandDims", "ExpandDims",
                                            {c.input(0), c.Const("ExpandDims/dim", Tensor::Scalar<int32_t>(2))}));
  TFCONV_ASSIGN_OR_RETURN(Output t, c.AddOp("Tile", "Tile", {e, Int32Const(c, "Tile/multiples", {1, 1, size, 1})},
                                            {{"Tmultiples", DataType::kInt32}}));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("Reshape", "Reshape",
                                            {t, Int32Const(c, "Reshape/shape", {-1, s.dim(1) * size, s.dim(2)})},
                                            {{"Tshape", DataType::kInt32}}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

void Add(OpRegistry& registry, std::string class_name, KerasLayerFn build) {
  KerasLayerRegistration r;
  r.class_name = std::move(class_name);
  r.build = std::move(build);
  registry.AddKerasLayer(std::move(r));
}

}  // namespace

void RegisterShapeLayers(OpRegistry& registry) {
  Add(registry, "Flatten", BuildFlatten);
  Add(registry, "Reshape", BuildReshape);
  Add(registry, "Permute", BuildPermute);
  Add(registry, "ZeroPadding1D", [](KerasLayerContext& c) { return BuildZeroPadding(c, 1); });
  Add(registry, "ZeroPadding2D", [](KerasLayerContext& c) { return BuildZeroPadding(c, 2); });
  Add(registry, "Cropping1D", [](KerasLayerContext& c) { return BuildCropping(c, 1); });
  Add(registry, "Cropping2D", [](KerasLayerContext& c) { return BuildCropping(c, 2); });
  Add(registry, "UpSampling1D", BuildUpSampling1D);
  Add(registry, "UpSampling2D", BuildUpSampling2D);
}

}  // namespace tfconv

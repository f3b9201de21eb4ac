// Pooling layers: MaxPooling1D/2D, AveragePooling1D/2D (MaxPool / AvgPool in NHWC; 1-D ones on
// [N, 1, W, C] through ExpandDims and Squeeze), GlobalAveragePooling1D/2D and GlobalMaxPooling1D/2D
// (Mean / Max over the spatial axes, keepdims as configured), and their Keras aliases (MaxPool2D,
// AvgPool2D, GlobalAvgPool2D, ...). AvgPool with "same" padding averages over the window cells inside
// the input only, as TF and Keras do.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/keras/layer_families.h"
#include "plugins/keras/layer_util.h"

namespace tfconv {
namespace {

absl::Status BuildPool(KerasLayerContext& c, int rank, bool max) {
  const nlohmann::json& config = c.config();
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> pool,
                          ForLayer(c, KerasInts(config, "pool_size", rank, std::vector<int64_t>(rank, 2))));
  // strides: null means the pool size.
  TFCONV_ASSIGN_OR_RETURN(std::vector<int64_t> strides, ForLayer(c, KerasInts(config, "strides", rank, pool)));
  for (const auto* v : {&pool, &strides}) {
    bool ok = static_cast<int>(v->size()) == rank;
    for (int64_t x : *v) ok = ok && x >= 1;
    if (!ok) {
      return c.Error(absl::StrCat(v == &pool ? "pool_size" : "strides", " [", absl::StrJoin(*v, ","),
                                  "] should be ", rank, " positive integer(s)"));
    }
  }
  TFCONV_ASSIGN_OR_RETURN(std::string padding, ForLayer(c, ReadPadding(config)));
  TFCONV_ASSIGN_OR_RETURN(DataFormat format, ForLayer(c, ReadDataFormat(config)));
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, rank + 2).status());

  Output x = c.input(0);
  if (format == DataFormat::kChannelsFirst) {
    TFCONV_ASSIGN_OR_RETURN(x, ToChannelsLast(c, x, "to_channels_last"));
  }
  if (rank == 1) {
    TFCONV_ASSIGN_OR_RETURN(x, c.AddOp("ExpandDims", "ExpandDims",
                                       {x, c.Const("ExpandDims/dim", Tensor::Scalar<int32_t>(1))}));
  }
  auto nhwc = [rank](const std::vector<int64_t>& v) {
    return rank == 1 ? std::vector<int64_t>{1, 1, v[0], 1} : std::vector<int64_t>{1, v[0], v[1], 1};
  };
  AttrMap attrs = {{"ksize", AttrList::Ints(nhwc(pool))},
                   {"strides", AttrList::Ints(nhwc(strides))},
                   {"padding", padding == "same" ? "SAME" : "VALID"},
                   {"data_format", "NHWC"}};
  const char* op = max ? "MaxPool" : "AvgPool";
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp(op, op, {x}, std::move(attrs)));
  if (rank == 1) {
    TFCONV_ASSIGN_OR_RETURN(y, c.AddOp("Squeeze", "Squeeze", {y}, {{"squeeze_dims", AttrList::Ints({1})}}));
  }
  if (format == DataFormat::kChannelsFirst) {
    TFCONV_ASSIGN_OR_RETURN(y, ToChannelsFirst(c, y, "to_channels_first"));
  }
  c.SetOutputs({y});
  return absl::OkStatus();
}

// Mean or Max over the spatial axes, wherever the channels are (no transpose needed).
absl::Status BuildGlobalPool(KerasLayerContext& c, int rank, bool max) {
  TFCONV_ASSIGN_OR_RETURN(DataFormat format, ForLayer(c, ReadDataFormat(c.config())));
  TFCONV_ASSIGN_OR_RETURN(bool keepdims, ForLayer(c, KerasBool(c.config(), "keepdims", false)));
  TFCONV_RETURN_IF_ERROR(InputRank(c, 0, rank + 2).status());
  std::vector<int64_t> axes;
  const int first = format == DataFormat::kChannelsFirst ? 2 : 1;
  for (int i = 0; i < rank; ++i) axes.push_back(first + i);
  const char* op = max ? "Max" : "Mean";
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp(op, op, {c.input(0), Int32Const(c, absl::StrCat(op, "/reduction_indices"), axes)},
                                            {{"keep_dims", keepdims}, {"Tidx", DataType::kInt32}}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

void Add(OpRegistry& registry, std::vector<std::string> class_names, KerasLayerFn build) {
  for (std::string& name : class_names) {
    KerasLayerRegistration r;
    r.class_name = std::move(name);
    r.build = build;
    registry.AddKerasLayer(std::move(r));
  }
}

}  // namespace

void RegisterPoolLayers(OpRegistry& registry) {
  Add(registry, {"MaxPooling1D", "MaxPool1D"}, [](KerasLayerContext& c) { return BuildPool(c, 1, true); });
  Add(registry, {"MaxPooling2D", "MaxPool2D"}, [](KerasLayerContext& c) { return BuildPool(c, 2, true); });
  Add(registry, {"AveragePooling1D", "AvgPool1D"}, [](KerasLayerContext& c) { return BuildPool(c, 1, false); });
  Add(registry, {"AveragePooling2D", "AvgPool2D"}, [](KerasLayerContext& c) { return BuildPool(c, 2, false); });
  Add(registry, {"GlobalMaxPooling1D", "GlobalMaxPool1D"},
      [](KerasLayerContext& c) { return BuildGlobalPool(c, 1, true); });
  Add(registry, {"GlobalMaxPooling2D", "GlobalMaxPool2D"},
      [](KerasLayerContext& c) { return BuildGlobalPool(c, 2, true); });
  Add(registry, {"GlobalAveragePooling1D", "GlobalAvgPool1D"},
      [](KerasLayerContext& c) { return BuildGlobalPool(c, 1, false); });
  Add(registry, {"GlobalAveragePooling2D", "GlobalAvgPool2D"},
      [](KerasLayerContext& c) { return BuildGlobalPool(c, 2, false); });
}

}  // namespace tfconv

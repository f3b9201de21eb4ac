// Helpers shared by the built-in Keras layer builders: Keras activations by name as TF ops, the
// padding and data_format options, channels_first handling and small constants.
//
//   TFCONV_ASSIGN_OR_RETURN(std::string padding, ReadPadding(c.config(), /*allow_causal=*/false));  // "same"
//   TFCONV_ASSIGN_OR_RETURN(DataFormat format, ReadDataFormat(c.config()));
//   Output x = c.input(0);
//   if (format == DataFormat::kChannelsFirst) {
//     TFCONV_ASSIGN_OR_RETURN(x, ToChannelsLast(c, x, "to_nhwc"));     // NCHW -> NHWC Transpose
//   }
//   ...
//   TFCONV_ASSIGN_OR_RETURN(Output y, ApplyActivationFromConfig(c, conv));   // config["activation"]
//   TFCONV_ASSIGN_OR_RETURN(Output z, ApplyActivation(c, y, "gelu"));          // by name
#ifndef TFCONV_PLUGINS_KERAS_LAYER_UTIL_H_
#define TFCONV_PLUGINS_KERAS_LAYER_UTIL_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ops/keras_layer.h"
#include "plugins/common/op_helpers.h"

namespace tfconv {

// ---- activations ------------------------------------------------------------------------------------

// `x` through the Keras activation `activation` ("relu", "gelu", "linear", ...), as TF ops named
// "<layer>/<prefix><Op>". "linear", "None" and "" add no node and return `x`. An unknown name is an
// error naming it. Covered: linear, relu, relu6, sigmoid, tanh, softmax (last axis), log_softmax,
// softplus, softsign, elu, selu, exponential, hard_sigmoid, hard_silu/hard_swish, swish/silu, gelu,
// mish, leaky_relu, log_sigmoid.
//
// hard_sigmoid differs by Keras version: Keras 2 clip(0.2 x + 0.5, 0, 1), Keras 3 relu6(x + 3) / 6.
// The version is not in a layer config; Keras 3 configs (3.2 on) write "dtype" as a DTypePolicy
// object, so that marker selects the Keras 3 formula and everything else gets Keras 2's.
//
// gelu is the exact (erf) form Keras uses by default; no op plugin lowers Erf, so erf is written as
// elementary ops (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7).
absl::StatusOr<Output> ApplyActivation(KerasLayerContext& c, Output x, const std::string& activation,
                                       absl::string_view prefix = "");

// The activation a config names under `key` (a string, or Keras' serialized function object
// {"class_name": "function", "config": "relu", ...}); "linear" when absent or null.
absl::StatusOr<std::string> ReadActivationName(const nlohmann::json& config, absl::string_view key = "activation");

// ApplyActivation with the activation the layer's config names under `key`.
absl::StatusOr<Output> ApplyActivationFromConfig(KerasLayerContext& c, Output x,
                                                 absl::string_view key = "activation",
                                                 absl::string_view prefix = "");

// True for configs Keras 3 wrote: "dtype" as a {"class_name": "DTypePolicy" | "FloatDTypePolicy"}
// object. Keras 3.0/3.1 wrote a plain string and are not recognized.
bool LooksLikeKeras3Config(const nlohmann::json& config);

// A config reader's result with its error named for the layer
// ("layer 'conv2d' (Conv2D): config key 'strides' should be ...").
template <typename T>
absl::StatusOr<T> ForLayer(const KerasLayerContext& c, absl::StatusOr<T> value) {
  if (!value.ok()) return c.Error(value.status().message());
  return value;
}

// ---- options ----------------------------------------------------------------------------------------

// "valid" or "same" (lower case; "causal" too when `allow_causal`, as Conv1D takes). Default "valid".
absl::StatusOr<std::string> ReadPadding(const nlohmann::json& config, bool allow_causal = false);

enum class DataFormat { kChannelsLast, kChannelsFirst };
// The config's data_format; absent or null means channels_last (Keras' default image_data_format).
absl::StatusOr<DataFormat> ReadDataFormat(const nlohmann::json& config);

// Moves the channel dimension of a tensor of known rank >= 3 from 1 to last (NCHW -> NHWC,
// NCW -> NWC) and back, with a Transpose named "<layer>/<suffix>". TF's CPU kernels only take
// channels-last data, and TF inserts the same transposes.
absl::StatusOr<Output> ToChannelsLast(KerasLayerContext& c, Output x, absl::string_view suffix);
absl::StatusOr<Output> ToChannelsFirst(KerasLayerContext& c, Output x, absl::string_view suffix);

// ---- constants and shapes ---------------------------------------------------------------------------

// An int32 vector constant (shapes, permutations, paddings, axes).
Output Int32Const(KerasLayerContext& c, absl::string_view suffix, const std::vector<int64_t>& values);
// An int32 [n, 2] constant from (before, after) pairs (Pad's paddings).
Output PairsConst(KerasLayerContext& c, absl::string_view suffix,
                  const std::vector<std::pair<int64_t, int64_t>>& pairs);
// A scalar of `dtype` (float, double) holding `value`; other dtypes are an error naming the layer.
absl::StatusOr<Output> ScalarConst(KerasLayerContext& c, absl::string_view suffix, double value, DataType dtype);

// The rank of input `i`, checked against `rank` (-1: any known rank); the error names the layer.
absl::StatusOr<int> InputRank(const KerasLayerContext& c, int i, int rank);

// A weight with its shape checked against `shape` (-1 entries match anything); the error names the
// layer, the weight and both shapes.
absl::StatusOr<Tensor> CheckedWeight(const KerasLayerContext& c, absl::string_view name,
                                     const std::vector<int64_t>& shape);

// The int32 shape [batch, dims...]: a constant when `like`'s batch is static, else the batch read from
// `like` at run time (Shape, StridedSlice, ConcatV2, as tf.keras writes it). Nodes "<layer>/<suffix>...".
absl::StatusOr<Output> ShapeWithBatchOf(KerasLayerContext& c, Output like, const std::vector<int64_t>& dims,
                                        absl::string_view suffix);

// BiasAdd of the weight "bias" (when the config's use_bias, default true) on the last axis.
absl::StatusOr<Output> MaybeAddBias(KerasLayerContext& c, Output x, int64_t channels,
                                    absl::string_view suffix = "BiasAdd");

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_KERAS_LAYER_UTIL_H_

// Core Keras layers: Dense, Embedding, and the layers that do nothing at inference (Dropout and the
// other noise/regularization layers, Identity).
//
// Dense applies its kernel [in, units] to the last axis. A rank-2 input becomes MatMul; a higher
// rank becomes BatchMatMulV2 with the constant kernel, which the nn plugin lowers to one
// FULLY_CONNECTED with keep_num_dims (what Keras 2's tensordot and Keras 3's matmul compute).
// The bias is a BiasAdd that the optimizer folds into the FULLY_CONNECTED.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "plugins/keras/layer_families.h"
#include "plugins/keras/layer_util.h"
#include "plugins/keras/layer_values.h"

namespace tfconv {
namespace {

absl::Status BuildDense(KerasLayerContext& c) {
  TFCONV_RETURN_IF_ERROR(RejectQuantizedPolicy(c));
  TFCONV_ASSIGN_OR_RETURN(int rank, InputRank(c, 0, -1));
  if (rank < 2) return c.Error(absl::StrCat("needs an input of rank 2 or more, got ", c.input_shape(0).ToString()));
  TFCONV_ASSIGN_OR_RETURN(DataType dtype, FloatInputType(c, 0));
  absl::StatusOr<int64_t> units = KerasInt(c.config(), "units", -1);
  if (!units.ok()) return c.Error(units.status().message());
  const int64_t in = c.input_shape(0).dim(rank - 1);
  TFCONV_ASSIGN_OR_RETURN(Tensor kernel, CheckedWeight(c, "kernel", {in, *units}));
  const int64_t out = kernel.dim(1);
  Output k = c.Const("kernel", AsFloatType(kernel, dtype));
  Output y;
  if (rank == 2) {
    TFCONV_ASSIGN_OR_RETURN(
        y, c.AddOp("MatMul", "MatMul", {c.input(0), k}, {{"transpose_a", false}, {"transpose_b", false}}));
  } else {
    TFCONV_ASSIGN_OR_RETURN(
        y, c.AddOp("Tensordot", "BatchMatMulV2", {c.input(0), k}, {{"adj_x", false}, {"adj_y", false}}));
  }
  absl::StatusOr<bool> use_bias = KerasBool(c.config(), "use_bias", true);
  if (!use_bias.ok()) return c.Error(use_bias.status().message());
  if (*use_bias) {
    TFCONV_ASSIGN_OR_RETURN(Tensor bias, CheckedWeight(c, "bias", {out}));
    TFCONV_ASSIGN_OR_RETURN(y, c.AddOp("BiasAdd", "BiasAdd", {y, c.Const("BiasAdd/bias", AsFloatType(bias, dtype))}));
  }
  TFCONV_ASSIGN_OR_RETURN(y, ApplyActivationFromConfig(c, y));
  c.SetOutputs({y});
  return absl::OkStatus();
}

std::vector<std::string> DenseVariables(const nlohmann::json& config) {
  absl::StatusOr<bool> use_bias = KerasBool(config, "use_bias", true);
  if (use_bias.ok() && !*use_bias) return {"kernel"};
  return {"kernel", "bias"};
}

// Keras looks rows up with int32/int64 indices and casts any other input to int32 first (a float
// index truncates toward zero, as TF's Cast does). mask_zero only matters to layers that read the
// mask (RNNs, attention); the looked-up values are the same, so it is ignored here.
absl::Status BuildEmbedding(KerasLayerContext& c) {
  TFCONV_RETURN_IF_ERROR(RejectQuantizedPolicy(c));
  if (c.num_inputs() < 1) return c.Error("expects one input");
  absl::StatusOr<int64_t> input_dim = KerasInt(c.config(), "input_dim", -1);
  absl::StatusOr<int64_t> output_dim = KerasInt(c.config(), "output_dim", -1);
  if (!input_dim.ok()) return c.Error(input_dim.status().message());
  if (!output_dim.ok()) return c.Error(output_dim.status().message());
  TFCONV_ASSIGN_OR_RETURN(Tensor table, CheckedWeight(c, "embeddings", {*input_dim, *output_dim}));
  Output ids = c.input(0);
  DataType id_type = c.input_type(0);
  if (id_type != DataType::kInt32 && id_type != DataType::kInt64) {
    TFCONV_ASSIGN_OR_RETURN(
        ids, c.AddOp("Cast", "Cast", {ids}, {{"SrcT", id_type}, {"DstT", DataType::kInt32}, {"Truncate", false}}));
    id_type = DataType::kInt32;
  }
  Output params = c.Const("embeddings", table);
  Output axis = c.Const("GatherV2/axis", Tensor::Scalar<int32_t>(0));
  TFCONV_ASSIGN_OR_RETURN(Output y, c.AddOp("GatherV2", "GatherV2", {params, ids, axis},
                                            {{"Tparams", table.dtype()},
                                             {"Tindices", id_type},
                                             {"Taxis", DataType::kInt32},
                                             {"batch_dims", int64_t{0}}}));
  c.SetOutputs({y});
  return absl::OkStatus();
}

// Dropout, SpatialDropout*, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization
// and Identity: the input unchanged at inference.
absl::Status BuildInferenceIdentity(KerasLayerContext& c) {
  if (c.num_inputs() != 1) return c.Error(absl::StrCat("expects one input, got ", c.num_inputs()));
  TFCONV_ASSIGN_OR_RETURN(Output y, PassThrough(c, c.input(0)));
  c.SetOutputs({y});
  return absl::OkStatus();
}

}  // namespace

void RegisterCoreLayers(OpRegistry& registry) {
  AddLayer(registry, "Dense", BuildDense, DenseVariables);
  AddLayer(registry, "Embedding", BuildEmbedding,
           [](const nlohmann::json&) { return std::vector<std::string>{"embeddings"}; });
  for (const char* name : {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                           "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Identity"}) {
    AddLayer(registry, name, BuildInferenceIdentity);
  }
}

}  // namespace tfconv

#include "plugins/examples/custom_op/softclip_keras_layer.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "plugins/examples/custom_op/softclip.h"

namespace example {

absl::Status BuildSoftClipLayer(tfconv::KerasLayerContext& c) {
  if (c.num_inputs() != 1) return c.Error(absl::StrCat("takes 1 input, got ", c.num_inputs()));
  // The TF op takes float32 only; say so here, where the message can name the layer.
  if (c.input_type(0) != tfconv::DataType::kFloat) {
    return c.Error(absl::StrCat("takes a float32 input, got ", tfconv::DataTypeName(c.input_type(0))));
  }
  // The same default as the Python layer's __init__, for configs written without "c".
  absl::StatusOr<double> clip = tfconv::KerasFloat(c.config(), "c", 1.0);
  if (!clip.ok()) return c.Error(clip.status().message());
  if (!std::isfinite(*clip) || *clip <= 0.0) {
    return c.Error(absl::StrCat("config key 'c' must be a finite number > 0, got ", *clip));
  }
  absl::StatusOr<tfconv::Output> y =
      c.AddOp("SoftClip", kSoftClipOp, {c.input(0)}, {{"c", tfconv::AttrValue(static_cast<float>(*clip))}});
  if (!y.ok()) return y.status();
  c.SetOutputs({*y});
  return absl::OkStatus();
}

void RegisterSoftClipKerasLayer(tfconv::OpRegistry& registry) {
  for (const char* name : {kSoftClipLayerClass, kSoftClipLayerRegisteredName}) {
    tfconv::KerasLayerRegistration r;
    r.class_name = name;
    r.build = BuildSoftClipLayer;
    // No variable_names: the layer has no weights.
    registry.AddKerasLayer(std::move(r));
  }
}

}  // namespace example

// The Keras side of the SoftClip example: a builder for a user's custom Keras layer class, so that
// `tflite_convert --keras_model_file=model.h5 --plugin=libsoftclip_op.so` converts models that use it.
//
// The layer, as its author wrote it in Python (no weights; get_config() adds "c"):
//
//   @keras.saving.register_keras_serializable(package="MyLayers")
//   class SoftClip(keras.layers.Layer):
//     def __init__(self, c=1.0, **kwargs): super().__init__(**kwargs); self.c = c
//     def call(self, x): return self.c * keras.ops.tanh(x / self.c)
//
// The builder writes one TF node "SoftClip" (attr c: float), which softclip.h already lowers to the
// TFLite custom op "SoftClip". Both names a model file may carry are registered: the class name
// "SoftClip" (Keras 3's class_name, whose registered_name "MyLayers>SoftClip" the front end also
// tries; and tf.keras 2 files of an unregistered class) and "MyLayers>SoftClip" (what tf.keras 2
// writes as class_name for a class registered with a package).
//
//   tfconv::OpRegistry registry;
//   example::RegisterSoftClipOp(registry);          // the TF op the layer emits
//   example::RegisterSoftClipKerasLayer(registry);  // the layer class (plugin_entry.cc does both)
#ifndef TFCONV_PLUGINS_EXAMPLES_CUSTOM_OP_SOFTCLIP_KERAS_LAYER_H_
#define TFCONV_PLUGINS_EXAMPLES_CUSTOM_OP_SOFTCLIP_KERAS_LAYER_H_

#include "absl/status/status.h"
#include "ops/keras_layer.h"
#include "ops/op_registry.h"

namespace example {

// The class names the builder is registered under.
inline constexpr char kSoftClipLayerClass[] = "SoftClip";
inline constexpr char kSoftClipLayerRegisteredName[] = "MyLayers>SoftClip";

// Builds one call of the layer: y = SoftClip(x, c = config "c", default 1.0).
absl::Status BuildSoftClipLayer(tfconv::KerasLayerContext& c);

// Registers BuildSoftClipLayer for both class names.
void RegisterSoftClipKerasLayer(tfconv::OpRegistry& registry);

}  // namespace example

#endif  // TFCONV_PLUGINS_EXAMPLES_CUSTOM_OP_SOFTCLIP_KERAS_LAYER_H_

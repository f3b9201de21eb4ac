// The activation op family: Relu, Relu6, Elu, Selu, LeakyRelu, Sigmoid, Tanh, Softplus, Softsign,
// Softmax and LogSoftmax, each with its shape rule, TF reference semantics and TFLite lowering.
// The plugin's entry point (plugin_entry.cc) and the unit tests call RegisterActivationOps.
//
//   OpRegistry registry;
//   registry.BeginPlugin("tfconv.activation", false);
//   RegisterActivationOps(registry);
//   registry.EndPlugin();
//   registry.Find("Sigmoid")->tflite_ops;   // {"LOGISTIC"}
#ifndef TFCONV_PLUGINS_ACTIVATION_ACTIVATION_OPS_H_
#define TFCONV_PLUGINS_ACTIVATION_ACTIVATION_OPS_H_

#include "ops/op_registry.h"

namespace tfconv {

void RegisterActivationOps(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_ACTIVATION_ACTIVATION_OPS_H_

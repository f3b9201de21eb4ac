// The families of built-in Keras layers, one register function per file, all called by
// RegisterKerasLayers (keras_layers.cc).
//
//   OpRegistry registry;
//   registry.BeginPlugin("tfconv.keras", false);
//   RegisterConvLayers(registry);   // Conv1D, Conv2D, DepthwiseConv2D, ... (conv_layers.cc)
//   registry.EndPlugin();
#ifndef TFCONV_PLUGINS_KERAS_LAYER_FAMILIES_H_
#define TFCONV_PLUGINS_KERAS_LAYER_FAMILIES_H_

#include "ops/op_registry.h"

namespace tfconv {

// Conv1D, Conv2D, DepthwiseConv2D, SeparableConv2D, Conv2DTranspose (conv_layers.cc).
void RegisterConvLayers(OpRegistry& registry);
// Max/Average/GlobalAverage/GlobalMax pooling, 1D and 2D (pool_layers.cc).
void RegisterPoolLayers(OpRegistry& registry);
// Flatten, Reshape, Permute, ZeroPadding2D, Cropping2D, UpSampling2D (shape_layers.cc).
void RegisterShapeLayers(OpRegistry& registry);
// Dense and the other core layers (core_layers.cc).
void RegisterCoreLayers(OpRegistry& registry);
// Activation, ReLU, LeakyReLU, Softmax, ... (activation_layers.cc).
void RegisterActivationLayers(OpRegistry& registry);
// BatchNormalization, LayerNormalization, ... (norm_layers.cc).
void RegisterNormLayers(OpRegistry& registry);
// Add, Concatenate, Multiply, ... (merge_layers.cc).
void RegisterMergeLayers(OpRegistry& registry);

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_KERAS_LAYER_FAMILIES_H_

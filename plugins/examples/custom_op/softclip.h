// SoftClip: a made-up TF op that an out-of-tree plugin teaches the converter. It squashes values
// smoothly into (-c, c):
//
//   y = c * tanh(x / c)          attr c: float > 0, default 1.0; x, y: float32, any shape
//
// Near zero it is the identity (slope 1), far from zero it saturates at +-c. TFLite has no builtin
// for it, so the plugin lowers it to the TFLite custom op "SoftClip" whose custom options are the
// FlexBuffer map {"c": <float>}; the runtime then needs a kernel registered under that name.
//
//   tfconv::OpRegistry registry;
//   example::RegisterSoftClipOp(registry);        // plugin_entry.cc does this inside the plugin
//   float y = example::SoftClip(3.0f, 2.0f);       // 2 * tanh(1.5)
#ifndef TFCONV_PLUGINS_EXAMPLES_CUSTOM_OP_SOFTCLIP_H_
#define TFCONV_PLUGINS_EXAMPLES_CUSTOM_OP_SOFTCLIP_H_

#include <cstdint>
#include <vector>

#include "ops/op_registry.h"

namespace example {

// The TF op and the TFLite custom op it becomes.
inline constexpr char kSoftClipOp[] = "SoftClip";
inline constexpr char kSoftClipCustomCode[] = "SoftClip";

// The reference semantics for one element.
float SoftClip(float x, float c);

// The custom options of the TFLite op: a FlexBuffer map {"c": c}.
std::vector<uint8_t> SoftClipCustomOptions(float c);

// The reference interpreter's kernel for the custom op (reads the "c" option).
absl::Status RunSoftClip(tfconv::KernelContext& c);

// Adds SoftClip (shape rule, reference semantics, lowering, interpreter kernel) to `registry`.
void RegisterSoftClipOp(tfconv::OpRegistry& registry);

}  // namespace example

#endif  // TFCONV_PLUGINS_EXAMPLES_CUSTOM_OP_SOFTCLIP_H_

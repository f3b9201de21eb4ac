// Seeded mutations of .tflite models for fuzzing the reference interpreter: byte-level edits of
// the flatbuffer file (for the reader) and structural edits of a read TflModel (for Create and the
// kernels). The same rng state gives the same mutation, so a recipe reproduces a failure.
//
//   std::mt19937_64 rng(seed);
//   TflModel mutant = model;
//   std::string recipe = MutateModel(mutant, Mutation::kTensorShape, rng);
//   // recipe: "subgraph 0 tensor 3 ('x'): shape [1,4] -> [1,0]"; "" when nothing could be mutated
#ifndef TFCONV_RUNTIME_CHECK_FUZZ_MODEL_MUTATOR_H_
#define TFCONV_RUNTIME_CHECK_FUZZ_MODEL_MUTATOR_H_

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "converter/tflite/model_ir.h"

namespace tfconv {

enum class Mutation {
  kTensorShape,      // a dimension set to 0, negative or huge; rank grown, shrunk or cleared
  kTensorType,       // another (possibly unknown) element type
  kBufferIndex,      // constant detached, another buffer, or out of range
  kTruncateBuffer,   // a constant's bytes cut short
  kConstantValue,    // one element of a small constant set to an extreme value (indices, axes, shapes)
  kOperatorInputs,   // inputs swapped, replaced, omitted (-1), dropped or added
  kOperatorOutputs,  // outputs replaced (also by an input or a constant), dropped or added
  kOperatorOrder,    // two operators swapped, one dropped or duplicated
  kRemoveOptions,    // builtin options removed or replaced by another options table
  kOptionField,      // one field of the builtin options set to an extreme value
  kQuantization,     // empty/zero/negative/NaN scales, per-channel count mismatches, bad axis
  kOpcodeVersion,    // version 0, negative or far beyond the known ones
  kBuiltinCode,      // another builtin code (the options stay), CUSTOM, or an unknown code
  kSubgraphIo,       // subgraph inputs/outputs swapped, replaced, dropped or added
  kVariableFlag,     // is_variable toggled
  kCount,
};

const char* MutationName(Mutation m);

// Applies one mutation of `kind` at a place chosen by `rng`; returns what it did, or "" when the
// model has nothing of that kind to mutate.
std::string MutateModel(TflModel& model, Mutation kind, std::mt19937_64& rng);

// A serialized model and where its structure lies (the bytes outside buffer data), where most
// byte-level edits land: flipping weight bits exercises nothing.
struct ByteSeed {
  std::string bytes;
  std::vector<std::pair<size_t, size_t>> structure;  // [begin, end) ranges
  size_t structure_bytes = 0;
};
// `bytes` must be a valid model (it is read without verification).
ByteSeed MakeByteSeed(std::string bytes);

// Byte-level edits: bit flips, runs of special bytes, truncation and pokes of 4-byte
// little-endian fields (offsets, lengths, indices, enums) with boundary values. Returns the
// mutant; `recipe` says what was done.
std::string MutateBytes(const ByteSeed& seed, std::mt19937_64& rng, std::string* recipe);

}  // namespace tfconv

#endif  // TFCONV_RUNTIME_CHECK_FUZZ_MODEL_MUTATOR_H_

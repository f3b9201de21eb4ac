// A TF1 SavedModel of any size, shaped like what tf.saved_model.builder writes for
//   x = tf.placeholder(tf.float32, [1, M], name="x")
//   v_i = tf.get_variable("v<i>", [M], initializer=tf.zeros_initializer())   # i = 0..K-1
//   y = tf.identity(x + v_0 + ... + v_{K-1}, name="y")
// saved with tf.train.Saver (V2 checkpoint) and the "serving_default" predict signature x → y.
// Test-only: for converter tests that need many or very large variables (1 GB streams to disk in
// about a second; the shard is never held in memory).
//
//   SyntheticSavedModelOptions o;
//   o.num_variables = 16;  o.variable_elements = 1 << 24;     // 1 GiB of float32
//   absl::Status s = WriteSyntheticSavedModel("/tmp/big_model", o);
//   // y[0, j] = x[0, j] + sum_i SyntheticVariableValue(i, j), exactly in float32.
//
// The graph (see the .cc for every node): Placeholder "x"; per variable "vI/Initializer/zeros"
// (a Const, or a Fill for M >= 1000 as TF's zeros() does), VariableV2 "vI", "vI/Assign",
// Identity "vI/read"; AddV2 chain "add", "add_1", ...; Identity "y"; NoOp "init"; and the saver
// subgraph "save/..." (RestoreV2 over the variable names in sorted order, Assign per variable,
// NoOp "save/restore_all"). The initializers are zeros on purpose: only the checkpoint holds the
// real values, so a converter that reads the initializer instead produces wrong outputs.
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_SYNTHETIC_SAVED_MODEL_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_SYNTHETIC_SAVED_MODEL_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "converter/proto/saved_model.pb.h"

namespace tfconv {

struct SyntheticSavedModelOptions {
  int num_variables = 2;          // K >= 1
  int64_t variable_elements = 4;  // M >= 1
  // false: tf.train.Saver() (save/restore_all → ^save/Assign*). true: the sharded saver that
  // tf.saved_model.builder itself uses (save/restore_all → ^save/restore_shard → ^save/Assign*,
  // ShardedFilename, MergeV2Checkpoints), as in tf_serving's half_plus_two.
  bool sharded_saver = false;
};

// v_i[j] = ((7 i + j) mod 13 − 6) / 1024: multiples of 2^-10 in [-6/1024, 6/1024], so every sum
// of them is exact in float32.
float SyntheticVariableValue(int i, int64_t j);

// The saved_model.pb contents.
absl::StatusOr<tensorflow::SavedModel> BuildSyntheticSavedModel(
    const SyntheticSavedModelOptions& options);

// Writes DIR/saved_model.pb and DIR/variables/variables.{index,data-00000-of-00001}.
absl::Status WriteSyntheticSavedModel(const std::string& dir,
                                      const SyntheticSavedModelOptions& options);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_SYNTHETIC_SAVED_MODEL_H_

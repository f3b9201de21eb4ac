// Reading a SavedModel directory's graph: saved_model.pb (binary) or saved_model.pbtxt (text), the
// MetaGraphDef of a tag set, and its signatures.
//
//   absl::StatusOr<tensorflow::SavedModel> sm = ReadSavedModelProto("/models/kws");
//   absl::StatusOr<int> meta = SelectMetaGraph(*sm, {"serve"}, "/models/kws");
//   std::vector<std::string> keys = SignatureKeys(sm->meta_graphs(*meta));  // "serving_default", ...
#ifndef TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_READ_H_
#define TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_READ_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "converter/proto/saved_model.pb.h"

namespace tfconv {

// Errors name the directory: missing, no saved_model.pb(txt), not a SavedModel.
absl::StatusOr<tensorflow::SavedModel> ReadSavedModelProto(const std::string& dir);

// The index of the MetaGraphDef whose tag set equals `tags` (order and duplicates ignored). An
// error lists the tag sets the model has.
absl::StatusOr<int> SelectMetaGraph(const tensorflow::SavedModel& model, const std::vector<std::string>& tags,
                                    const std::string& dir);

// The user-facing signatures: every key but the internal ones ("__saved_model_init_op", ...),
// "serving_default" first, then the others in name order (the order their subgraphs get).
std::vector<std::string> SignatureKeys(const tensorflow::MetaGraphDef& meta);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_SAVED_MODEL_SAVED_MODEL_READ_H_

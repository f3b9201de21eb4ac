// The source-model flags of tflite_convert, shared by every tool that reads a TF model
// (tflite_convert, tflite_validate, graph_eval), so they take the same options in the same words:
// --graph_def_file, --saved_model_dir, --saved_model_tag_set, --saved_model_signature_key,
// --input_arrays, --output_arrays, --input_shapes, --batch_size, --strip_asserts.
//
//   std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
//   ConversionRequest request;
//   if (absl::Status s = ApplySourceFlags(argc, argv, request); !s.ok()) return Fail(s.message());
#ifndef TFCONV_CONVERTER_API_SOURCE_FLAGS_H_
#define TFCONV_CONVERTER_API_SOURCE_FLAGS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "converter/api/converter.h"

namespace tfconv {

// Fills the request's source fields from the flags. `source_override` (tflite_validate's --source)
// names the model instead: a directory is a SavedModel, a file a GraphDef.
absl::Status ApplySourceFlags(int argc, char** argv, ConversionRequest& request,
                              const std::string& source_override = "");

// Whether --name or --name=... appears among the arguments before "--" (tells an empty value given
// on purpose, such as a scalar's --input_shapes=, from a flag left out).
bool SourceFlagGiven(int argc, char** argv, absl::string_view name);

// True when any source flag other than the model itself was given (for tools where they do not
// apply, e.g. tflite_validate --reference_tflite).
bool AnySourceOptionGiven(int argc, char** argv);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_API_SOURCE_FLAGS_H_

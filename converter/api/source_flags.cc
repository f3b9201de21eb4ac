#include "converter/api/source_flags.h"

#include <sys/stat.h>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

ABSL_FLAG(std::string, graph_def_file, "", "A frozen GraphDef: binary .pb or text .pbtxt.");
ABSL_FLAG(std::string, saved_model_dir, "", "A SavedModel directory (TF1 or TF2).");
ABSL_FLAG(std::string, keras_model_file, "",
          "A Keras model file: .h5 (tf.keras / Keras 2 model.save) or a Keras 3 .keras archive.");
ABSL_FLAG(std::string, saved_model_tag_set, "serve",
          "Comma-separated tags of the SavedModel's MetaGraphDef to convert.");
ABSL_FLAG(std::string, saved_model_signature_key, "",
          "Comma-separated SavedModel signatures to convert, each into a subgraph with its SignatureDef "
          "(default: all of them, serving_default first).");
ABSL_FLAG(std::string, input_arrays, "",
          "Comma-separated input tensors. Any tensor inside the graph may be named: the graph is "
          "cut there and that tensor becomes an input.");
ABSL_FLAG(std::string, output_arrays, "", "Comma-separated output tensors.");
ABSL_FLAG(std::string, input_shapes, "",
          "Shapes of the input arrays, colon-separated lists of comma-separated dims, e.g. "
          "1,224,224,3:1,10. An empty entry is a scalar.");
ABSL_FLAG(int64_t, batch_size, 0,
          "The size of every input's dynamic first dimension (-1 or ?), after --input_shapes. Default: kept "
          "dynamic (-1 in the TFLite shape_signature, 1 in the static shape; the converter warns).");
ABSL_FLAG(bool, strip_asserts, true,
          "Drop Assert nodes of a SavedModel (--nostrip_asserts keeps them, and the converter reports them).");

namespace tfconv {

bool SourceFlagGiven(int argc, char** argv, absl::string_view name) {
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (a == "--") break;
    for (const std::string& p : {absl::StrCat("--", name), absl::StrCat("-", name)}) {
      if (a == p || absl::StartsWith(a, absl::StrCat(p, "="))) return true;
    }
  }
  return false;
}

bool AnySourceOptionGiven(int argc, char** argv) {
  for (const char* f : {"input_arrays", "output_arrays", "input_shapes", "batch_size", "saved_model_tag_set",
                        "saved_model_signature_key"}) {
    if (SourceFlagGiven(argc, argv, f)) return true;
  }
  return false;
}

absl::Status ApplySourceFlags(int argc, char** argv, ConversionRequest& request, const std::string& source_override) {
  request.graph_def_file = absl::GetFlag(FLAGS_graph_def_file);
  request.saved_model_dir = absl::GetFlag(FLAGS_saved_model_dir);
  request.keras_model_file = absl::GetFlag(FLAGS_keras_model_file);
  if (!source_override.empty()) {
    struct stat st;
    const bool is_dir = stat(source_override.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    const bool is_keras = absl::EndsWith(source_override, ".h5") || absl::EndsWith(source_override, ".hdf5") ||
                          absl::EndsWith(source_override, ".keras");
    std::string& slot = is_dir     ? request.saved_model_dir
                         : is_keras ? request.keras_model_file
                                    : request.graph_def_file;
    const char* flag = is_dir ? "saved_model_dir" : is_keras ? "keras_model_file" : "graph_def_file";
    if (!slot.empty() && slot != source_override) {
      return absl::InvalidArgumentError(
          absl::StrCat("--source=", source_override, " and --", flag, " name different models; give one"));
    }
    slot = source_override;
  }
  if (!request.graph_def_file.empty() + !request.saved_model_dir.empty() + !request.keras_model_file.empty() > 1) {
    return absl::InvalidArgumentError(
        "give one input model: --graph_def_file, --saved_model_dir or --keras_model_file, not several");
  }
  request.saved_model_tags = SplitArrayFlag(absl::GetFlag(FLAGS_saved_model_tag_set));
  request.saved_model_signature_keys = SplitArrayFlag(absl::GetFlag(FLAGS_saved_model_signature_key));
  request.input_arrays = SplitArrayFlag(absl::GetFlag(FLAGS_input_arrays));
  request.output_arrays = SplitArrayFlag(absl::GetFlag(FLAGS_output_arrays));
  if (SourceFlagGiven(argc, argv, "input_shapes")) request.input_shapes = absl::GetFlag(FLAGS_input_shapes);
  request.batch_size = absl::GetFlag(FLAGS_batch_size);
  request.strip_asserts = absl::GetFlag(FLAGS_strip_asserts);
  return absl::OkStatus();
}

}  // namespace tfconv

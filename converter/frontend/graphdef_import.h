// The frozen-GraphDef front end: reads a TensorFlow GraphDef (binary .pb or text .pbtxt) and turns
// it into the graph IR. Constants keep their bytes: a tensor_content string moves into the
// Tensor, so a weight is held once.
//
//   absl::StatusOr<tensorflow::GraphDef> def = ReadGraphDefFile("model.pb");
//   if (!def.ok()) return def.status();          // "model.pb: truncated or not a GraphDef ..."
//   absl::StatusOr<Graph> graph = ImportGraphDef(std::move(*def), "model.pb");
//   if (!graph.ok()) return graph.status();      // "model.pb: node 'x' (Add): input 'y' ..."
//
// Import checks the graph's structure only: ops that no plugin knows are kept as they are (the
// converter reports all unsupported ops together later), and so are `_output_shapes` attributes.
// Functions of the library are not imported yet.
#ifndef TFCONV_CONVERTER_FRONTEND_GRAPHDEF_IMPORT_H_
#define TFCONV_CONVERTER_FRONTEND_GRAPHDEF_IMPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "converter/frontend/tensor_proto.h"
#include "converter/graph/graph.h"
#include "converter/proto/graph.pb.h"

namespace tfconv {

// Reads a GraphDef file. Text format when the extension is .pbtxt, .pbtext or .txt; otherwise
// binary, falling back to text when the binary parse fails and the bytes look like text. The
// binary parse streams from the file (the bytes are not held twice). Errors name the file; text
// syntax errors give line and column.
absl::StatusOr<tensorflow::GraphDef> ReadGraphDefFile(const std::string& path);

// The same from bytes already in memory; `source_name` is used in messages.
absl::StatusOr<tensorflow::GraphDef> ParseGraphDefBytes(absl::string_view bytes, bool text,
                                                        const std::string& source_name);

struct ImportOptions {
  TensorLimits tensor_limits;
};

// Builds the graph IR from a GraphDef, consuming it. Errors (named after `source_name` and the
// node): nameless or op-less nodes, duplicate node names, malformed input references, inputs naming
// missing nodes, malformed attributes or tensors.
absl::StatusOr<Graph> ImportGraphDef(tensorflow::GraphDef&& graph_def, const std::string& source_name,
                                     const ImportOptions& options = {});

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_GRAPHDEF_IMPORT_H_

// Writes a GraphDef (.pbtxt or .pb, read by the converter's front end) as binary protobuf, for
// graphdef_to_tfjs.py, which reads only that form. Test tool of evaluator_vs_tfjs_test.
//
//   graphdef_to_binary graphs/conv.pbtxt /tmp/conv.pb
#include <fstream>
#include <iostream>
#include <string>

#include "converter/frontend/graphdef_import.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: graphdef_to_binary GRAPH.pbtxt OUT.pb\n";
    return 2;
  }
  absl::StatusOr<tensorflow::GraphDef> graph = tfconv::ReadGraphDefFile(argv[1]);
  if (!graph.ok()) {
    std::cerr << "graphdef_to_binary: " << graph.status().message() << "\n";
    return 1;
  }
  std::string binary;
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    graph->SerializeToCodedStream(&coded);
  }
  std::ofstream out(argv[2], std::ios::binary);
  out.write(binary.data(), static_cast<std::streamsize>(binary.size()));
  out.close();
  if (!out) {
    std::cerr << "graphdef_to_binary: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}

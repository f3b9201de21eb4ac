// Turns a text-format TensorFlow GraphDef into the binary form (what graphdef_to_tfjs.py reads).
//
//   pbtxt_to_pb graphs/conv.pbtxt /tmp/conv.pb
//
// Exit status: 0 written, 1 unreadable or unparsable input / unwritable output, 2 bad usage.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "converter/proto/graph.pb.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: pbtxt_to_pb GRAPH.pbtxt OUT.pb\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "pbtxt_to_pb: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  tensorflow::GraphDef graph;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &graph)) {
    // The parser has already printed the line and column of the problem.
    std::cerr << "pbtxt_to_pb: " << argv[1] << " is not a text-format GraphDef\n";
    return 1;
  }
  std::string binary;
  // Deterministic: the same text always gives the same bytes (map fields sorted).
  {
    google::protobuf::io::StringOutputStream stream(&binary);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    graph.SerializeToCodedStream(&coded);
  }
  std::ofstream out(argv[2], std::ios::binary);
  out.write(binary.data(), static_cast<std::streamsize>(binary.size()));
  out.close();
  if (!out) {
    std::cerr << "pbtxt_to_pb: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}

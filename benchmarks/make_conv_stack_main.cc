// Writes the synthetic conv-stack GraphDef used by the conversion benchmark, for whole-process
// measurements:  make_conv_stack --output=/tmp/conv_stack.pb [--layers=50 --channels=120]
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "benchmarks/conv_stack_graph.h"

ABSL_FLAG(std::string, output, "", "where to write the binary GraphDef");
ABSL_FLAG(int, layers, 50, "number of Conv2D + BiasAdd + Relu layers");
ABSL_FLAG(int, channels, 120, "channels of every layer");

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::string path = absl::GetFlag(FLAGS_output);
  if (path.empty()) {
    std::cerr << "make_conv_stack: give --output=FILE.pb\n";
    return 2;
  }
  tfconv::ConvStackSpec spec;
  spec.layers = absl::GetFlag(FLAGS_layers);
  spec.channels = absl::GetFlag(FLAGS_channels);
  tensorflow::GraphDef g = tfconv::MakeConvStackGraph(spec);
  std::ofstream out(path, std::ios::binary);
  if (!out || !g.SerializeToOstream(&out)) {
    std::cerr << "make_conv_stack: cannot write " << path << "\n";
    return 1;
  }
  std::cout << path << ": " << spec.layers << " layers, " << tfconv::ConvStackWeightBytes(spec)
            << " bytes of weights\n";
  return 0;
}

// A synthetic frozen GraphDef for benchmarks: a stack of Conv2D + BiasAdd + Relu layers with
// deterministic weights, sized by the number of layers and channels.
//
//   ConvStackSpec spec;                 // 50 layers, 120 channels: about 25 MB of weights
//   tensorflow::GraphDef g = MakeConvStackGraph(spec);
//   size_t bytes = ConvStackWeightBytes(spec);
#ifndef TFCONV_BENCHMARKS_CONV_STACK_GRAPH_H_
#define TFCONV_BENCHMARKS_CONV_STACK_GRAPH_H_

#include <cstddef>

#include "converter/proto/graph.pb.h"

namespace tfconv {

struct ConvStackSpec {
  int layers = 50;
  int channels = 120;
  int height = 8;
  int width = 8;
  int kernel = 3;
};

tensorflow::GraphDef MakeConvStackGraph(const ConvStackSpec& spec);
size_t ConvStackWeightBytes(const ConvStackSpec& spec);

}  // namespace tfconv

#endif  // TFCONV_BENCHMARKS_CONV_STACK_GRAPH_H_

// A readable listing of the graph for --debug, one node per line in insertion order:
//
//   x = Placeholder() -> float32[1,4]
//   c = Const() -> float32[4] const
//   y = Add(x, c, ^init) -> float32[1,4]
#ifndef TFCONV_CONVERTER_PASSES_GRAPH_DUMP_H_
#define TFCONV_CONVERTER_PASSES_GRAPH_DUMP_H_

#include <string>

#include "converter/graph/graph.h"

namespace tfconv {

std::string DumpGraph(const Graph& graph);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_PASSES_GRAPH_DUMP_H_

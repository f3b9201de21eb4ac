// What the coverage table reads besides the op registry: which ops the interop graphs exercise,
// and the test sources of a plugin folder.
//
//   absl::StatusOr<OpGraphs> graphs = ReadInteropGraphOps("runtime_check/interop/graphs");
//   (*graphs)["Conv2D"];                          // {"conv2d_pad_stride.pbtxt", "small_cnn.pbtxt"}
//   absl::StatusOr<TestSources> tests = ReadTestSources("plugins/math");
//   (*tests)["math_ops_test.cc"];                 // the file's text
#ifndef TFCONV_TOOLS_OP_COVERAGE_COVERAGE_SOURCES_H_
#define TFCONV_TOOLS_OP_COVERAGE_COVERAGE_SOURCES_H_

#include <map>
#include <set>
#include <string>

#include "absl/status/statusor.h"

namespace tfconv {

// TF op name -> the interop graph files whose outputs depend on a node of that op.
using OpGraphs = std::map<std::string, std::set<std::string>>;

// The ops of every graph listed in `graphs_dir`/MANIFEST (those are the graphs run_interop.sh
// converts and compares, LiteRT.js vs tfjs). Only nodes the manifest's output arrays depend on
// count: a node nothing reads is pruned before conversion and so is not checked. Errors name the
// manifest line or the graph file.
absl::StatusOr<OpGraphs> ReadInteropGraphOps(const std::string& graphs_dir);

// File name -> contents of every *_test.cc directly in `folder`; an empty map when the folder does
// not exist (a plugin without tests).
using TestSources = std::map<std::string, std::string>;
absl::StatusOr<TestSources> ReadTestSources(const std::string& folder);

}  // namespace tfconv

#endif  // TFCONV_TOOLS_OP_COVERAGE_COVERAGE_SOURCES_H_

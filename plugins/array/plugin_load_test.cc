// Loads the built libarray_ops.so the way the driver does: every symbol must resolve against the
// core, the entry point must pass the version and ABI checks, and the family's ops must register.
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "ops/plugin_loader.h"

namespace tfconv {
namespace {

std::string PluginPath() {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/tfconv/plugins/array/libarray_ops.so";
}

TEST(ArrayPluginLoadTest, LoadsAndRegistersTheFamily) {
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> plugin = LoadPlugin(PluginPath(), registry, /*may_override=*/false);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ(plugin->plugin_id, "tfconv.array");
  for (const char* op :
       {"Reshape", "Squeeze",   "ExpandDims", "ConcatV2", "Concat",       "Pack",     "Unpack", "Split",
        "SplitV",  "Transpose", "Pad",        "PadV2",    "MirrorPad",    "Mean",     "Sum",    "Max",
        "Min",     "Prod",      "Cast",       "Slice",    "StridedSlice", "GatherV2", "Gather", "Shape",
        "Fill",    "ZerosLike", "OnesLike",   "Range",    "Tile",
        // Issue 5 additions.
        "Any", "All", "ArgMax", "ArgMin", "TopKV2", "Where", "Unique", "DepthToSpace", "SpaceToDepth",
        "SpaceToBatchND", "BatchToSpaceND", "ResizeBilinear", "ResizeNearestNeighbor", "Rank", "Size",
        "ShapeN", "BroadcastTo", "BroadcastArgs", "GatherNd", "ScatterNd", "OneHot", "ReverseV2",
        "ReverseSequence",
        // Selects, diagonals, segments, SparseToDense, Bitcast, non-max suppression.
        "Select", "SelectV2", "MatrixDiag", "MatrixDiagV2", "MatrixDiagV3", "MatrixSetDiag", "MatrixSetDiagV2",
        "MatrixSetDiagV3", "SegmentSum", "UnsortedSegmentSum", "UnsortedSegmentMax", "UnsortedSegmentMin",
        "UnsortedSegmentProd", "SparseToDense", "Bitcast", "NonMaxSuppressionV4", "NonMaxSuppressionV5"}) {
    const OpRegistration* reg = registry.Find(op);
    ASSERT_NE(reg, nullptr) << op;
    EXPECT_EQ(reg->plugin_id, "tfconv.array") << op;
    EXPECT_TRUE(reg->infer && reg->evaluate && reg->lower) << op;
    EXPECT_FALSE(reg->tflite_ops.empty()) << op;
  }
  EXPECT_EQ(plugin->ops.size(), 69u);
}

}  // namespace
}  // namespace tfconv

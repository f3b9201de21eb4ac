// Random damage to function bodies, rets and calls: every outcome is a status (errors start with
// the source name), never a crash or a hang.
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "converter/frontend/functions/function_inline.h"
#include "converter/frontend/functions/test_graphs.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

constexpr char kBase[] = R"pb(
  node { name: "x" op: "Placeholder" }
  node { name: "var" op: "VarHandleOp" }
  node { name: "init" op: "NoOp" }
  node {
    name: "call" op: "StatefulPartitionedCall" input: "x" input: "var" input: "^init"
    attr { key: "f" value { func { name: "outer" } } }
  }
  node { name: "direct" op: "leaf" input: "call:1" }
  node { name: "out" op: "Identity" input: "call" input: "^direct" }
  library {
    function {
      signature {
        name: "outer"
        input_arg { name: "a" type: DT_FLOAT }
        input_arg { name: "v" type: DT_RESOURCE }
        output_arg { name: "y" type: DT_FLOAT }
        output_arg { name: "z" type: DT_FLOAT }
      }
      node_def { name: "rv" op: "ReadVariableOp" input: "v" }
      node_def { name: "dim" op: "Const" }
      node_def { name: "sp" op: "Split" input: "dim:output:0" input: "a" attr { key: "num_split" value { i: 2 } } }
      node_def { name: "bn" op: "FusedBatchNormV3" input: "sp:output:1" input: "rv:value:0" input: "rv:value:0" input: "rv:value:0" input: "rv:value:0" }
      node_def {
        name: "inner" op: "PartitionedCall" input: "bn:batch_mean:0" input: "^rv"
        attr { key: "f" value { func { name: "leaf" } } }
      }
      node_def { name: "idn" op: "IdentityN" input: "sp:output" attr { key: "T" value { list { type: DT_FLOAT type: DT_FLOAT } } } }
      ret { key: "y" value: "inner:output:0" }
      ret { key: "z" value: "idn:output:1" }
      control_ret { key: "rv" value: "rv" }
    }
    function {
      signature { name: "leaf" input_arg { name: "c" type: DT_FLOAT } output_arg { name: "r" type: DT_FLOAT } }
      node_def { name: "n" op: "Neg" input: "c" }
      node_def { name: "nothing" op: "NoOp" input: "^n" }
      ret { key: "r" value: "n:y:0" }
    }
  })pb";

const char* const kTokens[] = {
    "a", "v", "c", "x", "rv", "rv:value:0", "rv:value:1", "sp:output:0", "sp:output:2", "sp:output",
    "sp:out:0", "bn:y:0", "bn:batch_mean:0", "bn:reserve_space_3:0", "bn:reserve_space_9:0",
    "inner:output:0", "inner:output:5", "idn:output", "idn:output:1", "n:y:0", "nope:z:0", "^rv",
    "^a", "^nothing", "^ghost", "", ":", "::", "a:0", "a:1", "a:x", "rv:value:-1", "rv:value:99999999999",
    "sp:output:0:0", "^", "n", "dim:output:0", "call", "call:7", "^call", "direct:0", "init",
};
const char* const kOps[] = {"Neg", "NoOp", "Split", "IdentityN", "PartitionedCall",
                            "StatefulPartitionedCall", "leaf", "outer", "Unknown", "FusedBatchNormV3",
                            "ReadVariableOp", ""};

TEST(InlineFuzz, RandomDamageGivesStatuses) {
  tensorflow::GraphDef base = ParseGraph(kBase);
  ASSERT_TRUE([&] {
    tensorflow::GraphDef g = base;
    absl::Status s = InlineFunctionCalls(g, "fuzz.pb");
    EXPECT_TRUE(s.ok()) << s;
    return s.ok();
  }());
  std::mt19937 rng(1234);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  constexpr int kTokenCount = sizeof(kTokens) / sizeof(kTokens[0]);
  constexpr int kOpCount = sizeof(kOps) / sizeof(kOps[0]);
  int ok = 0, failed = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    tensorflow::GraphDef g = base;
    const int mutations = 1 + pick(3);
    for (int m = 0; m < mutations; ++m) {
      tensorflow::FunctionDef* fn = g.mutable_library()->mutable_function(pick(2));
      switch (pick(9)) {
        case 0: {  // a body input
          if (fn->node_def_size() == 0) break;
          tensorflow::NodeDef* node = fn->mutable_node_def(pick(fn->node_def_size()));
          if (node->input_size() == 0) {
            node->add_input(kTokens[pick(kTokenCount)]);
          } else {
            node->set_input(pick(node->input_size()), kTokens[pick(kTokenCount)]);
          }
          break;
        }
        case 1: {  // a ret
          auto& ret = *fn->mutable_ret();
          if (!ret.empty()) ret.begin()->second = kTokens[pick(kTokenCount)];
          break;
        }
        case 2:
          (*fn->mutable_control_ret())["k"] = kTokens[pick(kTokenCount)];
          break;
        case 3:  // drop a body node
          if (fn->node_def_size() > 0) {
            fn->mutable_node_def()->DeleteSubrange(pick(fn->node_def_size()), 1);
          }
          break;
        case 4:
          if (fn->node_def_size() > 0) fn->mutable_node_def(pick(fn->node_def_size()))->set_op(kOps[pick(kOpCount)]);
          break;
        case 5: {  // a top-level input
          tensorflow::NodeDef* node = g.mutable_node(pick(g.node_size()));
          node->add_input(kTokens[pick(kTokenCount)]);
          break;
        }
        case 6:
          fn->mutable_signature()->set_name(kOps[pick(kOpCount)]);
          break;
        case 7: {  // list lengths
          for (auto& node : *fn->mutable_node_def()) {
            if (node.op() == "Split") {
              (*node.mutable_attr())["num_split"].set_i(static_cast<int64_t>(rng()) - (1ll << 31));
            }
          }
          break;
        }
        case 8:
          if (fn->signature().input_arg_size() > 0) fn->mutable_signature()->mutable_input_arg()->RemoveLast();
          break;
      }
    }
    InlineOptions options;
    options.max_depth = 1 + pick(4);
    absl::Status s = InlineFunctionCalls(g, "fuzz.pb", options);
    if (s.ok()) {
      ++ok;
      s = StripInferenceNoOps(g, "fuzz.pb");
      if (s.ok()) (void)ResolveThroughIdentities(g, kTokens[pick(kTokenCount)], "fuzz.pb");
    }
    if (!s.ok()) {
      ++failed;
      EXPECT_TRUE(absl::StartsWith(s.message(), "fuzz.pb")) << s;
    }
  }
  EXPECT_GT(ok, 100);
  EXPECT_GT(failed, 100);
}

}  // namespace
}  // namespace tfconv

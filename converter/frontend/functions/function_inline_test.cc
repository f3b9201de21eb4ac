// Inlining on hand-written GraphDefs: the expected graphs are derived by hand from the function
// body syntax (function.proto) and the ops' output arguments (tensorflow/core/ops).
#include "converter/frontend/functions/function_inline.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "converter/frontend/functions/test_graphs.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {


// scale(a) -> y = a * c
constexpr char kScale[] = R"pb(
  function {
    signature {
      name: "scale"
      input_arg { name: "a" type: DT_FLOAT }
      output_arg { name: "y" type: DT_FLOAT }
    }
    node_def { name: "c" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } } }
    node_def { name: "m" op: "Mul" input: "a" input: "c:output:0" }
    ret { key: "y" value: "m:z:0" }
  })pb";

constexpr char kX[] = R"pb(
  node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } })pb";

std::string CallNode(const std::string& name, const std::string& op, const std::string& fn,
                     const std::vector<std::string>& inputs, int num_in, int num_out) {
  std::string text = absl::StrCat("node { name: \"", name, "\" op: \"", op, "\"");
  for (const std::string& in : inputs) absl::StrAppend(&text, " input: \"", in, "\"");
  if (op == "PartitionedCall" || op == "StatefulPartitionedCall") {
    absl::StrAppend(&text, " attr { key: \"f\" value { func { name: \"", fn, "\" } } }");
    absl::StrAppend(&text, " attr { key: \"Tin\" value { list {");
    for (int i = 0; i < num_in; ++i) absl::StrAppend(&text, " type: DT_FLOAT");
    absl::StrAppend(&text, " } } } attr { key: \"Tout\" value { list {");
    for (int i = 0; i < num_out; ++i) absl::StrAppend(&text, " type: DT_FLOAT");
    absl::StrAppend(&text, " } } }");
  }
  return text + " }";
}

std::string WithLibrary(const std::string& nodes, const std::string& functions) {
  return absl::StrCat(nodes, " library { ", functions, " }");
}

std::vector<std::string> NodeNames(const tensorflow::GraphDef& g) {
  std::vector<std::string> names;
  for (const auto& n : g.node()) names.push_back(n.name());
  return names;
}

TEST(InlineFunctionCalls, SimpleCall) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1),
                   R"pb(node { name: "out" op: "Neg" input: "call" })pb"),
      kScale));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(NodeNames(g), Strings({"x", "call/c", "call/m", "call", "out"}));
  EXPECT_EQ(InputsOf(g, "call/m"), Strings({"x", "call/c"}));
  EXPECT_TRUE(InputsOf(g, "call/c").empty());
  EXPECT_EQ(InputsOf(g, "out"), Strings({"call/m"}));
  // The alias keeps "call:0" addressable.
  EXPECT_EQ(FindNode(g, "call")->op(), "IdentityN");
  EXPECT_EQ(InputsOf(g, "call"), Strings({"call/m"}));
  ASSERT_EQ(FindNode(g, "call")->attr().at("T").list().type_size(), 1);
  EXPECT_EQ(FindNode(g, "call")->attr().at("T").list().type(0), tensorflow::DT_FLOAT);
  // The library stays for the caller to drop; untouched nodes keep their attrs.
  EXPECT_EQ(g.library().function_size(), 1);
  EXPECT_EQ(FindNode(g, "x")->attr().at("dtype").type(), tensorflow::DT_FLOAT);
}

TEST(InlineFunctionCalls, ControlEdgesToNodesAlreadyReadAreDropped) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1),
                   R"pb(node { name: "out" op: "Neg" input: "call" input: "^call" input: "^x" })pb"),
      kScale));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "out"), Strings({"call/m", "^x"}));
}

TEST(InlineFunctionCalls, NestedThreeDeepThroughAllCallForms) {
  constexpr char kFunctions[] = R"pb(
    function {
      signature { name: "outer" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def {
        name: "inner" op: "StatefulPartitionedCall" input: "a"
        attr { key: "f" value { func { name: "middle" } } }
        attr { key: "Tin" value { list { type: DT_FLOAT } } }
        attr { key: "Tout" value { list { type: DT_FLOAT } } }
      }
      ret { key: "y" value: "inner:output:0" }
    }
    function {
      signature { name: "middle" input_arg { name: "b" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "leaf" op: "leaf_fn" input: "b" }
      ret { key: "y" value: "leaf:r:0" }
    }
    function {
      signature { name: "leaf_fn" input_arg { name: "c" type: DT_FLOAT } output_arg { name: "r" type: DT_FLOAT } }
      node_def { name: "n" op: "Neg" input: "c" }
      ret { key: "r" value: "n:y:0" }
    })pb";
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "PartitionedCall", "outer", {"x"}, 1, 1),
                   R"pb(node { name: "out" op: "Identity" input: "call:0" })pb"),
      kFunctions));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(NodeNames(g), Strings({"x", "call/inner/leaf/n", "call", "out"}));
  EXPECT_EQ(InputsOf(g, "call/inner/leaf/n"), Strings({"x"}));
  EXPECT_EQ(InputsOf(g, "out"), Strings({"call/inner/leaf/n"}));
}

TEST(InlineFunctionCalls, MultiOutputFunction) {
  constexpr char kFn[] = R"pb(
    function {
      signature {
        name: "sum_diff"
        input_arg { name: "a" type: DT_FLOAT }
        input_arg { name: "b" type: DT_FLOAT }
        output_arg { name: "sum" type: DT_FLOAT }
        output_arg { name: "diff" type: DT_FLOAT }
      }
      node_def { name: "s" op: "AddV2" input: "a" input: "b" }
      node_def { name: "d" op: "Sub" input: "a" input: "b" }
      ret { key: "sum" value: "s:z:0" }
      ret { key: "diff" value: "d:z:0" }
    })pb";
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "y" op: "Placeholder" })pb",
                   CallNode("call", "StatefulPartitionedCall", "sum_diff", {"x", "y"}, 2, 2),
                   R"pb(node { name: "o1" op: "Neg" input: "call:1" }
                        node { name: "o0" op: "Neg" input: "call" })pb"),
      kFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "o1"), Strings({"call/d"}));
  EXPECT_EQ(InputsOf(g, "o0"), Strings({"call/s"}));
  EXPECT_EQ(InputsOf(g, "call"), Strings({"call/s", "call/d"}));
}

// FusedBatchNormV3 outputs y, batch_mean, batch_variance, reserve_space_1..3: flat 0, 1, 2, 3..5.
TEST(InlineFunctionCalls, MultiArgOutputReferences) {
  constexpr char kFn[] = R"pb(
    function {
      signature {
        name: "bn"
        input_arg { name: "x" type: DT_FLOAT }
        input_arg { name: "p" type: DT_FLOAT }
        output_arg { name: "y" type: DT_FLOAT }
        output_arg { name: "m" type: DT_FLOAT }
        output_arg { name: "r" type: DT_FLOAT }
      }
      node_def { name: "norm" op: "FusedBatchNormV3" input: "x" input: "p" input: "p" input: "p" input: "p" }
      node_def { name: "keep" op: "Identity" input: "norm:reserve_space_3:0" }
      ret { key: "y" value: "norm:y:0" }
      ret { key: "m" value: "norm:batch_mean:0" }
      ret { key: "r" value: "keep:output:0" }
    })pb";
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "bn", {"x", "x"}, 2, 3)), kFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "call"), Strings({"call/norm", "call/norm:1", "call/keep"}));
  EXPECT_EQ(InputsOf(g, "call/keep"), Strings({"call/norm:5"}));
}

constexpr char kSplitFn[] = R"pb(
  function {
    signature {
      name: "thirds"
      input_arg { name: "a" type: DT_FLOAT }
      output_arg { name: "p" type: DT_FLOAT }
      output_arg { name: "q" type: DT_FLOAT }
      output_arg { name: "all" type: DT_FLOAT }
    }
    node_def { name: "dim" op: "Const" }
    node_def { name: "sp" op: "Split" input: "dim:output:0" input: "a" attr { key: "num_split" value { i: 3 } } }
    node_def {
      name: "idn" op: "IdentityN" input: "sp:output"
      attr { key: "T" value { list { type: DT_FLOAT type: DT_FLOAT type: DT_FLOAT } } }
    }
    ret { key: "p" value: "sp:output:2" }
    ret { key: "q" value: "sp:output:0" }
    ret { key: "all" value: "idn:output:1" }
  })pb";

TEST(InlineFunctionCalls, SplitListOutputAndWholeListInput) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "thirds", {"x"}, 1, 3)), kSplitFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "call"), Strings({"call/sp:2", "call/sp", "call/idn:1"}));
  // "sp:output" without an index is the whole list of num_split tensors.
  EXPECT_EQ(InputsOf(g, "call/idn"), Strings({"call/sp", "call/sp:1", "call/sp:2"}));
}

TEST(InlineFunctionCalls, SplitIndexOutOfRangeIsAnError) {
  std::string fn = kSplitFn;
  fn.replace(fn.find("sp:output:2"), 11, "sp:output:3");
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "thirds", {"x"}, 1, 3)), fn));
  absl::Status s = InlineFunctionCalls(g, "m.pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange) << s;
  EXPECT_TRUE(HasText(s.message(), "m.pb: function 'thirds': ret 'p'"));
  EXPECT_TRUE(HasText(s.message(), "has 3 tensor(s), index 3"));
}

constexpr char kAssignFn[] = R"pb(
  function {
    signature {
      name: "assign"
      input_arg { name: "v" type: DT_RESOURCE }
      input_arg { name: "val" type: DT_FLOAT }
      control_output: "write"
    }
    node_def { name: "write" op: "AssignVariableOp" input: "v" input: "val" }
    control_ret { key: "write" value: "write" }
  })pb";

TEST(InlineFunctionCalls, ControlRetFeedsControlConsumers) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "var" op: "VarHandleOp" })pb",
                   CallNode("call", "StatefulPartitionedCall", "assign", {"var", "x"}, 2, 0),
                   R"pb(node { name: "after" op: "NoOp" input: "^call" }
                        node { name: "read" op: "ReadVariableOp" input: "var" input: "^call" })pb"),
      kAssignFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  // Resource arguments stay ordinary edges.
  EXPECT_EQ(InputsOf(g, "call/write"), Strings({"var", "x"}));
  EXPECT_EQ(InputsOf(g, "after"), Strings({"^call/write"}));
  EXPECT_EQ(InputsOf(g, "read"), Strings({"var", "^call/write"}));
  // Without outputs the alias is a NoOp waiting for the side effects.
  EXPECT_EQ(FindNode(g, "call")->op(), "NoOp");
  EXPECT_EQ(InputsOf(g, "call"), Strings({"^call/write"}));
}

TEST(InlineFunctionCalls, ControlConsumersWaitForControlRetAndResults) {
  constexpr char kFn[] = R"pb(
    function {
      signature {
        name: "read_mul"
        input_arg { name: "a" type: DT_FLOAT }
        input_arg { name: "v" type: DT_RESOURCE }
        output_arg { name: "y" type: DT_FLOAT }
      }
      node_def { name: "rv" op: "ReadVariableOp" input: "v" }
      node_def { name: "m" op: "Mul" input: "a" input: "rv:value:0" }
      ret { key: "y" value: "m:z:0" }
      control_ret { key: "rv" value: "rv" }
    })pb";
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "var" op: "VarHandleOp" })pb",
                   CallNode("call", "StatefulPartitionedCall", "read_mul", {"x", "var"}, 2, 1),
                   R"pb(node { name: "later" op: "Const" input: "^call" })pb"),
      kFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "later"), Strings({"^call/rv", "^call/m"}));
  EXPECT_EQ(InputsOf(g, "call/rv"), Strings({"var"}));
}

TEST(InlineFunctionCalls, ControlConsumerOfAnEmptyCallWaitsForItsInputs) {
  constexpr char kFn[] = R"pb(
    function {
      signature { name: "nothing" input_arg { name: "a" type: DT_FLOAT } }
    })pb";
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "init" op: "NoOp" })pb",
                   CallNode("call", "StatefulPartitionedCall", "nothing", {"x", "^init"}, 1, 0),
                   R"pb(node { name: "later" op: "Const" input: "^call" })pb"),
      kFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "later"), Strings({"^x", "^init"}));
}

TEST(InlineFunctionCalls, CallControlInputsReachBodyNodesThatReadNoBodyNode) {
  constexpr char kFn[] = R"pb(
    function {
      signature {
        name: "f"
        input_arg { name: "a" type: DT_FLOAT }
        output_arg { name: "y" type: DT_FLOAT }
        output_arg { name: "z" type: DT_FLOAT }
      }
      node_def { name: "c" op: "Const" }
      node_def { name: "m" op: "Mul" input: "a" input: "c:output:0" }
      node_def { name: "n" op: "Neg" input: "a" }
      ret { key: "y" value: "m:z:0" }
      ret { key: "z" value: "n:y:0" }
    })pb";
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "init" op: "NoOp" })pb",
                   CallNode("call", "StatefulPartitionedCall", "f", {"x", "^init"}, 1, 2)),
      kFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "call/c"), Strings({"^init"}));
  EXPECT_EQ(InputsOf(g, "call/m"), Strings({"x", "call/c"}));
  EXPECT_EQ(InputsOf(g, "call/n"), Strings({"x", "^init"}));
}

TEST(InlineFunctionCalls, DirectFunctionOpCall) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "d" op: "scale" input: "x" }
                            node { name: "out" op: "Neg" input: "d:0" })pb"),
      kScale));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(NodeNames(g), Strings({"x", "d/c", "d/m", "d", "out"}));
  EXPECT_EQ(InputsOf(g, "out"), Strings({"d/m"}));
}

TEST(InlineFunctionCalls, ArgumentPassedThroughToOutput) {
  constexpr char kFn[] = R"pb(
    function {
      signature { name: "pass" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      ret { key: "y" value: "a" }
    })pb";
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "PartitionedCall", "pass", {"x"}, 1, 1),
                   R"pb(node { name: "out" op: "Neg" input: "call" })pb"),
      kFn));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "out"), Strings({"x"}));
}

TEST(InlineFunctionCalls, CallFeedingCall) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("first", "StatefulPartitionedCall", "scale", {"x"}, 1, 1),
                   CallNode("second", "StatefulPartitionedCall", "scale", {"first"}, 1, 1)),
      kScale));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "second/m"), Strings({"first/m", "second/c"}));
}

TEST(InlineFunctionCalls, TakenNamesGetASuffix) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "call/m" op: "Const" })pb",
                   CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1)),
      kScale));
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(NodeNames(g), Strings({"x", "call/m", "call/c", "call/m_1", "call"}));
  EXPECT_EQ(InputsOf(g, "call"), Strings({"call/m_1"}));
}

TEST(InlineFunctionCalls, WithoutAliasesTheCallNameIsGone) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1)), kScale));
  InlineOptions options;
  options.keep_call_aliases = false;
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb", options).ok());
  EXPECT_EQ(NodeNames(g), Strings({"x", "call/c", "call/m"}));
}

TEST(InlineFunctionCalls, GraphWithoutCallsIsUntouched) {
  tensorflow::GraphDef g = ParseGraph(WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "n" op: "Neg" input: "x" device: "/CPU:0" })pb"), kScale));
  std::string before = DeterministicBytes(g);
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb").ok());
  EXPECT_EQ(DeterministicBytes(g), before);
}

TEST(InlineFunctionCalls, Deterministic) {
  std::string text = WithLibrary(
      absl::StrCat(kX, R"pb(node { name: "var" op: "VarHandleOp" })pb",
                   CallNode("a", "StatefulPartitionedCall", "assign", {"var", "x"}, 2, 0),
                   CallNode("b", "StatefulPartitionedCall", "thirds", {"x", "^a"}, 1, 3)),
      absl::StrCat(kAssignFn, kSplitFn));
  tensorflow::GraphDef g1 = ParseGraph(text);
  tensorflow::GraphDef g2 = ParseGraph(text);
  ASSERT_TRUE(InlineFunctionCalls(g1, "m.pb").ok());
  ASSERT_TRUE(InlineFunctionCalls(g2, "m.pb").ok());
  EXPECT_EQ(DeterministicBytes(g1), DeterministicBytes(g2));
  EXPECT_EQ(InputsOf(g1, "b/dim"), Strings({"^a/write"}));
}

TEST(InlineFunctionCalls, OpDefsTellOutputArgumentsOfUnknownOps) {
  constexpr char kFn[] = R"pb(
    function {
      signature { name: "custom" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "w" op: "MyCustomOp" input: "a" }
      ret { key: "y" value: "w:second:0" }
    })pb";
  std::string text =
      WithLibrary(absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "custom", {"x"}, 1, 1)), kFn);
  tensorflow::GraphDef g = ParseGraph(text);
  absl::Status s = InlineFunctionCalls(g, "m.pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound) << s;
  EXPECT_TRUE(HasText(s.message(), "function 'custom': ret 'y': input 'w:second:0'"));
  EXPECT_TRUE(HasText(s.message(), "op 'MyCustomOp' are unknown"));
  EXPECT_TRUE(HasText(s.message(), "InlineOptions::op_defs"));

  InlineOptions options;
  tensorflow::OpDef* op = options.op_defs.add_op();
  op->set_name("MyCustomOp");
  op->add_output_arg()->set_name("first");
  op->add_output_arg()->set_name("second");
  ASSERT_TRUE(InlineFunctionCalls(g, "m.pb", options).ok());
  EXPECT_EQ(InputsOf(g, "call"), Strings({"call/w:1"}));
}

// ---- errors ----

absl::Status InlineText(const std::string& text, const InlineOptions& options = {}) {
  tensorflow::GraphDef g = ParseGraph(text);
  std::string before = DeterministicBytes(g);
  absl::Status s = InlineFunctionCalls(g, "m.pb", options);
  if (!s.ok()) {
    EXPECT_EQ(DeterministicBytes(g), before) << "an error must leave the graph as it was";
  }
  return s;
}

TEST(InlineFunctionCallsErrors, MissingFunction) {
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "nope", {"x"}, 1, 1)), kScale));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(s.message(), "m.pb: node 'call' (StatefulPartitionedCall) calls function 'nope'"));
}

TEST(InlineFunctionCallsErrors, MissingFunctionInsideABody) {
  constexpr char kFn[] = R"pb(
    function {
      signature { name: "outer" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def {
        name: "inner" op: "PartitionedCall" input: "a"
        attr { key: "f" value { func { name: "gone" } } }
      }
      ret { key: "y" value: "inner:output:0" }
    })pb";
  absl::Status s = InlineText(
      WithLibrary(absl::StrCat(kX, CallNode("call", "PartitionedCall", "outer", {"x"}, 1, 1)), kFn));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(s.message(), "function 'outer', node 'inner' (PartitionedCall)"));
  EXPECT_TRUE(HasText(s.message(), "calls function 'gone'"));
}

TEST(InlineFunctionCallsErrors, CallWithoutFunctionAttr) {
  absl::Status s = InlineText(absl::StrCat(kX, R"pb(node { name: "call" op: "PartitionedCall" input: "x" })pb"));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "no function attr 'f'"));
}

TEST(InlineFunctionCallsErrors, Recursion) {
  constexpr char kFns[] = R"pb(
    function {
      signature { name: "ping" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "p" op: "pong" input: "a" }
      ret { key: "y" value: "p:y:0" }
    }
    function {
      signature { name: "pong" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "p" op: "ping" input: "a" }
      ret { key: "y" value: "p:y:0" }
    })pb";
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "ping", {"x"}, 1, 1)), kFns));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "recursively: ping -> pong -> ping"));
}

TEST(InlineFunctionCallsErrors, DepthLimit) {
  constexpr char kFns[] = R"pb(
    function {
      signature { name: "l1" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "n" op: "l2" input: "a" }
      ret { key: "y" value: "n:y:0" }
    }
    function {
      signature { name: "l2" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "n" op: "l3" input: "a" }
      ret { key: "y" value: "n:y:0" }
    }
    function {
      signature { name: "l3" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "n" op: "Neg" input: "a" }
      ret { key: "y" value: "n:y:0" }
    })pb";
  std::string text = WithLibrary(absl::StrCat(kX, R"pb(node { name: "call" op: "l1" input: "x" })pb"), kFns);
  InlineOptions options;
  options.max_depth = 3;
  EXPECT_TRUE(InlineText(text, options).ok());
  options.max_depth = 2;
  absl::Status s = InlineText(text, options);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "nest deeper than 2: l1 -> l2 -> l3"));
}

TEST(InlineFunctionCallsErrors, ArityMismatch) {
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x", "x"}, 2, 1)), kScale));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "calls function 'scale' with 2 data input(s), but it takes 1 (a)"));
}

TEST(InlineFunctionCallsErrors, ToutMismatch) {
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 2)), kScale));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "attr Tout lists 2 type(s), but function 'scale' has 1"));
}

TEST(InlineFunctionCallsErrors, ReadingAnOutputTheCallDoesNotHave) {
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1),
                   R"pb(node { name: "out" op: "Neg" input: "call:1" })pb"),
      kScale));
  EXPECT_EQ(s.code(), absl::StatusCode::kOutOfRange);
  EXPECT_TRUE(HasText(s.message(), "node 'out' reads 'call:1'"));
  EXPECT_TRUE(HasText(s.message(), "has 1 output(s)"));
}

TEST(InlineFunctionCallsErrors, PolymorphicFunctions) {
  constexpr char kFn[] = R"pb(
    function {
      signature { name: "poly" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "y" type: DT_FLOAT } }
      node_def { name: "n" op: "Neg" input: "a" attr { key: "T" value { placeholder: "T" } } }
      ret { key: "y" value: "n:y:0" }
    })pb";
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "poly", {"x"}, 1, 1)), kFn));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(HasText(s.message(), "function 'poly', node 'n' (Neg): attr 'T' is a placeholder"));

  constexpr char kSigFn[] = R"pb(
    function {
      signature {
        name: "poly"
        input_arg { name: "a" type_attr: "T" }
        output_arg { name: "y" type_attr: "T" }
        attr { name: "T" type: "type" }
      }
      ret { key: "y" value: "a" }
    })pb";
  s = InlineText(WithLibrary(absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "poly", {"x"}, 1, 1)),
                             kSigFn));
  EXPECT_EQ(s.code(), absl::StatusCode::kUnimplemented);
  EXPECT_TRUE(HasText(s.message(), "function 'poly' is polymorphic"));
}

TEST(InlineFunctionCallsErrors, UnresolvableReferences) {
  struct Case {
    const char* ref;
    const char* message;
  };
  const Case cases[] = {
      {"gone:z:0", "names 'gone', which is not a node of the body of 'scale'"},
      {"m:bogus:0", "op 'Mul' has no output argument 'bogus' (it has z)"},
      {"m:z:1", "has 1 tensor(s), index 1 does not exist"},
      {"m:z:one", "has the index 'one', not a number"},
      {"m", "names body node 'm' without an output"},
      {"b", "neither an argument of 'scale' nor a node of its body"},
      {"a:1", "argument 'a' is one tensor"},
      {"m:z:0:0", "is malformed"},
  };
  for (const Case& c : cases) {
    std::string fn = kScale;
    fn.replace(fn.find("\"m:z:0\""), 7, absl::StrCat("\"", c.ref, "\""));
    absl::Status s = InlineText(WithLibrary(
        absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1)), fn));
    EXPECT_FALSE(s.ok()) << c.ref;
    EXPECT_TRUE(HasText(s.message(), "m.pb: function 'scale': ret 'y'")) << c.ref;
    EXPECT_TRUE(HasText(s.message(), c.message)) << c.ref;
  }
}

TEST(InlineFunctionCallsErrors, BadControlReferences) {
  std::string fn = kScale;
  fn.replace(fn.find("input: \"c:output:0\""), 19, "input: \"c:output:0\" input: \"^ghost\"");
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1)), fn));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(s.message(), "node 'm' (Mul): control input '^ghost'"));
}

TEST(InlineFunctionCallsErrors, MissingRetAndControlRet) {
  std::string fn = kScale;
  fn.replace(fn.find("ret {"), 3, "control_ret { key: \"k\" value: \"ghost\" } ret_unused_marker");
  fn.replace(fn.find("ret_unused_marker"), 17, "ret");
  absl::Status s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1)), fn));
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(s.message(), "control_ret 'k' names 'ghost'"));

  fn = kScale;
  fn.replace(fn.find("ret { key: \"y\" value: \"m:z:0\" }"), 32, "");
  s = InlineText(WithLibrary(
      absl::StrCat(kX, CallNode("call", "StatefulPartitionedCall", "scale", {"x"}, 1, 1)), fn));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "has no ret entry for its output 'y'"));
}

}  // namespace
}  // namespace tfconv

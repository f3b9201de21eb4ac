// StripInferenceNoOps on hand-written graphs; expectations follow the op semantics (an Identity's
// output is its input, IdentityN's output i is its input i, a NoOp only orders).
#include "converter/frontend/functions/strip_noops.h"

#include <string>

#include "converter/frontend/functions/test_graphs.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

std::vector<std::string> NodeNames(const tensorflow::GraphDef& g) {
  std::vector<std::string> names;
  for (const auto& n : g.node()) names.push_back(n.name());
  return names;
}

TEST(StripInferenceNoOps, IdentityChainsAreBypassed) {
  tensorflow::GraphDef g = ParseGraph(R"pb(
    node { name: "x" op: "Placeholder" device: "/job:a/device:CPU:0" }
    node { name: "i1" op: "Identity" input: "x" }
    node { name: "i2" op: "StopGradient" input: "i1" }
    node { name: "i3" op: "Snapshot" input: "i2:0" }
    node { name: "y" op: "Neg" input: "i3" device: "/device:GPU:0" }
  )pb");
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb").ok());
  EXPECT_EQ(NodeNames(g), Strings({"x", "y"}));
  EXPECT_EQ(InputsOf(g, "y"), Strings({"x"}));
  EXPECT_TRUE(FindNode(g, "x")->device().empty());
  EXPECT_TRUE(FindNode(g, "y")->device().empty());
}

TEST(StripInferenceNoOps, IdentityNWithSeveralOutputs) {
  tensorflow::GraphDef g = ParseGraph(R"pb(
    node { name: "split" op: "Split" attr { key: "num_split" value { i: 2 } } }
    node { name: "b" op: "Placeholder" }
    node { name: "idn" op: "IdentityN" input: "split:1" input: "b" input: "split" }
    node { name: "add" op: "AddV2" input: "idn:1" input: "idn" }
    node { name: "neg" op: "Neg" input: "idn:2" }
  )pb");
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "add"), Strings({"b", "split:1"}));
  EXPECT_EQ(InputsOf(g, "neg"), Strings({"split"}));
  EXPECT_EQ(FindNode(g, "idn"), nullptr);
}

TEST(StripInferenceNoOps, KeptNamesSurviveAndReadThroughOthers) {
  tensorflow::GraphDef g = ParseGraph(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "inner" op: "Identity" input: "x" }
    node { name: "Identity" op: "Identity" input: "inner" }
    node { name: "init" op: "NoOp" }
  )pb");
  StripOptions options;
  options.keep = {"Identity:0", "init"};
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb", options).ok());
  EXPECT_EQ(NodeNames(g), Strings({"x", "Identity", "init"}));
  EXPECT_EQ(InputsOf(g, "Identity"), Strings({"x"}));
}

TEST(StripInferenceNoOps, ControlEdgesViaNoOpAreDropped) {
  tensorflow::GraphDef g = ParseGraph(R"pb(
    node { name: "a" op: "Const" }
    node { name: "x" op: "Placeholder" }
    node { name: "deps" op: "NoOp" input: "^a" }
    node { name: "y" op: "Neg" input: "x" input: "^deps" input: "^a" }
  )pb");
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb").ok());
  EXPECT_EQ(NodeNames(g), Strings({"a", "x", "y"}));
  EXPECT_EQ(InputsOf(g, "y"), Strings({"x", "^a"}));
}

TEST(StripInferenceNoOps, ControlInputsOfBypassedNodesCarryOver) {
  tensorflow::GraphDef g = ParseGraph(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "read" op: "ReadVariableOp" }
    node { name: "gate" op: "NoOp" }
    node { name: "id" op: "Identity" input: "x" input: "^read" input: "^gate" }
    node { name: "y" op: "Neg" input: "id" }
    node { name: "after" op: "Const" input: "^id" }
  )pb");
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "y"), Strings({"x", "^read"}));
  // "^id" waited for x and for id's own control inputs.
  EXPECT_EQ(InputsOf(g, "after"), Strings({"^x", "^read"}));
}

TEST(StripInferenceNoOps, Asserts) {
  const char* text = R"pb(
    node { name: "c" op: "Const" }
    node { name: "check" op: "Assert" input: "c" }
    node { name: "y" op: "Neg" input: "c" input: "^check" }
  )pb";
  tensorflow::GraphDef g = ParseGraph(text);
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb").ok());
  EXPECT_EQ(NodeNames(g), Strings({"c", "y"}));
  EXPECT_EQ(InputsOf(g, "y"), Strings({"c"}));

  g = ParseGraph(text);
  StripOptions options;
  options.strip_asserts = false;
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb", options).ok());
  EXPECT_EQ(NodeNames(g), Strings({"c", "check", "y"}));
  EXPECT_EQ(InputsOf(g, "y"), Strings({"c", "^check"}));
}

TEST(StripInferenceNoOps, EnsureShapeStays) {
  tensorflow::GraphDef g = ParseGraph(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "s" op: "EnsureShape" input: "x" }
    node { name: "y" op: "Neg" input: "s" }
  )pb");
  ASSERT_TRUE(StripInferenceNoOps(g, "m.pb").ok());
  EXPECT_EQ(InputsOf(g, "y"), Strings({"s"}));
}

TEST(StripInferenceNoOps, ResolveThroughIdentities) {
  tensorflow::GraphDef g = ParseGraph(R"pb(
    node { name: "sm" op: "Softmax" }
    node { name: "i" op: "Identity" input: "sm" }
    node { name: "out" op: "IdentityN" input: "x" input: "i" }
    node { name: "x" op: "Placeholder" }
  )pb");
  EXPECT_EQ(*ResolveThroughIdentities(g, "out:1", "m.pb"), "sm");
  EXPECT_EQ(*ResolveThroughIdentities(g, "out", "m.pb"), "x");
  EXPECT_EQ(*ResolveThroughIdentities(g, "sm", "m.pb"), "sm");
  absl::StatusOr<std::string> missing = ResolveThroughIdentities(g, "ghost:0", "m.pb");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(missing.status().message(), "m.pb: the tensor 'ghost:0'"));
}

absl::Status StripText(const char* text, const StripOptions& options = {}) {
  tensorflow::GraphDef g = ParseGraph(text);
  std::string before = DeterministicBytes(g);
  absl::Status s = StripInferenceNoOps(g, "m.pb", options);
  if (!s.ok()) {
    EXPECT_EQ(DeterministicBytes(g), before) << "an error must leave the graph as it was";
  }
  return s;
}

TEST(StripInferenceNoOpsErrors, DataReadOfANoOp) {
  absl::Status s = StripText(R"pb(
    node { name: "n" op: "NoOp" }
    node { name: "y" op: "Neg" input: "n" }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "m.pb: node 'y' reads 'n', but 'n' is a NoOp and has no outputs"));
}

TEST(StripInferenceNoOpsErrors, OutputsThatDoNotExist) {
  absl::Status s = StripText(R"pb(
    node { name: "x" op: "Placeholder" }
    node { name: "idn" op: "IdentityN" input: "x" }
    node { name: "y" op: "Neg" input: "idn:1" }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "IdentityN 'idn' has 1 data input(s), so output 1 does not exist"));

  s = StripText(R"pb(
    node { name: "i" op: "Identity" }
    node { name: "y" op: "Neg" input: "i" }
  )pb");
  EXPECT_TRUE(HasText(s.message(), "Identity 'i' has 0 data input(s)"));
}

TEST(StripInferenceNoOpsErrors, MissingKeptName) {
  StripOptions options;
  options.keep = {"ghost"};
  absl::Status s = StripText(R"pb(node { name: "x" op: "Placeholder" })pb", options);
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(HasText(s.message(), "m.pb: the node 'ghost' to keep is not in the graph"));
}

TEST(StripInferenceNoOpsErrors, IdentityCycles) {
  absl::Status s = StripText(R"pb(
    node { name: "a" op: "Identity" input: "b" }
    node { name: "b" op: "Identity" input: "a" }
    node { name: "y" op: "Neg" input: "a" }
  )pb");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasText(s.message(), "form a cycle"));

  s = StripText(R"pb(
    node { name: "a" op: "Identity" input: "^b" }
    node { name: "b" op: "Identity" input: "^a" }
    node { name: "y" op: "Neg" input: "^a" }
  )pb");
  EXPECT_TRUE(HasText(s.message(), "form a cycle"));
}

}  // namespace
}  // namespace tfconv

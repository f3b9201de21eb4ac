#include "converter/frontend/functions/test_graphs.h"

#include <fstream>
#include <iterator>
#include <limits>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "converter/frontend/functions/input_ref.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfconv {

tensorflow::GraphDef ParseGraph(const std::string& text) {
  tensorflow::GraphDef graph;
  if (!google::protobuf::TextFormat::ParseFromString(text, &graph)) {
    ADD_FAILURE() << "bad text proto:\n" << text;
    return {};
  }
  return graph;
}

const tensorflow::NodeDef* FindNode(const tensorflow::GraphDef& graph, const std::string& name) {
  for (const tensorflow::NodeDef& node : graph.node()) {
    if (node.name() == name) return &node;
  }
  return nullptr;
}

std::vector<std::string> InputsOf(const tensorflow::GraphDef& graph, const std::string& name) {
  const tensorflow::NodeDef* node = FindNode(graph, name);
  if (node == nullptr) return {"<missing>"};
  return {node->input().begin(), node->input().end()};
}

std::vector<std::string> ReachableNodes(const tensorflow::GraphDef& graph,
                                        const std::vector<std::string>& tensors) {
  std::map<std::string, const tensorflow::NodeDef*> by_name;
  for (const tensorflow::NodeDef& node : graph.node()) by_name[node.name()] = &node;
  std::set<std::string> seen;
  std::vector<std::string> stack;
  for (const std::string& t : tensors) stack.emplace_back(NodeOfInput(t));
  while (!stack.empty()) {
    std::string name = stack.back();
    stack.pop_back();
    if (!seen.insert(name).second) continue;
    auto it = by_name.find(name);
    if (it == by_name.end()) continue;
    for (const std::string& in : it->second->input()) stack.emplace_back(NodeOfInput(in));
  }
  return {seen.begin(), seen.end()};
}

std::map<std::string, int> ReachableOps(const tensorflow::GraphDef& graph,
                                        const std::vector<std::string>& tensors) {
  std::map<std::string, int> ops;
  for (const std::string& name : ReachableNodes(graph, tensors)) {
    const tensorflow::NodeDef* node = FindNode(graph, name);
    ops[node == nullptr ? "<missing>" : node->op()]++;
  }
  return ops;
}

absl::StatusOr<tensorflow::SavedModel> ReadSavedModel(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  google::protobuf::io::ArrayInputStream stream(bytes.data(), static_cast<int>(bytes.size()));
  google::protobuf::io::CodedInputStream coded(&stream);
  coded.SetTotalBytesLimit(std::numeric_limits<int>::max());
  tensorflow::SavedModel model;
  if (!model.ParseFromCodedStream(&coded)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a SavedModel"));
  }
  return model;
}

::testing::AssertionResult HasText(absl::string_view haystack, absl::string_view needle) {
  if (haystack.find(needle) != absl::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << needle << "' is not in:\n" << haystack;
}

std::string DeterministicBytes(const tensorflow::GraphDef& graph) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  graph.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

}  // namespace tfconv

#include "tools/op_coverage/coverage_sources.h"

#include <dirent.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "converter/proto/graph.pb.h"
#include "google/protobuf/text_format.h"

namespace tfconv {
namespace {

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// "x:1" -> "x"; "^x" (a control input) -> "" (not followed: control edges are dropped on import).
std::string NodeOfInput(absl::string_view input) {
  if (absl::StartsWith(input, "^")) return "";
  const size_t colon = input.find(':');
  return std::string(colon == absl::string_view::npos ? input : input.substr(0, colon));
}

// Adds the op of every node `outputs` depend on to `ops`.
absl::Status CollectGraphOps(const std::string& path, const std::string& file,
                             const std::vector<std::string>& outputs, OpGraphs& ops) {
  absl::StatusOr<std::string> text = ReadText(path);
  if (!text.ok()) return text.status();
  tensorflow::GraphDef graph;
  if (!google::protobuf::TextFormat::ParseFromString(*text, &graph)) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a text-format GraphDef"));
  }
  absl::flat_hash_map<std::string, const tensorflow::NodeDef*> by_name;
  for (const tensorflow::NodeDef& n : graph.node()) by_name[n.name()] = &n;
  absl::flat_hash_set<std::string> seen;
  std::vector<std::string> stack;
  for (const std::string& out : outputs) {
    const std::string name = NodeOfInput(out);
    if (!by_name.contains(name)) {
      return absl::NotFoundError(
          absl::StrCat(path, ": the manifest names the output '", out, "', which no node of the graph produces"));
    }
    if (seen.insert(name).second) stack.push_back(name);
  }
  while (!stack.empty()) {
    const tensorflow::NodeDef& node = *by_name[stack.back()];
    stack.pop_back();
    ops[node.op()].insert(file);
    for (const std::string& in : node.input()) {
      const std::string name = NodeOfInput(in);
      if (!name.empty() && by_name.contains(name) && seen.insert(name).second) stack.push_back(name);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<OpGraphs> ReadInteropGraphOps(const std::string& graphs_dir) {
  const std::string manifest = absl::StrCat(graphs_dir, "/MANIFEST");
  absl::StatusOr<std::string> text = ReadText(manifest);
  if (!text.ok()) return text.status();
  OpGraphs ops;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    // file, input arrays, output arrays, input shapes, atol, rtol
    std::vector<std::string> columns = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (columns.size() < 3) {
      return absl::InvalidArgumentError(absl::StrCat(manifest, ":", line_number,
                                                     ": expected 'file inputs outputs shapes atol rtol', got '",
                                                     line, "'"));
    }
    std::vector<std::string> outputs = absl::StrSplit(columns[2], ',', absl::SkipEmpty());
    absl::Status s = CollectGraphOps(absl::StrCat(graphs_dir, "/", columns[0]), columns[0], outputs, ops);
    if (!s.ok()) return absl::Status(s.code(), absl::StrCat(manifest, ":", line_number, ": ", s.message()));
  }
  return ops;
}

absl::StatusOr<TestSources> ReadTestSources(const std::string& folder) {
  TestSources sources;
  DIR* dir = opendir(folder.c_str());
  if (dir == nullptr) return sources;
  std::vector<std::string> names;
  while (dirent* entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (absl::EndsWith(name, "_test.cc")) names.push_back(name);
  }
  closedir(dir);
  for (const std::string& name : names) {
    absl::StatusOr<std::string> text = ReadText(absl::StrCat(folder, "/", name));
    if (!text.ok()) return text.status();
    sources[name] = *std::move(text);
  }
  return sources;
}

}  // namespace tfconv

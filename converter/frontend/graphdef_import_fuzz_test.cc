// A deterministic mutation fuzzer for the frozen-GraphDef front end and the graph passes: real
// graphs (and a built-in seed touching every attribute kind) are mutated byte- and token-wise, and
// structurally (edges, ops, attributes, tensors edited on the parsed GraphDef), then parsed,
// imported and run through the frozen-graph passes with the test ops. Any outcome but a
// crash (or a sanitizer report) is fine; the counts show the loop reaches the deep code.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "converter/frontend/graphdef_import.h"
#include "converter/frontend/shared_testdata.h"
#include "converter/passes/frozen_graph_passes.h"
#include "converter/passes/graph_dump.h"
#include "converter/passes/test_ops.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

struct Seed {
  std::string name;
  std::string bytes;
  bool text;
};

// Exercises tensor_content, padded typed lists, every attr kind, control edges and identities.
constexpr char kBuiltInSeed[] = R"pb(
node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "shape" value { shape { dim { size: -1 } dim { size: 2 } } } } }
node { name: "w" op: "Const" attr { key: "dtype" value { type: DT_FLOAT } }
       attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 2 } }
              tensor_content: "\000\000\200?\000\000\000@" } } } }
node { name: "k" op: "Const" attr { key: "value" value { tensor { dtype: DT_FLOAT
              tensor_shape { dim { size: 2 } } float_val: 3 } } } }
node { name: "wk" op: "Add" input: "w" input: "k" }
node { name: "w_read" op: "Identity" input: "wk" }
node { name: "flag" op: "PlaceholderWithDefault" input: "w_read" }
node { name: "noise" op: "RandomUniform" }
node { name: "init" op: "NoOp" input: "^noise" }
node { name: "y" op: "Add" input: "x" input: "flag" input: "^init"
       attr { key: "strides" value { list { i: 1 i: 2 } } }
       attr { key: "f" value { func { name: "fn" attr { key: "T" value { type: DT_INT32 } } } } }
       attr { key: "shapes" value { list { shape { unknown_rank: true } } } }
       attr { key: "s" value { s: "SAME" } } attr { key: "b" value { b: true } } }
node { name: "custom" op: "MyCustom" input: "y"
       attr { key: "_output_shapes" value { list { shape { dim { size: -1 } dim { size: 2 } } } } }
       attr { key: "T" value { type: DT_FLOAT } } }
node { name: "out" op: "Identity" input: "custom" }
node { name: "ints" op: "Const" attr { key: "value" value { tensor { dtype: DT_INT64
              tensor_shape { dim { size: 3 } } int64_val: 1 int64_val: 2 } } } }
node { name: "strs" op: "Const" attr { key: "value" value { tensor { dtype: DT_STRING
              tensor_shape { dim { size: 2 } } string_val: "a" } } } }
)pb";

const char* const kTextTokens[] = {
    "node {", "}", "{", "input: \"x\"", "input: \"^y\"", "input: \"w:1\"", "op: \"Add\"",
    "op: \"Const\"", "op: \"Placeholder\"", "op: \"Identity\"", "name: \"x\"", "name: \"y\"",
    "dim { size: -1 }", "dim { size: 0 }", "dim { size: 1000000 }", "unknown_rank: true",
    "dtype: DT_RESOURCE", "dtype: DT_STRING", "dtype: DT_INT32", "type: DT_FLOAT_REF",
    "tensor_content: \"\\001\\002\"", "int_val: 5", "float_val: 1e38", "half_val: 15360",
    "bool_val: true", "placeholder: \"T\"", "list { }", "func { name: \"f\" }",
    "library { function { signature { name: \"g\" } } }",
};
const char* const kNumbers[] = {"-1", "0", "1", "-2", "2147483647", "2147483648",
                                "9223372036854775807", "65536", "3"};

class Mutator {
 public:
  explicit Mutator(uint64_t seed) : rng_(seed) {}

  size_t Below(size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string Mutate(std::string s, bool text, const std::vector<Seed>& seeds) {
    const int rounds = 1 + static_cast<int>(Below(4));
    for (int r = 0; r < rounds; ++r) {
      switch (Below(text ? 9 : 7)) {
        case 0:  // flip a bit
          if (!s.empty()) s[Below(s.size())] ^= static_cast<char>(1 << Below(8));
          break;
        case 1: {  // an interesting byte
          static const unsigned char kBytes[] = {0, 1, 0x7f, 0x80, 0xff, '\n', '"', ':', '^'};
          if (!s.empty()) s[Below(s.size())] = static_cast<char>(kBytes[Below(sizeof(kBytes))]);
          break;
        }
        case 2:  // delete a range
          if (!s.empty()) {
            size_t at = Below(s.size());
            s.erase(at, 1 + Below(std::min<size_t>(32, s.size() - at)));
          }
          break;
        case 3: {  // copy a range from some seed
          const std::string& from = seeds[Below(seeds.size())].bytes;
          if (from.empty()) break;
          size_t at = Below(from.size());
          size_t len = 1 + Below(std::min<size_t>(64, from.size() - at));
          s.insert(Below(s.size() + 1), from.substr(at, len));
          break;
        }
        case 4:  // truncate
          s.resize(Below(s.size() + 1));
          break;
        case 5: {  // random bytes
          size_t at = Below(s.size() + 1);
          std::string junk(1 + Below(8), '\0');
          for (char& c : junk) c = static_cast<char>(Below(256));
          s.insert(at, junk);
          break;
        }
        case 6: {  // a long varint-like run
          if (s.empty()) break;
          size_t at = Below(s.size());
          for (size_t i = at; i < s.size() && i < at + 1 + Below(10); ++i) s[i] = static_cast<char>(0xff);
          break;
        }
        case 7:  // a text token
          s.insert(Below(s.size() + 1), absl::StrCat(" ", kTextTokens[Below(std::size(kTextTokens))], " "));
          break;
        case 8: {  // replace a number
          size_t at = s.find_first_of("0123456789", Below(s.size() + 1));
          if (at == std::string::npos) break;
          size_t end = s.find_first_not_of("0123456789.e", at);
          s.replace(at, (end == std::string::npos ? s.size() : end) - at, kNumbers[Below(std::size(kNumbers))]);
          break;
        }
      }
    }
    return s;
  }

 private:
  std::mt19937_64 rng_;
};

const char* const kOps[] = {"Add", "Const", "Identity", "Placeholder", "PlaceholderWithDefault",
                            "NoOp", "RandomUniform", "SomethingUnknown"};
const int kTypes[] = {0, 1, 2, 3, 4, 7, 9, 10, 14, 19, 20, 21, 24, 101, 109, 200};
const int64_t kDims[] = {-2, -1, 0, 1, 2, 3, 7, int64_t{1} << 20, int64_t{1} << 40};

// Edits a parsed GraphDef the way a broken exporter or a hand edit might.
void EditGraph(tensorflow::GraphDef& g, Mutator& m) {
  if (g.node_size() == 0) return;
  auto* node = g.mutable_node(static_cast<int>(m.Below(g.node_size())));
  auto random_name = [&]() -> std::string {
    if (m.Below(8) == 0) return "missing_node";
    return g.node(static_cast<int>(m.Below(g.node_size()))).name();
  };
  auto random_shape = [&](tensorflow::TensorShapeProto* shape) {
    shape->Clear();
    if (m.Below(6) == 0) {
      shape->set_unknown_rank(true);
      return;
    }
    for (size_t d = m.Below(4); d > 0; --d) {
      shape->add_dim()->set_size(m.Below(4) == 0 ? kDims[m.Below(std::size(kDims))]
                                                  : static_cast<int64_t>(m.Below(4)));
    }
  };
  switch (m.Below(10)) {
    case 0: {  // rewire an input
      std::string ref = random_name();
      size_t form = m.Below(4);
      if (form == 1) ref = absl::StrCat(ref, ":", m.Below(4));
      if (form == 2) ref = absl::StrCat("^", ref);
      if (node->input_size() > 0 && m.Below(2) == 0) {
        node->set_input(static_cast<int>(m.Below(node->input_size())), ref);
      } else {
        node->add_input(ref);
      }
      break;
    }
    case 1:
      node->set_op(kOps[m.Below(std::size(kOps))]);
      break;
    case 2:
      (*node->mutable_attr())[m.Below(2) ? "dtype" : "T"].set_type(
          static_cast<tensorflow::DataType>(kTypes[m.Below(std::size(kTypes))]));
      break;
    case 3:
      random_shape((*node->mutable_attr())["shape"].mutable_shape());
      break;
    case 4: {  // a new constant value, often inconsistent
      tensorflow::TensorProto* t = (*node->mutable_attr())["value"].mutable_tensor();
      t->Clear();
      t->set_dtype(static_cast<tensorflow::DataType>(kTypes[m.Below(std::size(kTypes))]));
      random_shape(t->mutable_tensor_shape());
      switch (m.Below(4)) {
        case 0:
          t->set_tensor_content(std::string(m.Below(4) == 0 ? m.Below(64) : 4 * m.Below(16), '\x01'));
          break;
        case 1:
          for (size_t i = m.Below(5); i > 0; --i) t->add_float_val(1.5f);
          break;
        case 2:
          for (size_t i = m.Below(5); i > 0; --i) t->add_int_val(-3);
          break;
        default:
          for (size_t i = m.Below(3); i > 0; --i) t->add_string_val("s");
          break;
      }
      break;
    }
    case 5: {  // duplicate a node, sometimes under its own name
      tensorflow::NodeDef copy = *node;
      if (m.Below(2) == 0) copy.set_name(absl::StrCat(copy.name(), "_copy", m.Below(3)));
      *g.add_node() = copy;
      break;
    }
    case 6: {  // delete a node
      int i = static_cast<int>(m.Below(g.node_size()));
      g.mutable_node()->SwapElements(i, g.node_size() - 1);
      g.mutable_node()->RemoveLast();
      break;
    }
    case 7:
      node->set_name(m.Below(2) == 0 ? random_name() : absl::StrCat("renamed", m.Below(3)));
      break;
    case 8: {
      auto* list = (*node->mutable_attr())["_output_shapes"].mutable_list();
      list->Clear();
      for (size_t i = m.Below(3); i > 0; --i) random_shape(list->add_shape());
      break;
    }
    default: {  // reorder
      int a = static_cast<int>(m.Below(g.node_size()));
      int b = static_cast<int>(m.Below(g.node_size()));
      g.mutable_node()->SwapElements(a, b);
      break;
    }
  }
}

struct Counts {
  int parsed = 0, imported = 0, converted = 0, total = 0;
};

void RunOne(const std::string& bytes, bool text, const OpRegistry& registry, Mutator& m, Counts& counts) {
  ++counts.total;
  absl::StatusOr<tensorflow::GraphDef> def = ParseGraphDefBytes(bytes, text, "fuzz");
  if (!def.ok()) return;
  ++counts.parsed;
  ImportOptions options;
  options.tensor_limits.max_expanded_bytes = 16 << 20;
  absl::StatusOr<Graph> graph = ImportGraphDef(std::move(*def), "fuzz", options);
  if (!graph.ok()) return;
  ++counts.imported;

  ModelInterface interface;
  PassContext context;
  context.registry = &registry;
  context.model_interface = &interface;
  // Sometimes name inputs/outputs: real nodes, an output index, or a missing name.
  std::vector<Node*> nodes = graph->nodes();
  if (!nodes.empty() && m.Below(3) == 0) {
    context.options.output_arrays = {nodes[m.Below(nodes.size())]->name()};
    if (m.Below(2) == 0) {
      context.options.input_arrays = {absl::StrCat(nodes[m.Below(nodes.size())]->name(), ":", m.Below(2))};
      if (m.Below(2) == 0) context.options.input_shapes = {PartialShape({-1, 2})};
    }
  }
  PassManager passes;
  AddFrozenGraphPasses(passes);
  if (passes.Run(*graph, context).ok()) ++counts.converted;
  (void)DumpGraph(*graph).size();
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Counts Fuzz(const std::vector<Seed>& seeds, int iterations, uint64_t seed) {
  OpRegistry registry;
  RegisterTestOps(registry);
  Mutator m(seed);
  Counts counts;
  const auto start = std::chrono::steady_clock::now();
  for (const Seed& s : seeds) RunOne(s.bytes, s.text, registry, m, counts);
  std::vector<tensorflow::GraphDef> parsed;
  for (const Seed& s : seeds) parsed.push_back(ParseGraphDefBytes(s.bytes, s.text, s.name).value());
  for (int i = 0; i < iterations; ++i) {
    const size_t k = i % seeds.size();
    if (i % 2 == 0) {
      std::string mutant = m.Mutate(seeds[k].bytes, seeds[k].text, seeds);
      RunOne(mutant, seeds[k].text, registry, m, counts);
    } else {
      tensorflow::GraphDef g = parsed[k];
      for (size_t e = 1 + m.Below(3); e > 0; --e) EditGraph(g, m);
      std::string bytes;
      const bool text = m.Below(4) == 0;
      if (text) {
        google::protobuf::TextFormat::PrintToString(g, &bytes);
      } else {
        g.SerializeToString(&bytes);
      }
      RunOne(bytes, text, registry, m, counts);
    }
    // A guard for slow machines (sanitizers, debug builds); normally far from reached.
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(60)) break;
  }
  return counts;
}

void Report(const char* what, const Counts& c) {
  std::printf("%s: %d inputs, %d parsed, %d imported, %d through the passes\n", what, c.total,
              c.parsed, c.imported, c.converted);
}

TEST(GraphDefImportFuzzTest, BuiltInSeedNeverCrashes) {
  std::vector<Seed> seeds = {{"built_in", kBuiltInSeed, true}};
  // The seed itself must make it all the way, or the mutants would test little.
  Counts base = Fuzz(seeds, 0, 1);
  ASSERT_EQ(base.converted, 1);
  Counts c = Fuzz(seeds, 30000, 20240611);
  Report("built-in seed", c);
  EXPECT_GT(c.imported, 100);
  EXPECT_GT(c.converted, 50);
}

TEST(GraphDefImportFuzzTest, RealGraphsNeverCrash) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string real = shared + "/testdata/real/";
  std::vector<Seed> seeds;
  for (const char* p : {"litert/testdata/multi_add.pb", "tf2onnx/regression/graphdef/frozen.pb"}) {
    seeds.push_back({p, ReadBytes(real + p), false});
  }
  for (const char* p : {"gather.pbtxt", "gather_0d.pbtxt", "permute.pbtxt", "control_flow_v1.pbtxt"}) {
    std::string path = real + "litert/python_testdata/" + p;
    seeds.push_back({p, ReadBytes(path), true});
  }
  for (const Seed& s : seeds) ASSERT_FALSE(s.bytes.empty()) << s.name;
  Counts c = Fuzz(seeds, 60000, 7);
  Report("real seeds", c);
  EXPECT_GT(c.parsed, 1000);
  EXPECT_GT(c.imported, 500);
  EXPECT_GT(c.converted, 100);
}

}  // namespace
}  // namespace tfconv

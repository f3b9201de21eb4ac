#include "converter/frontend/graphdef_import.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "converter/frontend/shared_testdata.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::string WriteFile(const std::string& name, const std::string& bytes) {
  std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Contains(const absl::Status& s, const std::string& text) {
  return std::string(s.message()).find(text) != std::string::npos;
}

absl::StatusOr<Graph> ImportText(const std::string& text) {
  absl::StatusOr<tensorflow::GraphDef> def = ParseGraphDefBytes(text, /*text=*/true, "test.pbtxt");
  if (!def.ok()) return def.status();
  return ImportGraphDef(std::move(*def), "test.pbtxt");
}

std::vector<std::string> InputNames(const Node* n) {
  std::vector<std::string> out;
  for (const Output& o : n->inputs) out.push_back(o.TensorName());
  return out;
}

// --- Real graphs -------------------------------------------------------------------------------

TEST(GraphDefImportTest, ReadsBinaryMultiAdd) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string path = shared + "/testdata/real/litert/testdata/multi_add.pb";
  auto def = ReadGraphDefFile(path);
  ASSERT_TRUE(def.ok()) << def.status();
  EXPECT_EQ(def->node_size(), 7);
  auto graph = ImportGraphDef(std::move(*def), path);
  ASSERT_TRUE(graph.ok()) << graph.status();
  ASSERT_EQ(graph->num_nodes(), 7);

  const Node* a = graph->FindNode("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->op(), "Placeholder");
  EXPECT_EQ(a->device, "/device:CPU:0");
  ASSERT_NE(a->FindAttr("dtype"), nullptr);
  EXPECT_EQ(*a->FindAttr("dtype")->get_if<DataType>(), DataType::kFloat);
  ASSERT_NE(a->FindAttr("shape"), nullptr);
  EXPECT_EQ(*a->FindAttr("shape")->get_if<PartialShape>(), PartialShape({1, 8, 8, 3}));

  const Node* x = graph->FindNode("x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->op(), "Add");
  EXPECT_EQ(InputNames(x), (std::vector<std::string>{"a", "i"}));
  EXPECT_EQ(InputNames(graph->FindNode("y")), (std::vector<std::string>{"d", "i"}));
  EXPECT_EQ(InputNames(graph->FindNode("i")), (std::vector<std::string>{"b", "c"}));
}

TEST(GraphDefImportTest, ReadsBinaryFrozenGraphWithConstantsAndIdentities) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string path = shared + "/testdata/real/tf2onnx/regression/graphdef/frozen.pb";
  auto def = ReadGraphDefFile(path);
  ASSERT_TRUE(def.ok()) << def.status();
  auto graph = ImportGraphDef(std::move(*def), path);
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(graph->num_nodes(), 8);

  const Node* w = graph->FindNode("W");
  ASSERT_NE(w, nullptr);
  const Tensor* value = w->FindAttr("value")->get_if<Tensor>();
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->dtype(), DataType::kFloat);
  EXPECT_EQ(value->rank(), 0);
  EXPECT_FLOAT_EQ(value->data<float>()[0], 0.21396178f);

  const Node* x = graph->FindNode("X");
  EXPECT_FALSE(x->FindAttr("shape")->get_if<PartialShape>()->known_rank());

  const Node* read = graph->FindNode("W/read");
  ASSERT_TRUE(read->FindAttr("_class")->is_list());
  EXPECT_EQ(read->FindAttr("_class")->list().s, (std::vector<std::string>{"loc:@W"}));
  EXPECT_EQ(InputNames(graph->FindNode("Add")), (std::vector<std::string>{"Mul", "b/read"}));
}

TEST(GraphDefImportTest, ReadsTextGraphs) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/testdata/real/litert/python_testdata/";
  {
    auto def = ReadGraphDefFile(dir + "gather.pbtxt");
    ASSERT_TRUE(def.ok()) << def.status();
    auto graph = ImportGraphDef(std::move(*def), "gather.pbtxt");
    ASSERT_TRUE(graph.ok()) << graph.status();
    const Tensor* axis = graph->FindNode("axis")->FindAttr("value")->get_if<Tensor>();
    ASSERT_NE(axis, nullptr);
    EXPECT_EQ(axis->dtype(), DataType::kInt32);
    EXPECT_EQ(axis->rank(), 0);
    EXPECT_EQ(axis->data<int32_t>()[0], 0);
    EXPECT_EQ(*graph->FindNode("input")->FindAttr("dtype")->get_if<DataType>(), DataType::kString);
    EXPECT_EQ(InputNames(graph->FindNode("output")),
              (std::vector<std::string>{"input", "indices", "axis"}));
  }
  {
    // A 4x4 anti-diagonal permutation matrix spelled out in float_val.
    auto def = ReadGraphDefFile(dir + "permute.pbtxt");
    ASSERT_TRUE(def.ok()) << def.status();
    auto graph = ImportGraphDef(std::move(*def), "permute.pbtxt");
    ASSERT_TRUE(graph.ok()) << graph.status();
    const Tensor* m = graph->FindNode("Const")->FindAttr("value")->get_if<Tensor>();
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->shape(), (std::vector<int64_t>{4, 4}));
    for (int r = 0; r < 4; ++r) {
      for (int c = 0; c < 4; ++c) {
        EXPECT_EQ(m->data<float>()[r * 4 + c], r + c == 3 ? 1.0f : 0.0f) << r << "," << c;
      }
    }
  }
  for (const char* name : {"control_flow_v1.pbtxt", "gather_0d.pbtxt"}) {
    auto def = ReadGraphDefFile(dir + name);
    ASSERT_TRUE(def.ok()) << def.status();
    auto graph = ImportGraphDef(std::move(*def), name);
    EXPECT_TRUE(graph.ok()) << graph.status();
  }
}

TEST(GraphDefImportTest, TextUnderABinaryExtensionFallsBackToText) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::string text = ReadBytes(shared + "/testdata/real/litert/python_testdata/permute.pbtxt");
  std::string path = WriteFile("permute_as_binary.pb", text);
  auto def = ReadGraphDefFile(path);
  ASSERT_TRUE(def.ok()) << def.status();
  EXPECT_EQ(def->node_size(), 3);
}

// --- Read errors -------------------------------------------------------------------------------

TEST(GraphDefImportTest, TruncatedBinaryIsAnErrorNamingTheFile) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::string bytes = ReadBytes(shared + "/testdata/real/litert/testdata/multi_add.pb");
  ASSERT_EQ(bytes.size(), 424u);
  for (size_t keep : {bytes.size() / 2, bytes.size() - 3}) {
    std::string path = WriteFile("truncated.pb", bytes.substr(0, keep));
    auto def = ReadGraphDefFile(path);
    ASSERT_FALSE(def.ok()) << "kept " << keep << " bytes";
    EXPECT_TRUE(Contains(def.status(), path)) << def.status();
    EXPECT_TRUE(Contains(def.status(), "not a valid binary GraphDef")) << def.status();
  }
}

TEST(GraphDefImportTest, GarbageBytesAreAnError) {
  std::string garbage = "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x01\x02garbage";
  garbage.push_back('\0');
  std::string path = WriteFile("garbage.pb", garbage);
  auto def = ReadGraphDefFile(path);
  ASSERT_FALSE(def.ok());
  EXPECT_TRUE(Contains(def.status(), "garbage.pb")) << def.status();
}

TEST(GraphDefImportTest, TextSyntaxErrorGivesLineAndColumn) {
  std::string path = WriteFile("bad.pbtxt",
                               "node {\n"
                               "  name: \"a\"\n"
                               "  op: \"Const\"\n"
                               "  bogus_field: 3\n"
                               "}\n");
  auto def = ReadGraphDefFile(path);
  ASSERT_FALSE(def.ok());
  EXPECT_TRUE(Contains(def.status(), path)) << def.status();
  EXPECT_TRUE(Contains(def.status(), "line 4, column ")) << def.status();
  EXPECT_TRUE(Contains(def.status(), "bogus_field")) << def.status();

  std::string unclosed = WriteFile("unclosed.pbtxt", "node {\n  name: \"a\"\n  op: \"Const\"\n");
  auto def2 = ReadGraphDefFile(unclosed);
  ASSERT_FALSE(def2.ok());
  EXPECT_TRUE(Contains(def2.status(), "line ")) << def2.status();
}

TEST(GraphDefImportTest, FileSystemErrors) {
  auto missing = ReadGraphDefFile(TempPath("no_such_file.pb"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(Contains(missing.status(), "no_such_file.pb")) << missing.status();

  auto dir = ReadGraphDefFile(TempPath(""));
  ASSERT_FALSE(dir.ok());
  EXPECT_TRUE(Contains(dir.status(), "directory")) << dir.status();

  auto empty = ReadGraphDefFile(WriteFile("empty.pb", ""));
  ASSERT_FALSE(empty.ok());
  EXPECT_TRUE(Contains(empty.status(), "empty")) << empty.status();

  auto saved = ReadGraphDefFile(WriteFile("saved_model.pb", "x"));
  ASSERT_FALSE(saved.ok());
  EXPECT_TRUE(Contains(saved.status(), "SavedModel")) << saved.status();

  auto no_nodes = ReadGraphDefFile(WriteFile("no_nodes.pbtxt", "versions { producer: 27 }\n"));
  ASSERT_FALSE(no_nodes.ok());
  EXPECT_TRUE(Contains(no_nodes.status(), "no nodes")) << no_nodes.status();
}

// --- Import ------------------------------------------------------------------------------------

TEST(GraphDefImportTest, InputsControlEdgesAndUnknownOps) {
  auto graph = ImportText(R"pb(
    node { name: "p" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "split" op: "MyCustomSplit" input: "p"
           attr { key: "_output_shapes" value { list { shape { dim { size: -1 } } shape { unknown_rank: true } } } } }
    node { name: "guard" op: "NoOp" }
    node { name: "out" op: "AddV2" input: "split:1" input: "split" input: "^guard" input: "^guard" }
  )pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  const Node* split = graph->FindNode("split");
  const Node* out = graph->FindNode("out");
  EXPECT_EQ(split->op(), "MyCustomSplit");
  EXPECT_GE(split->num_outputs(), 2);
  EXPECT_EQ(InputNames(out), (std::vector<std::string>{"split:1", "split"}));
  ASSERT_EQ(out->control_inputs.size(), 1u);
  EXPECT_EQ(out->control_inputs[0]->name(), "guard");
  const AttrValue* shapes = split->FindAttr("_output_shapes");
  ASSERT_NE(shapes, nullptr);
  ASSERT_EQ(shapes->list().shape.size(), 2u);
  EXPECT_EQ(shapes->list().shape[0], PartialShape({-1}));
  EXPECT_FALSE(shapes->list().shape[1].known_rank());
}

TEST(GraphDefImportTest, EveryAttrKindConverts) {
  auto graph = ImportText(R"pb(
    node {
      name: "n" op: "Anything"
      attr { key: "s" value { s: "SAME" } }
      attr { key: "i" value { i: -7 } }
      attr { key: "f" value { f: 0.5 } }
      attr { key: "b" value { b: true } }
      attr { key: "type" value { type: DT_INT64 } }
      attr { key: "shape" value { shape { dim { size: 2 } dim { size: -1 } } } }
      attr { key: "tensor" value { tensor { dtype: DT_INT32 tensor_shape { dim { size: 3 } } int_val: 4 } } }
      attr { key: "ints" value { list { i: 1 i: 2 i: 2 i: 1 } } }
      attr { key: "floats" value { list { f: 0.25 f: 2 } } }
      attr { key: "strings" value { list { s: "a" s: "bc" } } }
      attr { key: "bools" value { list { b: true b: false } } }
      attr { key: "types" value { list { type: DT_FLOAT type: DT_BOOL } } }
      attr { key: "shapes" value { list { shape { } shape { dim { size: 1 } } } } }
      attr { key: "tensors" value { list { tensor { dtype: DT_FLOAT tensor_shape { } float_val: 3 } } } }
      attr { key: "func" value { func { name: "body" attr { key: "T" value { type: DT_FLOAT } } } } }
      attr { key: "funcs" value { list { func { name: "f1" } func { name: "f2" } } } }
      attr { key: "empty_list" value { list { } } }
      attr { key: "unset" value { } }
    }
  )pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  const Node* n = graph->FindNode("n");
  EXPECT_EQ(*n->FindAttr("s")->get_if<std::string>(), "SAME");
  EXPECT_EQ(*n->FindAttr("i")->get_if<int64_t>(), -7);
  EXPECT_EQ(*n->FindAttr("f")->get_if<float>(), 0.5f);
  EXPECT_EQ(*n->FindAttr("b")->get_if<bool>(), true);
  EXPECT_EQ(*n->FindAttr("type")->get_if<DataType>(), DataType::kInt64);
  EXPECT_EQ(*n->FindAttr("shape")->get_if<PartialShape>(), PartialShape({2, -1}));
  const Tensor* t = n->FindAttr("tensor")->get_if<Tensor>();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(std::vector<int32_t>(t->data<int32_t>().begin(), t->data<int32_t>().end()),
            (std::vector<int32_t>{4, 4, 4}));
  EXPECT_EQ(n->FindAttr("ints")->list().i, (std::vector<int64_t>{1, 2, 2, 1}));
  EXPECT_EQ(n->FindAttr("floats")->list().f, (std::vector<float>{0.25f, 2.0f}));
  EXPECT_EQ(n->FindAttr("strings")->list().s, (std::vector<std::string>{"a", "bc"}));
  EXPECT_EQ(n->FindAttr("bools")->list().b, (std::vector<bool>{true, false}));
  EXPECT_EQ(n->FindAttr("types")->list().type,
            (std::vector<DataType>{DataType::kFloat, DataType::kBool}));
  EXPECT_EQ(n->FindAttr("shapes")->list().shape,
            (std::vector<PartialShape>{PartialShape(), PartialShape({1})}));
  ASSERT_EQ(n->FindAttr("tensors")->list().tensor.size(), 1u);
  EXPECT_EQ(n->FindAttr("tensors")->list().tensor[0].data<float>()[0], 3.0f);
  const FuncAttr* func = n->FindAttr("func")->func();
  ASSERT_NE(func, nullptr);
  EXPECT_EQ(func->name, "body");
  EXPECT_EQ(*func->attrs.at("T").get_if<DataType>(), DataType::kFloat);
  ASSERT_EQ(n->FindAttr("funcs")->list().func.size(), 2u);
  EXPECT_EQ(n->FindAttr("funcs")->list().func[1].name, "f2");
  EXPECT_TRUE(n->FindAttr("empty_list")->is_list());
  EXPECT_TRUE(std::holds_alternative<std::monostate>(n->FindAttr("unset")->variant()));
}

TEST(GraphDefImportTest, TensorContentMovesThroughImport) {
  tensorflow::GraphDef def;
  tensorflow::NodeDef* c = def.add_node();
  c->set_name("w");
  c->set_op("Const");
  tensorflow::TensorProto* t = (*c->mutable_attr())["value"].mutable_tensor();
  t->set_dtype(tensorflow::DT_INT32);
  t->mutable_tensor_shape()->add_dim()->set_size(16);
  std::string content(64, '\0');
  for (int i = 0; i < 16; ++i) content[i * 4] = static_cast<char>(i);  // little-endian i
  t->set_tensor_content(content);
  const char* before = t->tensor_content().data();

  auto graph = ImportGraphDef(std::move(def), "built");
  ASSERT_TRUE(graph.ok()) << graph.status();
  const Tensor* value = graph->FindNode("w")->FindAttr("value")->get_if<Tensor>();
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(reinterpret_cast<const char*>(value->bytes().data()), before);
  EXPECT_EQ(value->data<int32_t>()[15], 15);
}

TEST(GraphDefImportTest, LibraryFunctionsDoNotStopImport) {
  auto graph = ImportText(R"pb(
    node { name: "x" op: "Placeholder" attr { key: "dtype" value { type: DT_FLOAT } } }
    node { name: "call" op: "my_fn" input: "x" }
    library {
      function {
        signature { name: "my_fn" input_arg { name: "a" type: DT_FLOAT } output_arg { name: "b" type: DT_FLOAT } }
        node_def { name: "id" op: "Identity" input: "a" attr { key: "T" value { placeholder: "T" } } }
        ret { key: "b" value: "id:output:0" }
      }
    }
  )pb");
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(graph->num_nodes(), 2);
}

// --- Import errors -----------------------------------------------------------------------------

TEST(GraphDefImportTest, DuplicateNodeNamesAreAnError) {
  auto graph = ImportText(R"pb(
    node { name: "a" op: "Placeholder" }
    node { name: "b" op: "Relu" input: "a" }
    node { name: "a" op: "Const" }
  )pb");
  ASSERT_FALSE(graph.ok());
  EXPECT_TRUE(Contains(graph.status(), "test.pbtxt: duplicate node name 'a'")) << graph.status();
  EXPECT_TRUE(Contains(graph.status(), "#0 (Placeholder) and #2 (Const)")) << graph.status();
}

TEST(GraphDefImportTest, InputNamingAMissingNodeIsAnError) {
  auto graph = ImportText(R"pb(
    node { name: "a" op: "Placeholder" }
    node { name: "r" op: "Relu" input: "missing:1" }
  )pb");
  ASSERT_FALSE(graph.ok());
  EXPECT_TRUE(Contains(graph.status(), "node 'r' (Relu)")) << graph.status();
  EXPECT_TRUE(Contains(graph.status(), "'missing:1' names node 'missing'")) << graph.status();

  auto control = ImportText(R"pb(node { name: "r" op: "Relu" input: "^gone" })pb");
  ASSERT_FALSE(control.ok());
  EXPECT_TRUE(Contains(control.status(), "names node 'gone'")) << control.status();
}

TEST(GraphDefImportTest, MalformedReferencesAndNodes) {
  auto empty_input = ImportText(R"pb(node { name: "r" op: "Relu" input: "" })pb");
  ASSERT_FALSE(empty_input.ok());
  EXPECT_TRUE(Contains(empty_input.status(), "node 'r' (Relu): input #0")) << empty_input.status();

  auto huge_index = ImportText(R"pb(
    node { name: "a" op: "Placeholder" }
    node { name: "r" op: "Relu" input: "a:1000000" }
  )pb");
  ASSERT_FALSE(huge_index.ok());
  EXPECT_TRUE(Contains(huge_index.status(), "names output 1000000")) << huge_index.status();

  auto nameless = ImportText(R"pb(node { op: "Relu" })pb");
  ASSERT_FALSE(nameless.ok());
  EXPECT_TRUE(Contains(nameless.status(), "node #0 (op 'Relu') has no name")) << nameless.status();

  auto opless = ImportText(R"pb(node { name: "z" })pb");
  ASSERT_FALSE(opless.ok());
  EXPECT_TRUE(Contains(opless.status(), "node 'z' (#0) has no op")) << opless.status();
}

TEST(GraphDefImportTest, MalformedTensorNamesTheNodeAndAttr) {
  auto graph = ImportText(R"pb(
    node {
      name: "weights" op: "Const"
      attr { key: "value" value { tensor { dtype: DT_FLOAT tensor_shape { dim { size: 3 } }
                                           tensor_content: "\001\002\003\004\005" } } }
    }
  )pb");
  ASSERT_FALSE(graph.ok());
  EXPECT_TRUE(Contains(graph.status(), "node 'weights' (Const): attr 'value'")) << graph.status();
  EXPECT_TRUE(Contains(graph.status(), "tensor_content holds 5 bytes")) << graph.status();
  EXPECT_TRUE(Contains(graph.status(), "float32[3] needs 12")) << graph.status();
}

TEST(GraphDefImportTest, PlaceholderAttrInTheGraphIsAnError) {
  auto graph = ImportText(R"pb(node { name: "i" op: "Identity" attr { key: "T" value { placeholder: "T" } } })pb");
  ASSERT_FALSE(graph.ok());
  EXPECT_TRUE(Contains(graph.status(), "node 'i' (Identity): attr 'T'")) << graph.status();
}

}  // namespace
}  // namespace tfconv

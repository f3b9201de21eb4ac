// Runs tflite_convert as a user would, with and without the example plugins, and reads the written
// .tflite files back.
//
// The converter finds its built-in plugins in <RUNFILES_DIR>/tfconv/plugins/, searched
// recursively. This test's own runfiles hold the example plugins below that directory too, so each
// run gets a RUNFILES_DIR of its own holding only the built-in plugins (argv[1..] of the test):
// the example plugins are then loaded only when a run names them, exactly as for a user.
#include <stdlib.h>
#include <sys/wait.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "converter/tflite/flatbuffer_reader.h"
#include "flatbuffers/flexbuffers.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;
using tflite::BuiltinOperator;

std::vector<std::string>* builtin_plugins = nullptr;  // runfiles paths, from the command line

std::string Runfile(const std::string& path) {
  const char* srcdir = getenv("TEST_SRCDIR");
  return absl::StrCat(srcdir != nullptr ? srcdir : ".", "/tfconv/", path);
}

std::string TempDir() {
  const char* tmp = getenv("TEST_TMPDIR");
  return tmp != nullptr ? tmp : "/tmp";
}

const std::string kSoftClipPlugin = "plugins/examples/custom_op/libsoftclip_op.so";
const std::string kSquareAsMulPlugin = "plugins/examples/override_op/libsquare_as_mul.so";

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

class PluginExamplesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // A runfiles tree with the built-in plugins only, laid out as in the converter's own runfiles.
    runfiles_ = new std::string(TempDir() + "/builtin_runfiles");
    fs::remove_all(*runfiles_);
    for (const std::string& plugin : *builtin_plugins) {
      fs::path link = fs::path(*runfiles_) / "tfconv" / plugin;
      fs::create_directories(link.parent_path());
      fs::create_symlink(Runfile(plugin), link);
    }
  }

  void SetUp() override {
    dir_ = TempDir() + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  // tflite_convert `args`, with `env` ("NAME=value" words) in front.
  RunResult Convert(const std::vector<std::string>& args, const std::string& env = "") {
    std::string command = absl::StrCat("env -u TFCONV_PLUGIN_PATH RUNFILES_DIR='", *runfiles_,
                                       "' ", env, " '", Runfile("converter/tflite_convert"), "'");
    for (const std::string& a : args) absl::StrAppend(&command, " '", a, "'");
    const std::string out = dir_ + "/stdout.txt", err = dir_ + "/stderr.txt";
    absl::StrAppend(&command, " >'", out, "' 2>'", err, "'");
    int status = std::system(command.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadText(out);
    r.err = ReadText(err);
    return r;
  }

  // The standard SoftClip conversion, plus `extra` flags.
  RunResult ConvertSoftClip(const std::string& output, std::vector<std::string> extra,
                            const std::string& env = "") {
    std::vector<std::string> args = {
        "--graph_def_file=" + Runfile("plugins/examples/testdata/softclip.pbtxt"),
        "--output_file=" + output, "--input_arrays=x", "--input_shapes=2,3",
        "--output_arrays=soft_clip"};
    args.insert(args.end(), extra.begin(), extra.end());
    return Convert(args, env);
  }

  static std::vector<BuiltinOperator> Opcodes(const TflModel& m) {
    std::vector<BuiltinOperator> ops;
    for (const TflOperator& op : m.subgraphs[0].operators) ops.push_back(m.CodeOf(op).builtin_code);
    return ops;
  }

  static std::string* runfiles_;
  std::string dir_;
};

std::string* PluginExamplesTest::runfiles_ = nullptr;

TEST_F(PluginExamplesTest, SoftClipConvertsWithThePlugin) {
  const std::string model_file = dir_ + "/softclip.tflite";
  RunResult r = ConvertSoftClip(model_file, {"--plugin=" + Runfile(kSoftClipPlugin)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "wrote ")) << r.out;

  absl::StatusOr<TflModel> m = ReadModelFile(model_file);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(m->subgraphs.size(), 1u);
  const TflSubgraph& g = m->subgraphs[0];
  ASSERT_EQ(Opcodes(*m), (std::vector<BuiltinOperator>{BuiltinOperator::MUL, BuiltinOperator::CUSTOM}));
  const TflOperator& mul = g.operators[0];
  const TflOperator& clip = g.operators[1];
  EXPECT_EQ(m->CodeOf(clip).custom_code, "SoftClip");

  // SoftClip reads what MUL writes and writes the model output.
  EXPECT_EQ(clip.inputs, mul.outputs);
  ASSERT_EQ(g.outputs.size(), 1u);
  EXPECT_EQ(clip.outputs, g.outputs);
  const TflTensor& y = g.tensors[g.outputs[0]];
  EXPECT_EQ(y.name, "soft_clip");
  EXPECT_EQ(y.type, tflite::TensorType::FLOAT32);
  EXPECT_EQ(y.shape, (std::vector<int32_t>{2, 3}));

  // The custom options: the FlexBuffer map {"c": 2.5}, 2.5 being the node's attribute.
  ASSERT_FALSE(clip.custom_options.empty());
  flexbuffers::Reference root =
      flexbuffers::GetRoot(clip.custom_options.data(), clip.custom_options.size());
  ASSERT_TRUE(root.IsMap());
  flexbuffers::Map options = root.AsMap();
  EXPECT_EQ(options.size(), 1u);
  ASSERT_TRUE(options["c"].IsFloat());
  EXPECT_EQ(options["c"].AsFloat(), 2.5f);
}

TEST_F(PluginExamplesTest, WithoutThePluginConversionFailsNamingTheNodeAndTheWayOut) {
  const std::string model_file = dir_ + "/softclip.tflite";
  RunResult r = ConvertSoftClip(model_file, {});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(absl::StrContains(r.err, "SoftClip x1: 'soft_clip' — no plugin registers this op"))
      << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "--allow_custom_ops")) << r.err;
  EXPECT_TRUE(absl::StrContains(r.err, "--plugin=")) << r.err;
  EXPECT_FALSE(fs::exists(model_file));
}

TEST_F(PluginExamplesTest, PluginIsFoundThroughPluginDirAndTheEnvironment) {
  const std::string dir = fs::path(Runfile(kSoftClipPlugin)).parent_path().string();
  RunResult by_flag = ConvertSoftClip(dir_ + "/a.tflite", {"--plugin_dir=" + dir});
  EXPECT_EQ(by_flag.exit_code, 0) << by_flag.err;
  RunResult by_env = ConvertSoftClip(dir_ + "/b.tflite", {}, "TFCONV_PLUGIN_PATH='" + dir + "'");
  EXPECT_EQ(by_env.exit_code, 0) << by_env.err;
}

TEST_F(PluginExamplesTest, ListPluginsShowsTheLoadedExample) {
  RunResult r = Convert({"--list_plugins", "--plugin=" + Runfile(kSoftClipPlugin)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(absl::StrContains(r.out, "example.softclip 1.0.0 (")) << r.out;
  EXPECT_TRUE(absl::StrContains(r.out, "tfconv.math 1.0.0 (")) << r.out;
  EXPECT_FALSE(absl::StrContains(r.err, "example.softclip")) << r.err;  // not skipped
}

// A constant SoftClip never reaches the model: the converter folds it with the plugin's evaluate.
TEST_F(PluginExamplesTest, ConstantSoftClipIsFoldedWithTheReferenceSemantics) {
  const std::string model_file = dir_ + "/folded.tflite";
  RunResult r = Convert({"--graph_def_file=" + Runfile("plugins/examples/testdata/softclip_folded.pbtxt"),
                         "--output_file=" + model_file, "--input_arrays=x", "--output_arrays=y",
                         "--plugin=" + Runfile(kSoftClipPlugin)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  absl::StatusOr<TflModel> m = ReadModelFile(model_file);
  ASSERT_TRUE(m.ok()) << m.status();
  ASSERT_EQ(Opcodes(*m), std::vector<BuiltinOperator>{BuiltinOperator::ADD});
  const TflSubgraph& g = m->subgraphs[0];
  const TflTensor& folded = g.tensors[g.operators[0].inputs[1]];
  ASSERT_NE(folded.buffer, 0u);
  const ByteBuffer& bytes = m->buffers[folded.buffer].data;
  ASSERT_EQ(bytes.size(), 4 * sizeof(float));
  const double k[4] = {-4.0, -1.0, 0.5, 2.0};  // the constant in softclip_folded.pbtxt; c = 2
  for (int i = 0; i < 4; ++i) {
    float v;
    std::memcpy(&v, bytes.data() + i * sizeof(float), sizeof(float));
    EXPECT_NEAR(v, 2.0 * std::tanh(k[i] / 2.0), 1e-6) << "k = " << k[i];
  }
}

TEST_F(PluginExamplesTest, OverridePluginReplacesTheBuiltinSquareLowering) {
  const std::vector<std::string> args = {
      "--graph_def_file=" + Runfile("plugins/examples/testdata/square.pbtxt"),
      "--input_arrays=x", "--output_arrays=squared"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = args;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };

  const std::string builtin_file = dir_ + "/builtin.tflite";
  RunResult builtin = Convert(with({"--output_file=" + builtin_file}));
  ASSERT_EQ(builtin.exit_code, 0) << builtin.err;
  absl::StatusOr<TflModel> before = ReadModelFile(builtin_file);
  ASSERT_TRUE(before.ok()) << before.status();
  EXPECT_EQ(Opcodes(*before),
            (std::vector<BuiltinOperator>{BuiltinOperator::ADD, BuiltinOperator::SQUARE}));

  const std::string override_file = dir_ + "/override.tflite";
  RunResult overridden = Convert(with({"--output_file=" + override_file,
                                       "--override_plugin=" + Runfile(kSquareAsMulPlugin)}));
  ASSERT_EQ(overridden.exit_code, 0) << overridden.err;
  // Neither the override nor the built-in plugin it overrides was skipped.
  EXPECT_FALSE(absl::StrContains(overridden.err, "example.square_as_mul")) << overridden.err;
  EXPECT_FALSE(absl::StrContains(overridden.err, "tfconv.math")) << overridden.err;
  absl::StatusOr<TflModel> after = ReadModelFile(override_file);
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ(Opcodes(*after), (std::vector<BuiltinOperator>{BuiltinOperator::ADD, BuiltinOperator::MUL}));
  const TflSubgraph& g = after->subgraphs[0];
  const int32_t sum = g.operators[0].outputs[0];
  EXPECT_EQ(g.operators[1].inputs, (std::vector<int32_t>{sum, sum}));
  EXPECT_EQ(g.operators[1].outputs, g.outputs);
}

}  // namespace
}  // namespace tfconv

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  tfconv::builtin_plugins = new std::vector<std::string>(argv + 1, argv + argc);
  if (tfconv::builtin_plugins->empty()) {
    fprintf(stderr, "usage: plugin_examples_test <runfiles path of each built-in plugin>...\n");
    return 2;
  }
  return RUN_ALL_TESTS();
}

#include "ops/plugin_loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "converter/graph/graph.h"
#include "gtest/gtest.h"
#include "ops/plugin_api.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;

// A fixture plugin from //ops/testdata, through the test's runfiles.
std::string Fixture(const std::string& name) {
  const char* srcdir = getenv("TEST_SRCDIR");
  return absl::StrCat(srcdir != nullptr ? srcdir : ".", "/tfconv/ops/testdata/lib", name, ".so");
}

// Formatted here with printf, not with the loader's own helper.
std::string Hash(uint64_t hash) {
  char buf[32];
  snprintf(buf, sizeof(buf), "0x%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

const std::string& Ours() {
  static const std::string* ours =
      new std::string(absl::StrCat("this converter: API version ", TFCONV_PLUGIN_API_VERSION,
                                   ", ABI hash ", Hash(TFCONV_PLUGIN_ABI_HASH)));
  return *ours;
}

// The tail of a message about a plugin whose versions match ours.
std::string MatchingVersions() {
  return absl::StrCat(" (plugin: API version ", TFCONV_PLUGIN_API_VERSION, ", ABI hash ",
                      Hash(TFCONV_PLUGIN_ABI_HASH), "; ", Ours(), ")");
}

class ScopedEnv {
 public:
  ScopedEnv(std::string name, const char* value) : name_(std::move(name)) {
    if (const char* old = getenv(name_.c_str())) old_ = old;
    if (value == nullptr) {
      unsetenv(name_.c_str());
    } else {
      setenv(name_.c_str(), value, 1);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// Runs a registered op's shape function on a node with one float input of `input_shape`.
absl::StatusOr<OutputInfo> Infer(const OpRegistry& registry, const std::string& op,
                                 PartialShape input_shape) {
  const OpRegistration* reg = registry.Find(op);
  if (reg == nullptr) return absl::NotFoundError(op);
  Graph g;
  Node* in = g.AddNode("in", "Placeholder");
  in->EnsureOutputs(1);
  in->outputs[0].dtype = DataType::kFloat;
  in->outputs[0].shape = std::move(input_shape);
  Node* node = g.AddNode("node", op);
  node->AddInput({in, 0});
  InferenceContext c(*node);
  if (absl::Status s = reg->infer(c); !s.ok()) return s;
  return node->outputs.at(0);
}

PluginSearchOptions Isolated() {
  PluginSearchOptions o;
  o.search_environment = false;
  o.search_runfiles = false;
  o.search_executable_dir = false;
  return o;
}

std::vector<std::string> Ids(const PluginLoadReport& report) {
  std::vector<std::string> ids;
  for (const LoadedPlugin& p : report.loaded) ids.push_back(p.plugin_id);
  return ids;
}

// --- One plugin file ---------------------------------------------------------------------------

TEST(LoadPluginTest, GoodPluginRegistersItsOpAndItsShapeFunctionRuns) {
  OpRegistry registry;
  std::string path = Fixture("good_plugin");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, /*may_override=*/false);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->path, path);
  EXPECT_EQ(p->plugin_id, "tfconv.fixture.good");
  EXPECT_EQ(p->plugin_version, "1.2.3");
  EXPECT_EQ(p->api_version, TFCONV_PLUGIN_API_VERSION);
  EXPECT_EQ(p->abi_hash, TFCONV_PLUGIN_ABI_HASH);
  EXPECT_FALSE(p->is_override);
  EXPECT_EQ(p->ops, std::vector<std::string>{"FixtureOp"});
  EXPECT_NE(p->handle, nullptr);
  EXPECT_TRUE(registry.HasPlugin("tfconv.fixture.good"));

  const OpRegistration* reg = registry.Find("FixtureOp");
  ASSERT_NE(reg, nullptr);
  EXPECT_EQ(reg->plugin_id, "tfconv.fixture.good");
  // FixtureOp reverses the dims: [2,3,5] -> [5,3,2].
  absl::StatusOr<OutputInfo> out = Infer(registry, "FixtureOp", PartialShape({2, 3, 5}));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->dtype, DataType::kFloat);
  EXPECT_EQ(out->shape, PartialShape({5, 3, 2}));

  // Its error path goes through the core's NodeError from inside the plugin.
  Graph g;
  Node* lonely = g.AddNode("lonely", "FixtureOp");
  InferenceContext c(*lonely);
  absl::Status s = reg->infer(c);
  EXPECT_EQ(s.message(), "node 'lonely' (FixtureOp): FixtureOp takes exactly one input");
}

TEST(LoadPluginTest, WrongApiVersionNamesFileIdAndBothVersions) {
  OpRegistry registry;
  std::string path = Fixture("wrong_api_version");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Wrong API version on plugin 'tfconv.fixture.wrong_api_version' (file '",
                         path, "'). Got version ", TFCONV_PLUGIN_API_VERSION + 1,
                         ", supported version is ", TFCONV_PLUGIN_API_VERSION,
                         ". The plugin was built for a newer converter; rebuild it against this "
                         "converter's ops/plugin_api.h or use a newer converter."));
  EXPECT_FALSE(registry.HasPlugin("tfconv.fixture.wrong_api_version"));
  EXPECT_EQ(registry.size(), 0u);
}

TEST(LoadPluginTest, AbiMismatchNamesFileIdAndBothHashes) {
  OpRegistry registry;
  std::string path = Fixture("abi_mismatch");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Wrong ABI hash on plugin 'tfconv.fixture.abi_mismatch' (file '", path,
                         "'). Got hash 0x0123456789abcdef, supported hash is ",
                         Hash(TFCONV_PLUGIN_ABI_HASH), " (API version ", TFCONV_PLUGIN_API_VERSION,
                         " on both sides). The plugin was compiled against other plugin headers; "
                         "rebuild it against this converter's headers."));
  EXPECT_FALSE(registry.HasPlugin("tfconv.fixture.abi_mismatch"));
}

TEST(LoadPluginTest, MissingEntryPoint) {
  OpRegistry registry;
  std::string path = Fixture("missing_entry");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Invalid plugin file '", path,
                         "': it does not export the entry point 'tfconv_plugin_info'; define it "
                         "with TFCONV_DEFINE_PLUGIN from ops/plugin_api.h (",
                         Ours(), ")."));
}

TEST(LoadPluginTest, UndefinedSymbolFailsAtOpenAndNamesTheSymbol) {
  OpRegistry registry;
  std::string path = Fixture("undefined_symbol");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  std::string message(p.status().message());
  EXPECT_TRUE(absl::StartsWith(message, absl::StrCat("Could not load plugin file '", path, "': ")))
      << message;
  EXPECT_TRUE(absl::StrContains(message, "undefined symbol: tfconv_fixture_defined_nowhere"))
      << message;
  EXPECT_TRUE(absl::EndsWith(message, absl::StrCat(" (", Ours(), ")."))) << message;
}

TEST(LoadPluginTest, MissingFile) {
  OpRegistry registry;
  std::string path = Fixture("no_such_plugin");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  std::string message(p.status().message());
  EXPECT_TRUE(absl::StartsWith(message, absl::StrCat("Could not load plugin file '", path, "': ")))
      << message;
  EXPECT_TRUE(absl::StrContains(message, "No such file or directory")) << message;
}

TEST(LoadPluginTest, NullInfo) {
  OpRegistry registry;
  std::string path = Fixture("null_info");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Invalid plugin file '", path,
                         "': its entry point 'tfconv_plugin_info' returned null instead of a "
                         "TfconvPluginInfo (",
                         Ours(), ")."));
}

TEST(LoadPluginTest, NullPluginId) {
  OpRegistry registry;
  std::string path = Fixture("null_plugin_id");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Invalid plugin file '", path,
                         "': field 'plugin_id' of its TfconvPluginInfo is null; define the entry "
                         "point with TFCONV_DEFINE_PLUGIN and give every field a value",
                         MatchingVersions(), "."));
}

TEST(LoadPluginTest, NullRegisterFunction) {
  OpRegistry registry;
  std::string path = Fixture("null_register");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Invalid plugin 'tfconv.fixture.null_register' (file '", path,
                         "'): field 'register_ops' of its TfconvPluginInfo is null; define the "
                         "entry point with TFCONV_DEFINE_PLUGIN and give every field a value",
                         MatchingVersions(), "."));
  EXPECT_FALSE(registry.HasPlugin("tfconv.fixture.null_register"));
}

TEST(LoadPluginTest, DuplicatePluginIdFromAnotherFile) {
  OpRegistry registry;
  ASSERT_TRUE(LoadPlugin(Fixture("good_plugin"), registry, false).ok());
  std::string path = Fixture("duplicate_id");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Duplicate plugin id 'tfconv.fixture.good': file '", path,
                         "' declares the id of a plugin that is already loaded; each id may be "
                         "loaded once, so remove one of the two files from the plugin search path",
                         MatchingVersions(), "."));
  // Even with may_override: an override replaces ops, not a whole plugin of the same id.
  EXPECT_FALSE(LoadPlugin(path, registry, true).ok());
  EXPECT_EQ(registry.Find("FixtureOp")->plugin_id, "tfconv.fixture.good");
}

TEST(LoadPluginTest, SameFileTwiceIsADuplicateIdButAnotherRegistryIsFine) {
  OpRegistry registry;
  std::string path = Fixture("good_plugin");
  ASSERT_TRUE(LoadPlugin(path, registry, false).ok());
  absl::StatusOr<LoadedPlugin> again = LoadPlugin(path, registry, false);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(absl::StartsWith(
      again.status().message(),
      absl::StrCat("Duplicate plugin id 'tfconv.fixture.good': file '", path, "'")));
  OpRegistry other;
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, other, false);
  ASSERT_TRUE(p.ok()) << p.status();
  // Still usable after the refused second load unloaded its handle once.
  EXPECT_TRUE(Infer(registry, "FixtureOp", PartialShape({1, 4})).ok());
}

TEST(LoadPluginTest, DuplicateOpOwnerNamesBothPlugins) {
  OpRegistry registry;
  ASSERT_TRUE(LoadPlugin(Fixture("duplicate_op_a"), registry, false).ok());
  std::string path = Fixture("duplicate_op_b");
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(path, registry, false);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(p.status().message(),
            absl::StrCat("Plugin 'tfconv.fixture.duplicate_op_b' 1.0.0 (file '", path,
                         "') failed to register its ops: op 'FixtureSharedOp' is registered by "
                         "both plugin 'tfconv.fixture.duplicate_op_a' and plugin "
                         "'tfconv.fixture.duplicate_op_b'; load the second one as an override "
                         "plugin (--override_plugin) to replace the lowering",
                         MatchingVersions(), "."));
  // The first owner's registration is untouched: its shape function says [1].
  EXPECT_EQ(registry.Find("FixtureSharedOp")->plugin_id, "tfconv.fixture.duplicate_op_a");
  EXPECT_EQ(Infer(registry, "FixtureSharedOp", PartialShape({7}))->shape, PartialShape({1}));
}

TEST(LoadPluginTest, OverridePluginReplacesTheOwner) {
  OpRegistry registry;
  ASSERT_TRUE(LoadPlugin(Fixture("duplicate_op_a"), registry, false).ok());
  absl::StatusOr<LoadedPlugin> p = LoadPlugin(Fixture("duplicate_op_b"), registry, true);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(p->is_override);
  EXPECT_EQ(p->ops, std::vector<std::string>{"FixtureSharedOp"});
  EXPECT_EQ(registry.Find("FixtureSharedOp")->plugin_id, "tfconv.fixture.duplicate_op_b");
  EXPECT_EQ(Infer(registry, "FixtureSharedOp", PartialShape({7}))->shape, PartialShape({2}));
}

TEST(LoadPluginTest, BareFileNameIsAFileInTheWorkingDirectoryNotALibraryName) {
  std::string dir = fs::path(Fixture("good_plugin")).parent_path().string();
  std::string old_cwd = fs::current_path().string();
  ASSERT_EQ(chdir(dir.c_str()), 0);
  OpRegistry registry;
  absl::StatusOr<LoadedPlugin> p = LoadPlugin("libgood_plugin.so", registry, false);
  ASSERT_EQ(chdir(old_cwd.c_str()), 0);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->path, "libgood_plugin.so");
}

// --- Discovery and loading together ------------------------------------------------------------

TEST(LoadAllPluginsTest, BrokenPluginsAreReportedAndSkipped) {
  OpRegistry registry;
  PluginSearchOptions o = Isolated();
  o.plugin_files = {Fixture("good_plugin"), Fixture("wrong_api_version"), Fixture("duplicate_op_a"),
                    Fixture("duplicate_op_b")};
  o.plugin_dirs = {"/no/such/plugin/dir"};
  absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(o, registry, /*strict=*/false);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(Ids(*report),
            (std::vector<std::string>{"tfconv.fixture.good", "tfconv.fixture.duplicate_op_a"}));
  ASSERT_EQ(report->errors.size(), 3u);
  EXPECT_EQ(report->errors[0],
            "plugin directory '/no/such/plugin/dir' (--plugin_dir) does not exist or is not a "
            "directory; skipped");
  EXPECT_TRUE(absl::StartsWith(report->errors[1],
                               "Wrong API version on plugin "
                               "'tfconv.fixture.wrong_api_version'"));
  EXPECT_TRUE(absl::StartsWith(report->errors[2], "Plugin 'tfconv.fixture.duplicate_op_b' 1.0.0"));
  EXPECT_NE(registry.Find("FixtureOp"), nullptr);
  EXPECT_EQ(registry.Find("FixtureSharedOp")->plugin_id, "tfconv.fixture.duplicate_op_a");
}

TEST(LoadAllPluginsTest, StrictStopsAtTheFirstFailure) {
  PluginSearchOptions o = Isolated();
  o.plugin_files = {Fixture("good_plugin"), Fixture("abi_mismatch"), Fixture("null_info")};
  {
    OpRegistry registry;
    absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(o, registry, /*strict=*/true);
    ASSERT_FALSE(report.ok());
    EXPECT_TRUE(absl::StartsWith(report.status().message(),
                                 "Wrong ABI hash on plugin 'tfconv.fixture.abi_mismatch'"));
  }
  {
    OpRegistry registry;
    o.plugin_dirs = {"/no/such/plugin/dir"};
    absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(o, registry, /*strict=*/true);
    ASSERT_FALSE(report.ok());
    EXPECT_EQ(report.status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(registry.size(), 0u);  // nothing loaded before the search locations were checked
  }
}

TEST(LoadAllPluginsTest, OverridePluginsLoadLastAndOnce) {
  OpRegistry registry;
  PluginSearchOptions o = Isolated();
  std::string b = Fixture("duplicate_op_b");
  o.plugin_files = {Fixture("duplicate_op_a"), b};  // b is an override: left out here
  o.override_plugins = {b, fs::path(b).parent_path().string() + "/./libduplicate_op_b.so"};
  absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(o, registry, /*strict=*/true);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(Ids(*report), (std::vector<std::string>{"tfconv.fixture.duplicate_op_a",
                                                    "tfconv.fixture.duplicate_op_b"}));
  EXPECT_FALSE(report->loaded[0].is_override);
  EXPECT_TRUE(report->loaded[1].is_override);
  EXPECT_TRUE(report->errors.empty());
  EXPECT_EQ(registry.Find("FixtureSharedOp")->plugin_id, "tfconv.fixture.duplicate_op_b");
}

TEST(LoadAllPluginsTest, PluginPathDirectoryWithLinksCopiesAndJunk) {
  const char* tmp = getenv("TEST_TMPDIR");
  fs::path dir = fs::path(tmp != nullptr ? tmp : "/tmp") / "plugin_path_dir";
  fs::remove_all(dir);
  fs::create_directories(dir / "nested");
  fs::create_symlink(Fixture("good_plugin"), dir / "libgood_plugin.so");
  fs::create_symlink(Fixture("good_plugin"), dir / "libz_same_good_again.so");  // deduplicated
  fs::copy_file(Fixture("duplicate_op_a"), dir / "nested" / "libcopied_a.so");
  std::ofstream(dir / "libjunk.so") << "not an ELF file";

  ScopedEnv path(kPluginPathEnv, dir.c_str());
  PluginSearchOptions o = Isolated();
  o.search_environment = true;
  OpRegistry registry;
  absl::StatusOr<PluginLoadReport> report = LoadAllPlugins(o, registry, /*strict=*/false);
  ASSERT_TRUE(report.ok()) << report.status();
  // Sorted below the directory: libgood_plugin.so, libjunk.so, nested/libcopied_a.so.
  EXPECT_EQ(Ids(*report),
            (std::vector<std::string>{"tfconv.fixture.good", "tfconv.fixture.duplicate_op_a"}));
  EXPECT_EQ(report->loaded[1].path, (dir / "nested" / "libcopied_a.so").string());
  ASSERT_EQ(report->errors.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(
      report->errors[0],
      absl::StrCat("Could not load plugin file '", (dir / "libjunk.so").string(), "': ")))
      << report->errors[0];
  EXPECT_EQ(Infer(registry, "FixtureSharedOp", PartialShape({3}))->shape, PartialShape({1}));
}

}  // namespace
}  // namespace tfconv

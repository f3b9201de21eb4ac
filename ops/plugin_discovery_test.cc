#include "ops/plugin_discovery.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

namespace fs = std::filesystem;
using Paths = std::vector<std::string>;

// Sets an environment variable for one test and restores the old value afterwards.
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

// A fresh directory per test, and the results relative to it for readable expectations.
class DiscoveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = getenv("TEST_TMPDIR");
    root_ = fs::path(tmp != nullptr ? tmp : "/tmp") /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_);
  }

  std::string P(const std::string& relative) const { return (root_ / relative).string(); }

  void Touch(const std::string& relative) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << "not really a plugin";
  }

  void Link(const std::string& target, const std::string& link) {
    fs::create_directories((root_ / link).parent_path());
    fs::create_symlink(target, root_ / link);
  }

  // Only the sources a test sets up: no environment, runfiles or executable directory of its own.
  PluginSearchOptions Isolated() const {
    PluginSearchOptions o;
    o.search_environment = false;
    o.search_runfiles = false;
    o.search_executable_dir = false;
    return o;
  }

  std::vector<std::string> Relative(const std::vector<std::string>& paths) const {
    std::vector<std::string> out;
    std::string prefix = root_.string() + "/";
    for (const std::string& p : paths) {
      out.push_back(absl::StartsWith(p, prefix) ? p.substr(prefix.size()) : p);
    }
    return out;
  }

  fs::path root_;
};

TEST_F(DiscoveryTest, SourcesComeInTheDocumentedOrder) {
  Touch("explicit/libz_explicit.so");
  Touch("explicit/any_name.bin");  // explicit files need no lib*.so name
  Touch("dir1/libb.so");
  Touch("dir1/liba.so");
  Touch("dir1/sub/liba.so");
  Touch("dir1/readme.txt");
  Touch("dir1/libc.so.1");  // versioned names are not plugins
  Touch("env/libenv.so");
  Touch("envfile/custom_name.so");
  Touch("rf/tfconv/plugins/math/libmath_ops.so");
  Touch("rf/tfconv/plugins/array/libarray_ops.so");
  Touch("rf/tfconv/_solib_k8/libcore.so");  // runfiles outside tfconv/plugins are not searched
  Touch("exe/bin/tool");
  Touch("exe/bin/plugins/libexe.so");

  PluginSearchOptions o;
  o.plugin_files = {P("explicit/libz_explicit.so"), P("explicit/any_name.bin")};
  o.plugin_dirs = {P("dir1")};
  o.runfiles_dir = P("rf");
  o.executable_path = P("exe/bin/tool");
  std::string env = absl::StrCat(P("env"), "::", P("envfile/custom_name.so"));
  ScopedEnv set_path(kPluginPathEnv, env.c_str());

  std::vector<std::string> problems;
  EXPECT_EQ(Relative(DiscoverPluginFiles(o, &problems)),
            (Paths{"explicit/libz_explicit.so", "explicit/any_name.bin",  //
                   "dir1/liba.so", "dir1/libb.so", "dir1/sub/liba.so",    //
                   "env/libenv.so", "envfile/custom_name.so",             //
                   "rf/tfconv/plugins/array/libarray_ops.so",             //
                   "rf/tfconv/plugins/math/libmath_ops.so",               //
                   "exe/bin/plugins/libexe.so"}));
  EXPECT_TRUE(problems.empty());
}

TEST_F(DiscoveryTest, EachFileOnceAtItsFirstOccurrence) {
  Touch("a/liba.so");
  Touch("b/libb.so");
  Link(P("a/liba.so"), "b/liblink_to_a.so");  // same file as a/liba.so
  Link(P("b"), "a/z_dir_link");               // b again, through a directory link

  PluginSearchOptions o = Isolated();
  o.plugin_files = {P("b/libb.so"), P("a/../a/liba.so")};
  o.plugin_dirs = {P("a"), P("b")};
  EXPECT_EQ(Relative(DiscoverPluginFiles(o)), (Paths{"b/libb.so", "a/../a/liba.so"}));

  o.plugin_files.clear();
  EXPECT_EQ(Relative(DiscoverPluginFiles(o)), (Paths{"a/liba.so", "a/z_dir_link/libb.so"}));
}

TEST_F(DiscoveryTest, EnvironmentEntriesAreFilesOrDirectories) {
  Touch("d/libone.so");
  Touch("d/libtwo.so");
  Touch("f/my_plugin.so");
  std::string env = absl::StrCat(P("f/my_plugin.so"), ":", P("missing"), ":", P("d"));
  ScopedEnv set_path(kPluginPathEnv, env.c_str());

  PluginSearchOptions o = Isolated();
  o.search_environment = true;
  std::vector<std::string> problems;
  EXPECT_EQ(Relative(DiscoverPluginFiles(o, &problems)),
            (Paths{"f/my_plugin.so", "d/libone.so", "d/libtwo.so"}));
  EXPECT_EQ(problems, (Paths{absl::StrCat("TFCONV_PLUGIN_PATH entry '", P("missing"),
                                          "' is neither a file nor a directory; skipped")}));

  // Switched off, the variable is not read.
  o.search_environment = false;
  EXPECT_EQ(DiscoverPluginFiles(o), Paths{});
}

TEST_F(DiscoveryTest, MissingExplicitDirectoryIsAProblemMissingFileIsKept) {
  PluginSearchOptions o = Isolated();
  o.plugin_files = {P("nothing_here/libx.so")};
  o.plugin_dirs = {P("no_such_dir")};
  std::vector<std::string> problems;
  EXPECT_EQ(Relative(DiscoverPluginFiles(o, &problems)), (Paths{"nothing_here/libx.so"}));
  EXPECT_EQ(problems, (Paths{absl::StrCat("plugin directory '", P("no_such_dir"),
                                          "' (--plugin_dir) does not exist or is not a directory; "
                                          "skipped")}));
}

TEST_F(DiscoveryTest, OverridePluginsAreLeftOut) {
  Touch("d/liba.so");
  Touch("d/libb.so");
  PluginSearchOptions o = Isolated();
  o.plugin_dirs = {P("d")};
  o.override_plugins = {P("d/./libb.so")};
  EXPECT_EQ(Relative(DiscoverPluginFiles(o)), (Paths{"d/liba.so"}));
}

TEST_F(DiscoveryTest, SymlinkCycleEnds) {
  Touch("d/sub/libx.so");
  Link(P("d"), "d/sub/back_to_d");
  PluginSearchOptions o = Isolated();
  o.plugin_dirs = {P("d")};
  EXPECT_EQ(Relative(DiscoverPluginFiles(o)), (Paths{"d/sub/libx.so"}));
}

TEST_F(DiscoveryTest, RunfilesFromEnvironmentThenNextToTheExecutable) {
  Touch("env_rf/tfconv/plugins/libfrom_env.so");
  Touch("bin/tool.runfiles/tfconv/plugins/libbeside_exe.so");
  PluginSearchOptions o = Isolated();
  o.search_runfiles = true;
  o.executable_path = P("bin/tool");

  {
    ScopedEnv rf("RUNFILES_DIR", P("env_rf").c_str());
    EXPECT_EQ(Relative(DiscoverPluginFiles(o)), (Paths{"env_rf/tfconv/plugins/libfrom_env.so"}));
  }
  {
    ScopedEnv rf("RUNFILES_DIR", nullptr);
    EXPECT_EQ(Relative(DiscoverPluginFiles(o)),
              (Paths{"bin/tool.runfiles/tfconv/plugins/libbeside_exe.so"}));
  }
}

TEST_F(DiscoveryTest, DefaultExecutableIsThisProcess) {
  // The test binary has no plugins/ directory beside it and no tfconv/plugins in its runfiles.
  ScopedEnv path(kPluginPathEnv, nullptr);
  PluginSearchOptions o;
  EXPECT_EQ(DiscoverPluginFiles(o), Paths{});
}

TEST(RealPathOrSelfTest, ResolvesExistingAndKeepsMissing) {
  EXPECT_EQ(RealPathOrSelf("/"), "/");
  EXPECT_EQ(RealPathOrSelf("/no/such/file/anywhere"), "/no/such/file/anywhere");
}

}  // namespace
}  // namespace tfconv

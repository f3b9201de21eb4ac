// Keeps the kernel list of runtime_check/README.md true: the builtin ops named between its
// `<!-- kernels:begin -->` and `<!-- kernels:end -->` markers must be exactly those with a kernel.
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "converter/tflite/model_check.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "runtime_check/kernels/builtin_kernels.h"

namespace tfconv {
namespace {

TEST(KernelsReadmeTest, ListsExactlyTheRegisteredBuiltins) {
  std::ifstream file("runtime_check/README.md");
  ASSERT_TRUE(file) << "runtime_check/README.md not in the test's runfiles";
  std::stringstream text;
  text << file.rdbuf();
  const std::string readme = text.str();
  const size_t begin = readme.find("<!-- kernels:begin -->");
  const size_t end = readme.find("<!-- kernels:end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  re2::StringPiece section(readme.data() + begin, end - begin);
  std::set<std::string> listed;
  std::string op;
  while (RE2::FindAndConsume(&section, "`([A-Z][A-Z0-9_]+)`", &op)) listed.insert(op);
  std::set<std::string> registered;
  for (tflite::BuiltinOperator code : BuiltinKernels().builtins()) registered.insert(BuiltinOperatorName(code));
  std::string missing, extra;
  for (const std::string& name : registered) {
    if (!listed.count(name)) missing += " " + name;
  }
  for (const std::string& name : listed) {
    if (!registered.count(name)) extra += " " + name;
  }
  EXPECT_TRUE(missing.empty()) << "registered but not in the README:" << missing;
  EXPECT_TRUE(extra.empty()) << "in the README but without a kernel:" << extra;
  EXPECT_GE(registered.size(), 100u);
}

}  // namespace
}  // namespace tfconv

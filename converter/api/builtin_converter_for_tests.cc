#include "converter/api/builtin_converter_for_tests.h"

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"

namespace tfconv {

const Converter& BuiltinConverterForTests(bool strict) {
  static const Converter* converter = [strict] {
    const char* dir = std::getenv("TEST_SRCDIR");
    PluginSearchOptions o;
    o.plugin_dirs = {std::string(dir != nullptr ? dir : ".") + "/tfconv/plugins"};
    o.search_environment = o.search_runfiles = o.search_executable_dir = false;
    absl::StatusOr<std::unique_ptr<Converter>> c = Converter::Create(o, strict);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? c->release() : nullptr;
  }();
  if (converter == nullptr) {
    ADD_FAILURE() << "the built-in plugins did not load";
    std::abort();  // a test without its converter cannot go on
  }
  return *converter;
}

}  // namespace tfconv

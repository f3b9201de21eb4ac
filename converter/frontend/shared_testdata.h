// Where the real models of ../shared/testdata live, for tests that read them.
//
//   TEST(Foo, ReadsRealGraph) {
//     TFCONV_SHARED_DIR_OR_SKIP(shared);     // skips locally, fails under CI=true, when missing
//     std::string path = shared + "/testdata/real/litert/testdata/multi_add.pb";
//   }
#ifndef TFCONV_CONVERTER_FRONTEND_SHARED_TESTDATA_H_
#define TFCONV_CONVERTER_FRONTEND_SHARED_TESTDATA_H_

#include <string>

#include "gtest/gtest.h"

namespace tfconv {

// $TFCONV_SHARED_DIR, else /work/shared when it exists, else "".
std::string SharedDir();
// True when the environment says this is a CI run (CI=true), where missing data is a failure.
bool IsCiRun();

}  // namespace tfconv

#define TFCONV_SHARED_DIR_OR_SKIP(var)                                                    \
  const std::string var = ::tfconv::SharedDir();                                          \
  if (var.empty()) {                                                                      \
    if (::tfconv::IsCiRun()) FAIL() << "the shared test data is missing: set TFCONV_SHARED_DIR"; \
    GTEST_SKIP() << "the shared test data is missing (set TFCONV_SHARED_DIR)";            \
  }

#endif  // TFCONV_CONVERTER_FRONTEND_SHARED_TESTDATA_H_

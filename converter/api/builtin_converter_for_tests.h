// TEST ONLY. One Converter per test binary over the built-in plugins of the test's runfiles (a test
// target lists //plugins:builtin_plugins in `data` and sets linkstatic = 0, so the plugins resolve
// the core's symbols against the shared core).
//
//   const Converter& c = BuiltinConverterForTests();
//   absl::StatusOr<TflModel> m = c.Convert(request);
#ifndef TFCONV_CONVERTER_API_BUILTIN_CONVERTER_FOR_TESTS_H_
#define TFCONV_CONVERTER_API_BUILTIN_CONVERTER_FOR_TESTS_H_

#include "converter/api/converter.h"

namespace tfconv {

// Loads <TEST_SRCDIR>/tfconv/plugins only (no environment, no other search places). A plugin that
// fails to load fails the test when `strict`; the first call decides.
const Converter& BuiltinConverterForTests(bool strict = true);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_API_BUILTIN_CONVERTER_FOR_TESTS_H_

// A plugin with the right API version built against other headers (a fixed, made-up hash).
#include "ops/testdata/fixture_entry.h"

TFCONV_FIXTURE_ENTRY(TFCONV_PLUGIN_API_VERSION, 0x0123456789abcdefull,
                     "tfconv.fixture.abi_mismatch", "1.0.0", RegisterNoOps)

// A plugin built for the next API version.
#include "ops/testdata/fixture_entry.h"

TFCONV_FIXTURE_ENTRY(TFCONV_PLUGIN_API_VERSION + 1, TFCONV_PLUGIN_ABI_HASH,
                     "tfconv.fixture.wrong_api_version", "1.0.0", RegisterNoOps)

#include "ops/testdata/fixture_entry.h"

TFCONV_FIXTURE_ENTRY(TFCONV_PLUGIN_API_VERSION, TFCONV_PLUGIN_ABI_HASH,
                     "tfconv.fixture.null_register", "1.0.0", nullptr)

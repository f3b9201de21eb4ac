// A different plugin that uses the id of good_plugin.
#include "ops/plugin_api.h"

static void RegisterNothing(TfconvRegistryHandle*) {}

TFCONV_DEFINE_PLUGIN("tfconv.fixture.good", "9.9.9", RegisterNothing)

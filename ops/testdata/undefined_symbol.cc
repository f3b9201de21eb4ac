// A plugin that calls a function no library defines: it links (shared libraries may leave
// symbols undefined) but dlopen with RTLD_NOW refuses it.
#include "ops/plugin_api.h"

extern "C" void tfconv_fixture_defined_nowhere(void);

static void RegisterCallingNowhere(TfconvRegistryHandle*) { tfconv_fixture_defined_nowhere(); }

TFCONV_DEFINE_PLUGIN("tfconv.fixture.undefined_symbol", "1.0.0", RegisterCallingNowhere)

// One of two plugins that both register "FixtureSharedOp"; this one infers shape [2], so a test
// can tell which registration is in effect.
#include "ops/op_registry.h"
#include "ops/plugin_api.h"

namespace {

void RegisterSharedOp(TfconvRegistryHandle* handle) {
  tfconv::OpRegistration r;
  r.op = "FixtureSharedOp";
  r.infer = [](tfconv::InferenceContext& c) {
    c.set_output(0, tfconv::DataType::kFloat, tfconv::PartialShape({2}));
    return absl::OkStatus();
  };
  tfconv::OpRegistry::FromHandle(handle).Add(std::move(r));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.fixture.duplicate_op_b", "1.0.0", RegisterSharedOp)

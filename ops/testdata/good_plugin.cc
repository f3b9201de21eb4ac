// A well-formed plugin owning one made-up op, "FixtureOp": output 0 has the input's type and the
// input's dims in reverse order (a rule no real op has, so a passing test proves this code ran).
#include <vector>

#include "ops/op_registry.h"
#include "ops/plugin_api.h"

namespace {

absl::Status InferFixtureOp(tfconv::InferenceContext& c) {
  if (c.num_inputs() != 1) return c.Error("FixtureOp takes exactly one input");
  const tfconv::PartialShape& in = c.input_shape(0);
  if (!in.known_rank()) {
    c.set_output(0, c.input_type(0), tfconv::PartialShape::UnknownRank());
    return absl::OkStatus();
  }
  std::vector<int64_t> dims(in.dims().rbegin(), in.dims().rend());
  c.set_output(0, c.input_type(0), tfconv::PartialShape(std::move(dims)));
  return absl::OkStatus();
}

void RegisterGoodOps(TfconvRegistryHandle* handle) {
  tfconv::OpRegistration r;
  r.op = "FixtureOp";
  r.infer = InferFixtureOp;
  tfconv::OpRegistry::FromHandle(handle).Add(std::move(r));
}

}  // namespace

TFCONV_DEFINE_PLUGIN("tfconv.fixture.good", "1.2.3", RegisterGoodOps)

// FakeLoweringContext: a LoweringContext for plugin unit tests. It records the tensors, buffers and
// operators a lowering emits into a one-subgraph TflModel, so a test can look at them directly.
// Inputs with a known constant value become buffer-backed tensors, as in the converter.
//
//   FakeLoweringContext c(*conv_node);
//   ASSERT_TRUE(registry.Find("Conv2D")->lower(c).ok());
//   ASSERT_EQ(c.ops().size(), 1);
//   EXPECT_EQ(c.BuiltinCode(0), tflite::BuiltinOperator::CONV_2D);
//   std::vector<float> filter = c.ConstData<float>(c.ops()[0].inputs[1]);
//   auto* o = c.ops()[0].builtin_options.AsConv2DOptions();
#ifndef TFCONV_PLUGINS_NN_TESTING_FAKE_LOWERING_CONTEXT_H_
#define TFCONV_PLUGINS_NN_TESTING_FAKE_LOWERING_CONTEXT_H_

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "ops/op_context.h"

namespace tfconv {

class FakeLoweringContext : public LoweringContext {
 public:
  explicit FakeLoweringContext(const Node& node, LoweringOptions options = {});

  const Node& node() const override { return node_; }
  const LoweringOptions& options() const override { return options_; }
  absl::StatusOr<int32_t> InputTensor(int i) override;
  absl::StatusOr<int32_t> OutputTensor(int i) override;
  absl::Status ForwardOutput(int i, int32_t tensor) override;
  int32_t AddConstTensor(const Tensor& value, absl::string_view suffix) override;
  int32_t AddTensor(DataType type, const PartialShape& shape, absl::string_view suffix) override;
  void AddBuiltinOp(tflite::BuiltinOperator op, std::vector<int32_t> inputs, std::vector<int32_t> outputs,
                    tflite::BuiltinOptionsUnion options) override;
  void AddCustomOp(const std::string& custom_code, std::vector<int32_t> inputs,
                   std::vector<int32_t> outputs, std::vector<uint8_t> custom_options) override;
  TflTensor& tensor(int32_t index) override { return subgraph().tensors.at(index); }

  // What was recorded.
  TflModel& model() { return model_; }
  TflSubgraph& subgraph() { return model_.subgraphs[0]; }
  const std::vector<TflOperator>& ops() { return subgraph().operators; }
  tflite::BuiltinOperator BuiltinCode(int op_index) {
    return model_.CodeOf(subgraph().operators.at(op_index)).builtin_code;
  }
  // The tensor that TF output i was forwarded to, or -1.
  int32_t forwarded(int i) const;
  // The tensor created for TF input i, or -1 if the lowering never asked for it.
  int32_t input_tensor_if_created(int i) const;
  // The constant data of a buffer-backed tensor (empty for activations).
  template <typename T>
  std::vector<T> ConstData(int32_t tensor_index) {
    const TflTensor& t = subgraph().tensors.at(tensor_index);
    const ByteBuffer& b = model_.buffers.at(t.buffer).data;
    std::vector<T> out(b.size() / sizeof(T));
    if (!out.empty()) std::memcpy(out.data(), b.data(), out.size() * sizeof(T));
    return out;
  }

 private:
  int32_t NewTensor(const std::string& name, DataType type, const PartialShape& shape);
  int32_t NewConst(const std::string& name, const Tensor& value);

  const Node& node_;
  LoweringOptions options_;
  TflModel model_;
  std::map<int, int32_t> inputs_;
  std::map<int, int32_t> outputs_;
  std::map<int, int32_t> forwarded_;
};

}  // namespace tfconv

#endif  // TFCONV_PLUGINS_NN_TESTING_FAKE_LOWERING_CONTEXT_H_

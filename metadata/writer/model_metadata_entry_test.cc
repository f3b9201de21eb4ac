#include "metadata/writer/model_metadata_entry.h"

#include <string>

#include "gtest/gtest.h"

namespace tfconv {
namespace {

std::string Text(const ByteBuffer* b) {
  return b == nullptr ? "<none>" : std::string(reinterpret_cast<const char*>(b->data()), b->size());
}

TEST(ModelMetadataEntry, SetTwiceReplacesInPlace) {
  TflModel model;
  SetMetadataEntry(model, "A", ByteBuffer::FromString("one"));
  const size_t buffers = model.buffers.size();
  SetMetadataEntry(model, "A", ByteBuffer::FromString("two"));
  EXPECT_EQ(model.buffers.size(), buffers);
  ASSERT_EQ(model.metadata.size(), 1u);
  EXPECT_EQ(Text(FindMetadataEntry(model, "A")), "two");
  EXPECT_EQ(FindMetadataEntry(model, "B"), nullptr);
}

TEST(ModelMetadataEntry, SharedBufferIsNotOverwritten) {
  TflModel model;
  TflSubgraph& g = model.subgraphs.emplace_back();
  const uint32_t weights = model.AddBuffer(ByteBuffer::FromString("weights"));
  g.AddTensor({.name = "w", .buffer = weights});
  model.metadata.emplace_back("A", weights);  // a (strange) entry pointing at a tensor's buffer
  SetMetadataEntry(model, "A", ByteBuffer::FromString("meta"));
  EXPECT_EQ(Text(&model.buffers[weights].data), "weights");
  EXPECT_EQ(Text(FindMetadataEntry(model, "A")), "meta");
}

TEST(ModelMetadataEntry, Remove) {
  TflModel model;
  SetMetadataEntry(model, "A", ByteBuffer::FromString("one"));
  SetMetadataEntry(model, "B", ByteBuffer::FromString("two"));
  EXPECT_TRUE(RemoveMetadataEntry(model, "A"));
  EXPECT_FALSE(RemoveMetadataEntry(model, "A"));
  ASSERT_EQ(model.metadata.size(), 1u);
  EXPECT_EQ(Text(FindMetadataEntry(model, "B")), "two");
}

}  // namespace
}  // namespace tfconv

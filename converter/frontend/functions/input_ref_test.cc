#include "converter/frontend/functions/input_ref.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(InputRef, Forms) {
  absl::StatusOr<InputRef> r = ParseInputRef("a/b:3");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->node, "a/b");
  EXPECT_EQ(r->index, 3);
  EXPECT_FALSE(r->control);

  r = ParseInputRef("^init");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->node, "init");
  EXPECT_TRUE(r->control);

  r = ParseInputRef("x");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->index, 0);
}

TEST(InputRef, Malformed) {
  for (const char* bad : {"", "^", ":1", "x:", "x:-1", "x:1a", "^x:0", "x:99999999999", "a:b"}) {
    EXPECT_FALSE(ParseInputRef(bad).ok()) << bad;
  }
}

TEST(InputRef, Names) {
  EXPECT_EQ(TensorName("n", 0), "n");
  EXPECT_EQ(TensorName("n", 2), "n:2");
  EXPECT_EQ(NodeOfInput("^n"), "n");
  EXPECT_EQ(NodeOfInput("a/n:4"), "a/n");
  EXPECT_EQ(NodeOfInput("n"), "n");
}

}  // namespace
}  // namespace tfconv

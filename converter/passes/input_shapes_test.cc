#include "converter/passes/input_shapes.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

TEST(InputShapesTest, OfficialSyntax) {
  auto shapes = ParseInputShapes("1,224,224,3:1,10");
  ASSERT_TRUE(shapes.ok()) << shapes.status();
  ASSERT_EQ(shapes->size(), 2u);
  EXPECT_EQ(*(*shapes)[0], PartialShape({1, 224, 224, 3}));
  EXPECT_EQ(*(*shapes)[1], PartialShape({1, 10}));
}

TEST(InputShapesTest, EmptyEntryIsAScalarAndUnknownDims) {
  auto shapes = ParseInputShapes("1,2::-1, ?");
  ASSERT_TRUE(shapes.ok()) << shapes.status();
  ASSERT_EQ(shapes->size(), 3u);
  EXPECT_EQ(*(*shapes)[0], PartialShape({1, 2}));
  EXPECT_EQ(*(*shapes)[1], PartialShape());
  EXPECT_EQ((*shapes)[1]->rank(), 0);
  EXPECT_EQ(*(*shapes)[2], PartialShape({-1, -1}));
}

TEST(InputShapesTest, NothingGivenIsNoShapes) {
  auto shapes = ParseInputShapes("  ");
  ASSERT_TRUE(shapes.ok());
  EXPECT_TRUE(shapes->empty());
}

TEST(InputShapesTest, BadDimensionsAreErrors) {
  for (const char* bad : {"1,x", "1,,2", "-2", "1.5", "1;2"}) {
    auto shapes = ParseInputShapes(bad);
    ASSERT_FALSE(shapes.ok()) << bad;
    EXPECT_NE(shapes.status().message().find("--input_shapes"), std::string::npos);
  }
  auto shapes = ParseInputShapes("1,2:3,x");
  ASSERT_FALSE(shapes.ok());
  EXPECT_NE(shapes.status().message().find("shape #1 '3,x' has the dimension 'x'"), std::string::npos)
      << shapes.status();
}

}  // namespace
}  // namespace tfconv

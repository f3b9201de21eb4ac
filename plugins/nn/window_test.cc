#include "plugins/nn/window.h"

#include "gtest/gtest.h"

namespace tfconv {
namespace {

class WindowTest : public ::testing::Test {
 protected:
  Window1D W(int64_t in, int64_t k, int64_t d, int64_t s, Padding p, int64_t before = 0, int64_t after = 0) {
    absl::StatusOr<Window1D> w = ComputeWindow1D(*node_, in, k, d, s, p, before, after);
    EXPECT_TRUE(w.ok()) << w.status();
    return w.ok() ? *w : Window1D{-9, -9, -9};
  }
  Graph graph_;
  Node* node_ = graph_.AddNode("conv", "Conv2D");
};

#define EXPECT_WINDOW(w, out_, before_, after_) \
  do {                                          \
    Window1D _w = (w);                          \
    EXPECT_EQ(_w.out, out_);                    \
    EXPECT_EQ(_w.pad_before, before_);          \
    EXPECT_EQ(_w.pad_after, after_);            \
  } while (0)

TEST_F(WindowTest, Valid) {
  EXPECT_WINDOW(W(5, 3, 1, 1, Padding::kValid), 3, 0, 0);
  EXPECT_WINDOW(W(7, 3, 1, 2, Padding::kValid), 3, 0, 0);   // starts 0, 2, 4
  EXPECT_WINDOW(W(8, 3, 1, 2, Padding::kValid), 3, 0, 0);   // start 6 would need row 8
  EXPECT_WINDOW(W(5, 3, 2, 1, Padding::kValid), 1, 0, 0);   // effective size 5
  EXPECT_WINDOW(W(2, 3, 1, 2, Padding::kValid), 0, 0, 0);   // TF allows an empty output
}

TEST_F(WindowTest, SamePadsTheSmallerHalfBefore) {
  EXPECT_WINDOW(W(5, 3, 1, 1, Padding::kSame), 5, 1, 1);
  EXPECT_WINDOW(W(5, 2, 1, 1, Padding::kSame), 5, 0, 1);    // odd total: the extra row goes after
  EXPECT_WINDOW(W(7, 3, 1, 2, Padding::kSame), 4, 1, 1);    // (4-1)*2 + 3 - 7 = 2
  EXPECT_WINDOW(W(6, 3, 1, 2, Padding::kSame), 3, 0, 1);    // (3-1)*2 + 3 - 6 = 1
  EXPECT_WINDOW(W(5, 4, 1, 1, Padding::kSame), 5, 1, 2);    // total 3
  EXPECT_WINDOW(W(5, 3, 2, 1, Padding::kSame), 5, 2, 2);    // effective 5, total 4
  EXPECT_WINDOW(W(4, 1, 1, 3, Padding::kSame), 2, 0, 0);    // 1x1 never pads
  EXPECT_WINDOW(W(1, 3, 1, 1, Padding::kSame), 1, 1, 1);
}

TEST_F(WindowTest, Explicit) {
  EXPECT_WINDOW(W(5, 3, 1, 2, Padding::kExplicit, 1, 2), 3, 1, 2);  // (5+3-3+2)/2
  EXPECT_WINDOW(W(4, 3, 1, 1, Padding::kExplicit, 0, 0), 2, 0, 0);
}

TEST_F(WindowTest, UnknownInputGivesUnknownOutput) { EXPECT_WINDOW(W(-1, 3, 1, 2, Padding::kSame), -1, -1, -1); }

TEST_F(WindowTest, Errors) {
  absl::Status s = ComputeWindow1D(*node_, 2, 4, 1, 1, Padding::kValid).status();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'conv' (Conv2D)"), std::string::npos) << s;
  EXPECT_NE(s.message().find("negative"), std::string::npos) << s;
  EXPECT_FALSE(ComputeWindow1D(*node_, 5, 3, 1, 0, Padding::kSame).ok());
  EXPECT_FALSE(ComputeWindow1D(*node_, 5, 3, 0, 1, Padding::kSame).ok());
}

TEST_F(WindowTest, ReadsNhwcConvAttributes) {
  node_->attrs["strides"] = AttrList::Ints({1, 2, 3, 1});
  node_->attrs["dilations"] = AttrList::Ints({1, 4, 5, 1});
  node_->attrs["padding"] = "SAME";
  absl::StatusOr<Window2DAttrs> a = ReadWindow2DAttrs(*node_, WindowKind::kConv);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_FALSE(a->layout.nchw);
  EXPECT_EQ(a->padding, Padding::kSame);
  EXPECT_EQ(a->stride_h, 2);
  EXPECT_EQ(a->stride_w, 3);
  EXPECT_EQ(a->dilation_h, 4);
  EXPECT_EQ(a->dilation_w, 5);
}

TEST_F(WindowTest, ReadsNchwAndExplicitPaddings) {
  node_->attrs["data_format"] = "NCHW";
  node_->attrs["strides"] = AttrList::Ints({1, 1, 2, 3});
  node_->attrs["padding"] = "EXPLICIT";
  node_->attrs["explicit_paddings"] = AttrList::Ints({0, 0, 0, 0, 1, 2, 3, 4});
  absl::StatusOr<Window2DAttrs> a = ReadWindow2DAttrs(*node_, WindowKind::kConv);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->layout.nchw);
  EXPECT_EQ(a->layout.channels, 1);
  EXPECT_EQ(a->stride_h, 2);
  EXPECT_EQ(a->stride_w, 3);
  EXPECT_EQ(a->dilation_h, 1);  // absent: 1
  EXPECT_EQ(a->pad_top, 1);
  EXPECT_EQ(a->pad_bottom, 2);
  EXPECT_EQ(a->pad_left, 3);
  EXPECT_EQ(a->pad_right, 4);

  node_->attrs["explicit_paddings"] = AttrList::Ints({0, 0, 1, 0, 1, 2, 3, 4});  // channel padding
  EXPECT_FALSE(ReadWindow2DAttrs(*node_, WindowKind::kConv).ok());
  node_->attrs["explicit_paddings"] = AttrList::Ints({1, 2});
  EXPECT_FALSE(ReadWindow2DAttrs(*node_, WindowKind::kConv).ok());
}

TEST_F(WindowTest, ReadsPoolKsize) {
  node_->attrs["ksize"] = AttrList::Ints({1, 3, 2, 1});
  node_->attrs["strides"] = AttrList::Ints({1, 2, 2, 1});
  node_->attrs["padding"] = "VALID";
  absl::StatusOr<Window2DAttrs> a = ReadWindow2DAttrs(*node_, WindowKind::kPool);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->ksize_h, 3);
  EXPECT_EQ(a->ksize_w, 2);
  EXPECT_EQ(a->padding, Padding::kValid);
}

TEST_F(WindowTest, RejectsBadAttributes) {
  node_->attrs["padding"] = "SAME";
  node_->attrs["strides"] = AttrList::Ints({2, 1, 1, 1});  // batch stride
  absl::Status s = ReadWindow2DAttrs(*node_, WindowKind::kConv).status();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("strides"), std::string::npos) << s;
  node_->attrs["strides"] = AttrList::Ints({1, 1, 1});
  EXPECT_FALSE(ReadWindow2DAttrs(*node_, WindowKind::kConv).ok());
  node_->attrs["strides"] = AttrList::Ints({1, 1, 1, 1});
  node_->attrs["padding"] = "FULL";
  EXPECT_FALSE(ReadWindow2DAttrs(*node_, WindowKind::kConv).ok());
  node_->attrs["padding"] = "SAME";
  node_->attrs["data_format"] = "NCDHW";
  EXPECT_FALSE(ReadWindow2DAttrs(*node_, WindowKind::kConv).ok());
  node_->attrs.erase("data_format");
  node_->attrs.erase("padding");
  EXPECT_FALSE(ReadWindow2DAttrs(*node_, WindowKind::kConv).ok());
  node_->attrs["padding"] = "SAME";
  EXPECT_FALSE(ReadWindow2DAttrs(*node_, WindowKind::kPool).ok());  // no ksize
}

}  // namespace
}  // namespace tfconv

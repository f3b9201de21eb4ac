// H5File against files written by H5Writer (and, for types the writer does not make, the libhdf5 C API
// directly), damaged files, and the real MLPerf Tiny ResNet-8 Keras file.
#include "converter/frontend/keras/storage/h5_file.h"

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "absl/strings/match.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/frontend/keras/storage/internal/test_files.h"
#include "converter/frontend/shared_testdata.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using storage_testing::ReadBytes;
using storage_testing::TempPath;
using storage_testing::WriteBytes;
using ::testing::HasSubstr;

Tensor RawTensor(DataType dtype, std::vector<int64_t> shape, const std::vector<uint8_t>& bytes) {
  return Tensor(dtype, std::move(shape), ByteBuffer::Copy(bytes.data(), bytes.size()));
}

std::vector<uint8_t> BytesOf(const Tensor& t) { return std::vector<uint8_t>(t.bytes().data(), t.bytes().data() + t.ByteSize()); }

// Every element type the reader supports, with values whose bit patterns are written out by hand.
std::vector<std::pair<std::string, Tensor>> AllTypes() {
  return {
      {"f16", RawTensor(DataType::kHalf, {3}, {0x00, 0x3e, 0x00, 0xc0, 0xff, 0x7b})},  // 1.5, -2, 65504
      {"bf16", RawTensor(DataType::kBFloat16, {2}, {0x80, 0x3f, 0x00, 0xc0})},          // 1, -2
      {"f32", Tensor::FromVector<float>({2, 2}, {1.5f, -2.25f, 3e38f, 1e-38f})},
      {"f64", Tensor::FromVector<double>({3}, {1e300, -0.125, 7})},
      {"i8", Tensor::FromVector<int8_t>({2}, {-128, 127})},
      {"i16", Tensor::FromVector<int16_t>({2}, {-32768, 1234})},
      {"i32", Tensor::FromVector<int32_t>({2}, {-2147483647 - 1, 70000})},
      {"i64", Tensor::FromVector<int64_t>({2}, {-(int64_t{1} << 62), 5})},
      {"u8", Tensor::FromVector<uint8_t>({2}, {0, 255})},
      {"u16", Tensor::FromVector<uint16_t>({2}, {65535, 1})},
      {"u32", Tensor::FromVector<uint32_t>({2}, {4000000000u, 2})},
      {"u64", Tensor::FromVector<uint64_t>({1}, {uint64_t{1} << 63})},
      {"bool", Tensor::FromVector<bool>({2, 2}, {true, false, false, true})},
  };
}

TEST(H5File, EveryElementTypeRoundTrips) {
  std::string path = TempPath("types.h5");
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(path);
    ASSERT_TRUE(w.ok()) << w.status();
    for (const auto& [name, t] : AllTypes()) ASSERT_TRUE(w->WriteDataset("/t/" + name, t).ok()) << name;
    ASSERT_TRUE(w->Close().ok());
  }
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok()) << f.status();
  for (const auto& [name, expected] : AllTypes()) {
    absl::StatusOr<Tensor> t = f->ReadDataset("/t/" + name);
    ASSERT_TRUE(t.ok()) << name << ": " << t.status();
    EXPECT_EQ(t->dtype(), expected.dtype()) << name;
    EXPECT_EQ(t->shape(), expected.shape()) << name;
    EXPECT_EQ(BytesOf(*t), BytesOf(expected)) << name;
    EXPECT_TRUE(t->IsValid()) << name;
  }
}

TEST(H5File, BigEndianDataIsConvertedToNativeOrder) {
  std::string path = TempPath("big_endian.h5");
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(path);
    ASSERT_TRUE(w.ok());
    H5DatasetOptions be;
    be.big_endian = true;
    ASSERT_TRUE(w->WriteDataset("i32", Tensor::FromVector<int32_t>({3}, {1, -2, 70000}), be).ok());
    ASSERT_TRUE(w->WriteDataset("f64", Tensor::FromVector<double>({1}, {-0.5}), be).ok());
    ASSERT_TRUE(w->WriteDataset("f16", RawTensor(DataType::kHalf, {1}, {0x00, 0x3e}), be).ok());
    ASSERT_TRUE(w->Close().ok());
  }
  // The file really holds big-endian bytes: 70000 = 0x00011170.
  EXPECT_NE(ReadBytes(path).find(std::string("\x00\x01\x11\x70", 4)), std::string::npos);
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  absl::StatusOr<Tensor> i32 = f->ReadDataset("i32");
  ASSERT_TRUE(i32.ok()) << i32.status();
  EXPECT_EQ(std::vector<int32_t>(i32->data<int32_t>().begin(), i32->data<int32_t>().end()),
            (std::vector<int32_t>{1, -2, 70000}));
  absl::StatusOr<Tensor> f64 = f->ReadDataset("f64");
  ASSERT_TRUE(f64.ok());
  EXPECT_EQ(f64->data<double>()[0], -0.5);
  absl::StatusOr<Tensor> f16 = f->ReadDataset("f16");
  ASSERT_TRUE(f16.ok()) << f16.status();
  EXPECT_EQ(BytesOf(*f16), (std::vector<uint8_t>{0x00, 0x3e}));
}

TEST(H5File, ChunkedAndCompressedDatasets) {
  std::vector<float> values(1000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i % 7) - 3.0f;
  std::vector<size_t> sizes;
  for (bool deflate : {false, true}) {
    std::string path = TempPath(deflate ? "deflate.h5" : "chunked.h5");
    {
      absl::StatusOr<H5Writer> w = H5Writer::Create(path);
      ASSERT_TRUE(w.ok());
      H5DatasetOptions options;
      options.chunked = true;
      options.deflate = deflate;
      ASSERT_TRUE(w->WriteDataset("x", Tensor::FromVector<float>({10, 100}, values), options).ok());
      ASSERT_TRUE(w->Close().ok());
    }
    sizes.push_back(ReadBytes(path).size());
    absl::StatusOr<H5File> f = H5File::Open(path);
    ASSERT_TRUE(f.ok());
    absl::StatusOr<Tensor> t = f->ReadDataset("x");
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->shape(), (std::vector<int64_t>{10, 100}));
    EXPECT_EQ(std::vector<float>(t->data<float>().begin(), t->data<float>().end()), values) << path;
  }
  // The periodic 4000 bytes compress to far less: the second file really is deflated.
  EXPECT_LT(sizes[1] + 3000, sizes[0]);
}

TEST(H5File, ScalarsAndEmptyTensors) {
  std::string path = TempPath("scalars.h5");
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->WriteDataset("iterations", Tensor::Scalar<int64_t>(42)).ok());
    ASSERT_TRUE(w->WriteDataset("lr", Tensor::Scalar<float>(0.001f)).ok());
    ASSERT_TRUE(w->WriteDataset("empty", Tensor::Zeros(DataType::kFloat, {0, 3})).ok());
    ASSERT_TRUE(w->Close().ok());
  }
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  absl::StatusOr<Tensor> it = f->ReadDataset("iterations");
  ASSERT_TRUE(it.ok()) << it.status();
  EXPECT_EQ(it->rank(), 0);
  EXPECT_EQ(it->data<int64_t>()[0], 42);
  absl::StatusOr<Tensor> lr = f->ReadDataset("/lr");
  ASSERT_TRUE(lr.ok());
  EXPECT_EQ(lr->rank(), 0);
  EXPECT_EQ(lr->data<float>()[0], 0.001f);
  absl::StatusOr<Tensor> empty = f->ReadDataset("empty");
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->shape(), (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(empty->NumElements(), 0);
  EXPECT_TRUE(empty->IsValid());
}

TEST(H5File, StringAttributesFixedAndVariable) {
  std::string path = TempPath("strings.h5");
  const std::string utf8 = "h\xc3\xa9llo w\xc3\xb6rld";
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->CreateGroup("g").ok());
    ASSERT_TRUE(w->SetStringAttribute("/", "vl", utf8, /*variable_length=*/true).ok());
    ASSERT_TRUE(w->SetStringAttribute("/", "fixed", "2.4.0", /*variable_length=*/false).ok());
    ASSERT_TRUE(w->SetStringAttribute("/", "vl_empty", "", true).ok());
    ASSERT_TRUE(w->SetStringAttribute("/", "fixed_empty", "", false).ok());
    ASSERT_TRUE(w->SetStringAttribute("/g", "json", R"({"class_name": "Sequential"})").ok());
    ASSERT_TRUE(w->SetStringListAttribute("/g", "one", {"only"}).ok());
    ASSERT_TRUE(w->SetStringListAttribute("/g", "two", {"a", "bcd"}).ok());
    ASSERT_TRUE(w->WriteDataset("/g/d", Tensor::Scalar<float>(1)).ok());
    ASSERT_TRUE(w->SetStringAttribute("/g/d", "on_dataset", "yes").ok());
    ASSERT_TRUE(w->Close().ok());
  }
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f->StringAttribute("/", "vl"), utf8);
  EXPECT_EQ(*f->StringAttribute("/", "fixed"), "2.4.0");
  EXPECT_EQ(*f->StringAttribute("", "vl_empty"), "");
  EXPECT_EQ(*f->StringAttribute("/", "fixed_empty"), "");
  EXPECT_EQ(*f->StringAttribute("g", "json"), R"({"class_name": "Sequential"})");
  EXPECT_EQ(*f->StringAttribute("/g", "one"), "only");  // a 1-element array is accepted
  EXPECT_EQ(*f->StringAttribute("/g/d", "on_dataset"), "yes");
  EXPECT_TRUE(f->HasAttribute("/g", "two"));
  EXPECT_FALSE(f->HasAttribute("/g", "three"));
  EXPECT_FALSE(f->HasAttribute("/nowhere", "two"));

  absl::StatusOr<std::string> two = f->StringAttribute("/g", "two");
  EXPECT_FALSE(two.ok());
  EXPECT_THAT(two.status().message(), HasSubstr("strings.h5: /g: attribute 'two': expected a string"));
  absl::StatusOr<std::string> missing = f->StringAttribute("/g", "nope");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("/g: attribute 'nope': no such attribute"));
  absl::StatusOr<std::string> no_object = f->StringAttribute("/x/y", "a");
  EXPECT_EQ(no_object.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(no_object.status().message(), HasSubstr("/x/y: no such group or dataset"));
}

TEST(H5File, StringListAttributes) {
  std::string path = TempPath("lists.h5");
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->SetStringListAttribute("/", "layer_names", {"input_1", "conv2d", "batch_normalization"}).ok());
    ASSERT_TRUE(w->SetStringListAttribute("/", "empty", {}).ok());
    ASSERT_TRUE(w->SetStringAttribute("/", "scalar", "x").ok());
    ASSERT_TRUE(w->SetStringListAttribute("/", "chunk0", {"a", "b"}).ok());
    ASSERT_TRUE(w->SetStringListAttribute("/", "chunk1", {"c"}).ok());
    ASSERT_TRUE(w->WriteDataset("d", Tensor::Scalar<float>(1)).ok());
    ASSERT_TRUE(w->Close().ok());
  }
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f->StringListAttribute("/", "layer_names"),
            (std::vector<std::string>{"input_1", "conv2d", "batch_normalization"}));
  EXPECT_EQ(*f->StringListAttribute("/", "empty"), std::vector<std::string>{});
  EXPECT_EQ(*f->StringListAttribute("/", "scalar"), std::vector<std::string>{"x"});
  EXPECT_EQ(*f->ChunkedStringListAttribute("/", "chunk"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(*f->ChunkedStringListAttribute("/", "layer_names"),
            (std::vector<std::string>{"input_1", "conv2d", "batch_normalization"}));
  EXPECT_EQ(f->ChunkedStringListAttribute("/", "none").status().code(), absl::StatusCode::kNotFound);
}

TEST(H5File, GroupsChildrenAndPaths) {
  std::string by_name = TempPath("by_name.h5");
  std::string by_creation = TempPath("by_creation.h5");
  for (const std::string& path : {by_name, by_creation}) {
    H5WriterOptions options;
    options.track_creation_order = path == by_creation;
    absl::StatusOr<H5Writer> w = H5Writer::Create(path, options);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->CreateGroup("/model_weights/conv2d").ok());
    ASSERT_TRUE(w->CreateGroup("/model_weights/activation").ok());
    ASSERT_TRUE(w->CreateGroup("/model_weights/batch_normalization").ok());
    ASSERT_TRUE(w->WriteDataset("/model_weights/conv2d/conv2d/kernel:0", Tensor::Zeros(DataType::kFloat, {3, 3, 3, 16}))
                    .ok());
    ASSERT_TRUE(w->WriteDataset("/model_weights/conv2d/conv2d/bias:0", Tensor::Zeros(DataType::kFloat, {16})).ok());
    ASSERT_TRUE(w->Close().ok());
  }
  absl::StatusOr<H5File> f = H5File::Open(by_name);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->Exists("/"));
  EXPECT_TRUE(f->Exists("model_weights"));
  EXPECT_TRUE(f->Exists("/model_weights/conv2d/conv2d/kernel:0"));
  EXPECT_FALSE(f->Exists("/model_weights/conv2d/conv2d/kernel:1"));
  EXPECT_FALSE(f->Exists("/model_weights/conv2d/conv2d/kernel:0/below_a_dataset"));
  EXPECT_FALSE(f->Exists("/nothing/at/all"));
  EXPECT_TRUE(f->IsGroup("/model_weights/conv2d/conv2d"));
  EXPECT_FALSE(f->IsGroup("/model_weights/conv2d/conv2d/kernel:0"));
  EXPECT_TRUE(f->IsDataset("/model_weights/conv2d/conv2d/kernel:0"));
  EXPECT_FALSE(f->IsGroup("/missing"));
  EXPECT_EQ(*f->Children("/model_weights"),
            (std::vector<std::string>{"activation", "batch_normalization", "conv2d"}));
  EXPECT_EQ(*f->Children("/model_weights/conv2d/conv2d"), (std::vector<std::string>{"bias:0", "kernel:0"}));
  EXPECT_EQ(*f->Children("/"), std::vector<std::string>{"model_weights"});
  EXPECT_EQ(f->Children("/model_weights/conv2d/conv2d/kernel:0").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(f->Children("/missing").status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<Tensor> kernel = f->ReadDataset("/model_weights/conv2d/conv2d/kernel:0");
  ASSERT_TRUE(kernel.ok());
  EXPECT_EQ(kernel->shape(), (std::vector<int64_t>{3, 3, 3, 16}));

  absl::StatusOr<H5File> g = H5File::Open(by_creation);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(*g->Children("/model_weights"),
            (std::vector<std::string>{"conv2d", "activation", "batch_normalization"}));
  EXPECT_EQ(*g->Children("/model_weights/conv2d/conv2d"), (std::vector<std::string>{"kernel:0", "bias:0"}));
}

TEST(H5File, MissingAndWrongObjectsAreNamedErrors) {
  std::string path = TempPath("missing.h5");
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->CreateGroup("/g").ok());
    ASSERT_TRUE(w->Close().ok());
  }
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  absl::StatusOr<Tensor> missing = f->ReadDataset("/g/kernel:0");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), path + ": /g/kernel:0: no such dataset");
  absl::StatusOr<Tensor> group = f->ReadDataset("/g");
  EXPECT_EQ(group.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(group.status().message(), path + ": /g: is a group, not a dataset");
}

// Types H5Writer does not write, made with the libhdf5 C API.
void WriteOddTypes(const std::string& path) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hsize_t two = 2;
  hid_t space = H5Screate_simple(1, &two, nullptr);
  // compound {int32 a; float b}
  hid_t compound = H5Tcreate(H5T_COMPOUND, 8);
  H5Tinsert(compound, "a", 0, H5T_NATIVE_INT32);
  H5Tinsert(compound, "b", 4, H5T_NATIVE_FLOAT);
  hid_t d = H5Dcreate2(file, "compound", compound, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  char zeros[16] = {};
  H5Dwrite(d, compound, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros);
  H5Dclose(d);
  // A float type with bfloat16's layout: 1 sign, 8 exponent, 7 mantissa bits.
  hid_t bf16 = H5Tcopy(H5T_IEEE_F32LE);
  H5Tset_fields(bf16, 15, 7, 8, 0, 7);
  H5Tset_size(bf16, 2);
  H5Tset_ebias(bf16, 127);
  d = H5Dcreate2(file, "bf16_float", bf16, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const uint8_t bf16_bytes[4] = {0x80, 0x3f, 0x40, 0xc0};  // 1.0, -3.0
  H5Dwrite(d, bf16, H5S_ALL, H5S_ALL, H5P_DEFAULT, bf16_bytes);
  H5Dclose(d);
  // A bool enum holding a value that is neither FALSE nor TRUE.
  hid_t boolean = H5Tenum_create(H5T_NATIVE_INT8);
  int8_t no = 0, yes = 1;
  H5Tenum_insert(boolean, "FALSE", &no);
  H5Tenum_insert(boolean, "TRUE", &yes);
  d = H5Dcreate2(file, "bad_bool", boolean, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const int8_t bad[2] = {1, 5};
  H5Dwrite(d, boolean, H5S_ALL, H5S_ALL, H5P_DEFAULT, bad);
  H5Dclose(d);
  // An enum that is not h5py's bool.
  hid_t colors = H5Tenum_create(H5T_NATIVE_INT8);
  int8_t r = 0, g = 1, b = 2;
  H5Tenum_insert(colors, "R", &r);
  H5Tenum_insert(colors, "G", &g);
  H5Tenum_insert(colors, "B", &b);
  d = H5Dcreate2(file, "colors", colors, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, colors, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros);
  H5Dclose(d);
  // A variable-length string dataset and a null-dataspace dataset.
  hid_t vl = H5Tcopy(H5T_C_S1);
  H5Tset_size(vl, H5T_VARIABLE);
  d = H5Dcreate2(file, "strings", vl, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  const char* texts[2] = {"a", "b"};
  H5Dwrite(d, vl, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts);
  H5Dclose(d);
  hid_t null_space = H5Screate(H5S_NULL);
  d = H5Dcreate2(file, "null", H5T_NATIVE_FLOAT, null_space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dclose(d);
  // A numeric attribute where a string is expected.
  hid_t scalar = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(file, "number", H5T_NATIVE_DOUBLE, scalar, H5P_DEFAULT, H5P_DEFAULT);
  double pi = 3.14;
  H5Awrite(a, H5T_NATIVE_DOUBLE, &pi);
  H5Aclose(a);
  a = H5Acreate2(file, "numbers", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT);
  double both[2] = {1, 2};
  H5Awrite(a, H5T_NATIVE_DOUBLE, both);
  H5Aclose(a);
  for (hid_t t : {compound, bf16, boolean, colors, vl}) H5Tclose(t);
  H5Sclose(scalar);
  H5Sclose(null_space);
  H5Sclose(space);
  H5Fclose(file);
}

TEST(H5File, TypesThatAreNotTensorsAreRefused) {
  std::string path = TempPath("odd.h5");
  WriteOddTypes(path);
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok()) << f.status();
  absl::StatusOr<Tensor> compound = f->ReadDataset("compound");
  EXPECT_EQ(compound.status().message(), path + ": /compound: dataset of type compound is not a tensor type");
  EXPECT_THAT(f->ReadDataset("strings").status().message(),
              HasSubstr("/strings: dataset of type variable-length string is not a tensor type"));
  EXPECT_THAT(f->ReadDataset("colors").status().message(), HasSubstr("/colors: dataset of type enum is not a tensor"));
  EXPECT_THAT(f->ReadDataset("bad_bool").status().message(),
              HasSubstr("/bad_bool: element 1 of the boolean dataset is 5, not 0 or 1"));
  EXPECT_THAT(f->ReadDataset("null").status().message(), HasSubstr("/null: has an empty (null) dataspace"));
  absl::StatusOr<Tensor> bf16 = f->ReadDataset("bf16_float");
  ASSERT_TRUE(bf16.ok()) << bf16.status();
  EXPECT_EQ(bf16->dtype(), DataType::kBFloat16);
  EXPECT_EQ(BytesOf(*bf16), (std::vector<uint8_t>{0x80, 0x3f, 0x40, 0xc0}));
  EXPECT_THAT(f->StringAttribute("/", "number").status().message(),
              HasSubstr("attribute 'number': expected a string, found a 1 float64"));
  EXPECT_THAT(f->StringListAttribute("/", "numbers").status().message(),
              HasSubstr("attribute 'numbers': expected a list of strings, found a rank-1 array of float64"));
}

TEST(H5File, NotHdf5Files) {
  std::string text = TempPath("not_hdf5.txt");
  WriteBytes(text, "this is a text file, long enough to hold a signature or two.\n");
  absl::StatusOr<H5File> f = H5File::Open(text);
  EXPECT_EQ(f.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(f.status().message(),
            text + ": is not an HDF5 file (a Keras .h5 starts with the HDF5 signature)");
  std::string empty = TempPath("empty.h5");
  WriteBytes(empty, "");
  EXPECT_THAT(H5File::Open(empty).status().message(), HasSubstr("is empty"));
  EXPECT_EQ(H5File::Open(TempPath("does_not_exist.h5")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(H5File::Open(TempPath("")).status().code(), absl::StatusCode::kInvalidArgument);  // a directory
  // Random bytes, in a file and in memory.
  std::string garbage(4096, '\0');
  uint32_t x = 12345;
  for (char& c : garbage) c = static_cast<char>((x = x * 1103515245 + 12345) >> 24);
  WriteBytes(TempPath("garbage.h5"), garbage);
  EXPECT_THAT(H5File::Open(TempPath("garbage.h5")).status().message(), HasSubstr("is not an HDF5 file"));
  EXPECT_THAT(H5File::OpenImage(garbage, "blob").status().message(), HasSubstr("blob: is not an HDF5 file"));
  // The signature followed by garbage.
  std::string fake = std::string("\211HDF\r\n\032\n", 8) + garbage;
  absl::StatusOr<H5File> bad = H5File::OpenImage(fake, "fake.h5");
  EXPECT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("fake.h5: is a damaged or truncated HDF5 file"));
}

std::string SmallModelFile(const std::string& name) {
  std::string path = TempPath(name);
  std::vector<float> kernel(3 * 3 * 3 * 16);
  for (size_t i = 0; i < kernel.size(); ++i) kernel[i] = static_cast<float>(i) * 0.01f;
  absl::Status s = WriteKerasH5(path, R"({"class_name": "Functional", "config": {}})",
                                {{"input_1", {}},
                                 {"conv2d",
                                  {{"kernel", Tensor::FromVector<float>({3, 3, 3, 16}, kernel)},
                                   {"bias", Tensor::Zeros(DataType::kFloat, {16})}}}});
  EXPECT_TRUE(s.ok()) << s;
  return path;
}

TEST(H5File, TruncatedFilesFailCleanly) {
  std::string bytes = ReadBytes(SmallModelFile("whole.h5"));
  ASSERT_GT(bytes.size(), 2000u);
  for (size_t keep : {size_t{8}, size_t{40}, size_t{100}, size_t{500}, bytes.size() / 2, bytes.size() - 1}) {
    std::string path = TempPath("truncated.h5");
    WriteBytes(path, bytes.substr(0, keep));
    absl::StatusOr<H5File> f = H5File::Open(path);
    ASSERT_FALSE(f.ok()) << "kept " << keep << " of " << bytes.size();
    EXPECT_THAT(f.status().message(), HasSubstr(path + ": is a damaged or truncated HDF5 file")) << keep;
  }
}

TEST(H5File, OpenImageReadsBytesInMemoryAndTensorsOutliveTheFile) {
  std::string bytes = ReadBytes(SmallModelFile("image.h5"));
  Tensor kernel;
  {
    absl::StatusOr<H5File> f = H5File::OpenImage(bytes, "model.keras:model.weights.h5");
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_EQ(f->name(), "model.keras:model.weights.h5");
    EXPECT_EQ(*f->StringAttribute("/", "keras_version"), "2.4.0");
    absl::StatusOr<Tensor> t = f->ReadDataset("/model_weights/conv2d/conv2d/kernel:0");
    ASSERT_TRUE(t.ok()) << t.status();
    kernel = *t;
    EXPECT_THAT(f->ReadDataset("/nope").status().message(), HasSubstr("model.keras:model.weights.h5: /nope"));
  }
  bytes.assign(bytes.size(), 'x');  // the reader must not have kept pointers into the caller's string
  ASSERT_EQ(kernel.NumElements(), 432);
  EXPECT_FLOAT_EQ(kernel.data<float>()[0], 0.0f);
  EXPECT_FLOAT_EQ(kernel.data<float>()[431], 4.31f);
}

TEST(H5File, ContiguousDataIsSharedNotCopied) {
  std::string path = SmallModelFile("shared.h5");
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok());
  absl::StatusOr<Tensor> a = f->ReadDataset("/model_weights/conv2d/conv2d/kernel:0");
  absl::StatusOr<Tensor> b = f->ReadDataset("/model_weights/conv2d/conv2d/kernel:0");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->bytes().data(), b->bytes().data());
}

TEST(H5File, UserBlockBeforeTheSuperblock) {
  std::string path = TempPath("user_block.h5");
  {
    H5WriterOptions options;
    options.user_block_size = 1024;
    absl::StatusOr<H5Writer> w = H5Writer::Create(path, options);
    ASSERT_TRUE(w.ok()) << w.status();
    ASSERT_TRUE(w->WriteDataset("d", Tensor::FromVector<int32_t>({4}, {10, 20, 30, 40})).ok());
    ASSERT_TRUE(w->SetStringAttribute("/", "a", "b").ok());
    ASSERT_TRUE(w->Close().ok());
  }
  std::string bytes = ReadBytes(path);
  ASSERT_EQ(bytes.substr(1024, 4), "\211HDF");
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok()) << f.status();
  absl::StatusOr<Tensor> d = f->ReadDataset("d");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(std::vector<int32_t>(d->data<int32_t>().begin(), d->data<int32_t>().end()),
            (std::vector<int32_t>{10, 20, 30, 40}));
  EXPECT_EQ(*f->StringAttribute("/", "a"), "b");
}

TEST(H5File, NoErrorPrintingOnAnyThread) {
  std::string path = TempPath("quiet_garbage.h5");
  WriteBytes(path, std::string("\211HDF\r\n\032\n", 8) + std::string(3000, '\x7f'));
  std::string log = TempPath("stderr.txt");
  fflush(stderr);
  int saved = dup(2);
  int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(out, 0);
  std::string good_path = SmallModelFile("quiet_good.h5");
  dup2(out, 2);
  auto attempt = [&]() {
    EXPECT_FALSE(H5File::Open(path).ok());
    absl::StatusOr<H5File> good = H5File::Open(good_path);
    if (good.ok()) {
      EXPECT_FALSE(good->ReadDataset("/a/b/c").ok());
      EXPECT_FALSE(good->StringAttribute("/model_weights", "nope").ok());
      EXPECT_FALSE(good->Exists("/model_weights/conv2d/conv2d/kernel:0/x"));
    }
  };
  std::thread t1(attempt), t2(attempt);
  t1.join();
  t2.join();
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(out);
  EXPECT_EQ(ReadBytes(log), "");
}

TEST(H5File, ConcurrentReadsOfOneFile) {
  absl::StatusOr<H5File> f = H5File::Open(SmallModelFile("concurrent.h5"));
  ASSERT_TRUE(f.ok());
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i]() {
      for (int k = 0; k < 50; ++k) {
        absl::StatusOr<Tensor> t = f->ReadDataset("/model_weights/conv2d/conv2d/kernel:0");
        absl::StatusOr<std::vector<std::string>> names = f->StringListAttribute("/model_weights", "layer_names");
        if (t.ok() && t->NumElements() == 432 && names.ok() && names->size() == 2) ++ok[i];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok, (std::vector<int>{50, 50, 50, 50}));
}

// A variable-length string lives in a global heap object: a 16-byte header (index, references,
// reserved, size) and the bytes. libhdf5 1.10 copies `size` bytes into a buffer sized by the string's
// own descriptor, so a damaged size must be refused before libhdf5 reads it.
TEST(H5File, DamagedStringHeapsAreRefusedBeforeLibhdf5ReadsThem) {
  std::string path = TempPath("heap.h5");
  {
    absl::StatusOr<H5Writer> w = H5Writer::Create(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->SetStringAttribute("/", "model_config", "ABCDEFGHIJ").ok());
    ASSERT_TRUE(w->Close().ok());
  }
  const std::string bytes = ReadBytes(path);
  size_t at = bytes.find("ABCDEFGHIJ");
  ASSERT_NE(at, std::string::npos);
  ASSERT_GE(at, 8u);
  uint64_t size = 0;
  std::memcpy(&size, &bytes[at - 8], 8);
  ASSERT_EQ(size, 10u);  // the heap object's size field, just before the bytes
  for (uint64_t damaged : {uint64_t{4000}, uint64_t{0x7fffffff}}) {
    std::string patched = bytes;
    std::memcpy(&patched[at - 8], &damaged, 8);
    absl::StatusOr<H5File> f = H5File::OpenImage(patched, "heap.h5");
    ASSERT_TRUE(f.ok()) << f.status();
    absl::StatusOr<std::string> config = f->StringAttribute("/", "model_config");
    EXPECT_EQ(config.status().code(), absl::StatusCode::kDataLoss) << damaged;
    EXPECT_THAT(config.status().message(), HasSubstr("heap.h5: /: attribute 'model_config': damaged HDF5 metadata"))
        << damaged;
  }
  absl::StatusOr<H5File> intact = H5File::OpenImage(bytes, "heap.h5");
  ASSERT_TRUE(intact.ok());
  EXPECT_EQ(*intact->StringAttribute("/", "model_config"), "ABCDEFGHIJ");
}

// The MLPerf Tiny image-classification model (ResNet-8 on CIFAR-10), saved by tf.keras 2.4.
TEST(H5File, ReadsTheRealMlperfTinyResnet) {
  TFCONV_SHARED_DIR_OR_SKIP(shared);
  std::string path = shared + "/testdata/real/mlperf_tiny/image_classification/pretrainedResnet.h5";
  absl::StatusOr<H5File> f = H5File::Open(path);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(*f->StringAttribute("/", "keras_version"), "2.4.0");
  EXPECT_EQ(*f->StringAttribute("/", "backend"), "tensorflow");
  absl::StatusOr<std::string> config = f->StringAttribute("/", "model_config");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(absl::StartsWith(*config, R"({"class_name": "Functional")")) << config->substr(0, 40);
  absl::StatusOr<std::vector<std::string>> layers = f->ChunkedStringListAttribute("/model_weights", "layer_names");
  ASSERT_TRUE(layers.ok()) << layers.status();
  ASSERT_FALSE(layers->empty());
  EXPECT_EQ(layers->front(), "input_1");
  EXPECT_EQ((*layers)[1], "conv2d");
  EXPECT_EQ(*f->StringListAttribute("/model_weights/conv2d", "weight_names"),
            (std::vector<std::string>{"conv2d/kernel:0", "conv2d/bias:0"}));
  // Layers without weights have an empty weight_names (h5py: an empty float64 array).
  EXPECT_EQ(*f->StringListAttribute("/model_weights/activation", "weight_names"), std::vector<std::string>{});
  absl::StatusOr<Tensor> kernel = f->ReadDataset("/model_weights/conv2d/conv2d/kernel:0");
  ASSERT_TRUE(kernel.ok()) << kernel.status();
  EXPECT_EQ(kernel->dtype(), DataType::kFloat);
  EXPECT_EQ(kernel->shape(), (std::vector<int64_t>{3, 3, 3, 16}));
  absl::StatusOr<Tensor> bias = f->ReadDataset("/model_weights/conv2d/conv2d/bias:0");
  ASSERT_TRUE(bias.ok());
  EXPECT_EQ(bias->shape(), std::vector<int64_t>{16});
  // Every layer in layer_names has a group, and every weight name a float32 dataset.
  for (const std::string& layer : *layers) {
    std::string group = "/model_weights/" + layer;
    ASSERT_TRUE(f->IsGroup(group)) << layer;
    absl::StatusOr<std::vector<std::string>> names = f->StringListAttribute(group, "weight_names");
    ASSERT_TRUE(names.ok()) << names.status();
    for (const std::string& w : *names) {
      absl::StatusOr<Tensor> t = f->ReadDataset(group + "/" + w);
      ASSERT_TRUE(t.ok()) << t.status();
      EXPECT_EQ(t->dtype(), DataType::kFloat) << w;
    }
  }
}

}  // namespace
}  // namespace tfconv

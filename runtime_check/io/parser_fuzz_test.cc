// Corrupted inputs for the JSON and .npy parsers: byte flips, truncations, insertions and splices
// of valid files. Every outcome must be a value or an error with a message, never a crash, a hang
// or a huge allocation (the sanitizer builds catch out-of-bounds reads here).
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime_check/io/tensor_io.h"

namespace tfconv {
namespace {

using T = tflite::TensorType;

std::string Mutate(const std::string& in, std::mt19937& rng) {
  std::string s = in;
  const int edits = 1 + rng() % 4;
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const size_t at = rng() % s.size();
    switch (rng() % 6) {
      case 0: s[at] = static_cast<char>(rng()); break;                          // random byte
      case 1: s[at] ^= static_cast<char>(1 << (rng() % 8)); break;              // bit flip
      case 2: s.resize(at); break;                                              // truncation
      case 3: s.insert(at, 1, "[]{},:\"-0e9.NaIfty \x93"[rng() % 20]); break;   // a token character
      case 4: s.erase(at, 1 + rng() % 8); break;                                // deletion
      default: s.insert(at, s.substr(rng() % s.size(), rng() % 16)); break;    // self splice
    }
  }
  return s;
}

// Uses whatever parsed, the way tflite_run does.
void Exercise(const std::vector<TensorSource>& sources) {
  for (const TensorSource& s : sources) {
    for (T type : {T::FLOAT32, T::UINT8, T::INT64, T::BOOL, T::STRING}) {
      absl::StatusOr<RtTensor> t = TensorFromSource(s, type, {2, 3});
      if (!t.ok()) {
        EXPECT_FALSE(t.status().message().empty());
        continue;
      }
      if (t->type() != T::STRING) {
        EXPECT_EQ(t->byte_size(), static_cast<size_t>(t->num_elements()) * TfliteTypeSize(t->type()));
      }
      std::vector<RtTensor> one = {*t};
      (void)TensorsToJson(one);
    }
  }
}

TEST(ParserFuzz, Json) {
  const std::vector<std::string> seeds = {
      R"([{"name": "x", "shape": [2, 3], "dtype": "float32", "data": [[0.5, "NaN", 1e3], [-1, 2, "-Infinity"]]}])",
      R"({"a": {"shape": [2, 3], "dtype": "uint8", "data": [1, 2, 3, 4, 5, 255]}, "b": {"shape": [1]}})",
      R"([{"name": "s", "dtype": "string", "shape": [6], "data": ["a", "", "ccc", "d", "e", "f"]},
          {"name": "n", "dtype": "int64", "data": [9007199254740993, -3, 0, 1, 2, 3]}])",
      R"([{"name": "b", "dtype": "bool", "shape": [2, 3], "data": [true, false, 1, 0, null, true]}])",
  };
  std::mt19937 rng(20240611);
  int errors = 0, parsed = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    const std::string text = Mutate(seeds[iter % seeds.size()], rng);
    absl::StatusOr<std::vector<TensorSource>> sources = ParseTensorsJson(text, "fuzz.json");
    if (!sources.ok()) {
      ++errors;
      ASSERT_NE(sources.status().message().find("fuzz.json"), std::string::npos) << sources.status();
      continue;
    }
    ++parsed;
    Exercise(*sources);
  }
  EXPECT_GT(errors, 1000);  // the mutations do break the syntax...
  EXPECT_GT(parsed, 100);   // ...and some still parse, reaching the conversions
}

TEST(ParserFuzz, DeepNestingIsRefused) {
  std::string deep(100000, '[');
  absl::StatusOr<std::vector<TensorSource>> s = ParseTensorsJson(deep, "deep.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("nesting deeper than"), std::string::npos) << s.status();
  const std::string nested_data = R"([{"data": )" + std::string(60, '[') + "1" + std::string(60, ']') + "}]";
  EXPECT_TRUE(ParseTensorsJson(nested_data, "ok.json").ok());
}

TEST(ParserFuzz, Npy) {
  std::vector<std::string> seeds;
  for (T type : {T::FLOAT32, T::UINT8, T::INT64, T::BOOL, T::FLOAT16}) {
    absl::StatusOr<RtTensor> t = DefaultPatternTensor(type, {2, 3});
    seeds.push_back(*SerializeNpy(*t));
  }
  std::mt19937 rng(7);
  int errors = 0, parsed = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    const std::string bytes = Mutate(seeds[iter % seeds.size()], rng);
    absl::StatusOr<RtTensor> t = ParseNpy(bytes, "fuzz.npy");
    if (!t.ok()) {
      ++errors;
      ASSERT_NE(t.status().message().find("fuzz.npy"), std::string::npos) << t.status();
      continue;
    }
    ++parsed;
    ASSERT_EQ(t->byte_size(), static_cast<size_t>(t->num_elements()) * TfliteTypeSize(t->type()));
    TensorSource s;
    s.origin = "fuzz.npy";
    s.type = t->type();
    s.tensor = *t;
    Exercise({s});
  }
  EXPECT_GT(errors, 1000);
  EXPECT_GT(parsed, 100);
}

TEST(ParserFuzz, HostileNpyHeaders) {
  auto npy = [](const std::string& header, const std::string& data) {
    std::string out = std::string("\x93NUMPY\x01\x00", 8);
    out.push_back(static_cast<char>(header.size() & 0xff));
    out.push_back(static_cast<char>(header.size() >> 8));
    return out + header + data;
  };
  for (const std::string& header : {
           std::string("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }"),
           std::string("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"),
           std::string("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"),
           std::string("{'descr': '<f99999999999', 'fortran_order': False, 'shape': (1,), }"),
           std::string("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"),
           std::string("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}"),
           std::string("{'descr': '<f4', 'fortran_order': False}"),
           std::string("{'descr': '<f4"),
           std::string(""),
       }) {
    absl::StatusOr<RtTensor> t = ParseNpy(npy(header, "abcd"), "h.npy");
    EXPECT_FALSE(t.ok()) << header;
    EXPECT_NE(t.status().message().find("h.npy: "), std::string::npos) << t.status();
  }
  std::string claims_more = std::string("\x93NUMPY\x01\x00\xff\xff", 10) + "{}";
  EXPECT_NE(ParseNpy(claims_more, "c.npy").status().message().find("the header claims 65535 bytes"), std::string::npos);
}

}  // namespace
}  // namespace tfconv

// Damaged HDF5 files never crash H5File: a few hundred deterministic mutations of a small Keras .h5
// (byte changes, spans overwritten, truncations) are opened and read in full. Errors are expected;
// every call must return.
#include <random>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdlib>

#include "converter/frontend/keras/storage/h5_file.h"
#include "converter/frontend/keras/storage/h5_writer.h"
#include "converter/frontend/keras/storage/internal/test_files.h"
#include "gtest/gtest.h"

namespace tfconv {
namespace {

using storage_testing::ReadBytes;
using storage_testing::TempPath;

std::string SmallKerasFile() {
  std::string path = TempPath("fuzz_seed.h5");
  std::vector<float> kernel(2 * 3 * 4);
  for (size_t i = 0; i < kernel.size(); ++i) kernel[i] = static_cast<float>(i);
  absl::Status s = WriteKerasH5(
      path, R"({"class_name": "Functional", "config": {"layers": []}})",
      {{"input_1", {}},
       {"conv2d", {{"kernel", Tensor::FromVector<float>({2, 3, 4}, kernel)}, {"bias", Tensor::Zeros(DataType::kFloat, {4})}}},
       {"batch_normalization",
        {{"gamma", Tensor::FromVector<double>({2}, {1, 2})},
         {"moving_mean", Tensor::FromVector<int64_t>({2}, {3, 4})},
         {"flag", Tensor::FromVector<bool>({2}, {true, false})}}}});
  EXPECT_TRUE(s.ok()) << s;
  return ReadBytes(path);
}

// Reads everything reachable, as the Keras front end would, and counts what came back.
int ReadEverything(const H5File& f, const std::string& path, int depth) {
  int reads = 0;
  for (const char* attr : {"model_config", "keras_version", "backend", "layer_names", "weight_names"}) {
    if (getenv("FUZZ_ONLY")) fprintf(stderr, "attr %s %s\n", path.c_str(), attr);
    reads += f.StringAttribute(path, attr).ok();
    reads += f.StringListAttribute(path, attr).ok();
    reads += f.ChunkedStringListAttribute(path, attr).ok();
  }
  if (depth > 6) return reads;
  absl::StatusOr<std::vector<std::string>> children = f.Children(path);
  if (!children.ok()) return reads;
  for (const std::string& child : *children) {
    std::string child_path = (path == "/" ? "" : path) + "/" + child;
    if (f.IsGroup(child_path)) {
      reads += ReadEverything(f, child_path, depth + 1);
    } else {
      absl::StatusOr<Tensor> t = f.ReadDataset(child_path);
      if (t.ok()) {
        EXPECT_TRUE(t->IsValid()) << child_path;
        ++reads;
      }
    }
  }
  return reads;
}

TEST(H5FileFuzz, MutatedFilesNeverCrash) {
  const std::string seed = SmallKerasFile();
  ASSERT_GT(seed.size(), 1000u);
  {
    absl::StatusOr<H5File> f = H5File::OpenImage(seed, "seed.h5");
    ASSERT_TRUE(f.ok()) << f.status();
    EXPECT_GE(ReadEverything(*f, "/", 0), 10);
  }
  int opened = 0, failed = 0;
  for (uint32_t variant = 0; variant < (getenv("FUZZ_N") ? atoi(getenv("FUZZ_N")) : 400); ++variant) {
    if (getenv("FUZZ_ONLY") && variant != (uint32_t)atoi(getenv("FUZZ_ONLY"))) continue;
    std::mt19937 rng(variant);
    if (getenv("FUZZ_ONLY")) { fprintf(stderr, "variant %u\n", variant); }
    std::string bytes = seed;
    switch (variant % 4) {
      case 0:  // a few random bytes anywhere
        for (int k = 1 + rng() % 8; k > 0; --k) bytes[rng() % bytes.size()] = static_cast<char>(rng());
        break;
      case 1:  // a few bytes in the superblock and the first object headers
        for (int k = 1 + rng() % 4; k > 0; --k) bytes[8 + rng() % std::min<size_t>(1000, bytes.size() - 8)] ^= static_cast<char>(1 << (rng() % 8));
        break;
      case 2: {  // a span overwritten with 0xff (undefined addresses) or zeros
        size_t at = rng() % bytes.size(), n = 1 + rng() % 16;
        for (size_t i = at; i < std::min(bytes.size(), at + n); ++i) bytes[i] = (variant & 4) ? '\xff' : '\0';
        break;
      }
      case 3:  // truncated, and a byte changed
        bytes.resize(8 + rng() % (bytes.size() - 8));
        bytes[rng() % bytes.size()] = static_cast<char>(rng());
        break;
    }
    if (getenv("FUZZ_FORK")) {
      pid_t pid = fork();
      if (pid == 0) {
        alarm(5);
        absl::StatusOr<H5File> f = H5File::OpenImage(bytes, "variant.h5");
        if (f.ok()) ReadEverything(*f, "/", 0);
        _exit(0);
      }
      int status = 0;
      waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) fprintf(stderr, "CRASH variant %u status %d\n", variant, status);
      if (getenv("FUZZ_SAVE") && (!WIFEXITED(status) || WEXITSTATUS(status) != 0)) {
        FILE* out = fopen((std::string("/tmp/fz/crash_") + std::to_string(variant) + ".h5").c_str(), "wb");
        fwrite(bytes.data(), 1, bytes.size(), out);
        fclose(out);
      }
      continue;
    }
    if (getenv("FUZZ_ONLY")) { FILE* o = fopen("/tmp/fz/only.h5", "wb"); fwrite(bytes.data(), 1, bytes.size(), o); fclose(o); }
    absl::StatusOr<H5File> f = H5File::OpenImage(bytes, "variant.h5");
    if (!f.ok()) {
      ++failed;
      EXPECT_FALSE(f.status().message().empty());
      continue;
    }
    ++opened;
    ReadEverything(*f, "/", 0);
  }
  // Both outcomes happen: the mutations are neither all harmless nor all fatal.
  EXPECT_GT(opened, 50);
  EXPECT_GT(failed, 50);
}

}  // namespace
}  // namespace tfconv

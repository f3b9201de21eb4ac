// File helpers for the checkpoint tests: a fresh directory under TEST_TMPDIR, whole-file reads
// and writes, and copying a real checkpoint so it can be damaged.
//
//   std::string dir = FreshTestDir("crc");                       // $TEST_TMPDIR/crc, emptied
//   std::string prefix = CopyCheckpoint(real_prefix, dir);       // dir/variables (+ .index,
//   shards) std::string bytes = ReadFileOrDie(prefix + ".index");
#ifndef TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_TEST_FILES_H_
#define TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_TEST_FILES_H_

#include <string>

namespace tfconv {

// $TEST_TMPDIR/name (or /tmp/name), created empty. Test-only: aborts the test binary on failure.
std::string FreshTestDir(const std::string& name);
std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& bytes);
// Copies PREFIX.index and every PREFIX.data-* file to DIR/variables.*; returns DIR/variables.
std::string CopyCheckpoint(const std::string& prefix, const std::string& dir);

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_CHECKPOINT_INTERNAL_TEST_FILES_H_

// tflite_metadata: writes, shows and unpacks the metadata of a .tflite model (the TFLITE_METADATA
// flatbuffer and the associated files zipped after the model).
//
//   tflite_metadata --model=in.tflite --metadata=desc.json [--associated_files=a.txt,b.txt] --output=out.tflite
//   tflite_metadata --model=m.tflite --display            # the metadata as JSON (official displayer layout)
//   tflite_metadata --model=m.tflite --list_files         # the packed files, one per line
//   tflite_metadata --model=m.tflite --extract_files=DIR  # the packed files written into DIR
//
// The description format is documented in metadata/writer/metadata_description.h. Errors exit
// non-zero and leave no output file (the model is written to a temporary file and renamed).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "metadata/archive/associated_files.h"
#include "metadata/display/metadata_display.h"
#include "metadata/writer/file_io.h"
#include "metadata/writer/metadata_writer.h"

ABSL_FLAG(std::string, model, "", "The .tflite model to read.");
ABSL_FLAG(std::string, metadata, "", "A JSON description of the metadata to write (see metadata/README.md).");
ABSL_FLAG(std::string, associated_files, "",
          "Comma-separated files to pack, matched by base name to the files the description names without a path.");
ABSL_FLAG(std::string, output, "", "Where to write the model with its metadata (with --metadata).");
ABSL_FLAG(bool, display, false, "Print the model's metadata as JSON.");
ABSL_FLAG(bool, list_files, false, "Print the names of the files packed in the model, one per line.");
ABSL_FLAG(std::string, extract_files, "", "Write the files packed in the model into this directory.");

namespace {

int Fail(const std::string& message, int code = 1) {
  std::cerr << "tflite_metadata: error: " << message << "\n";
  return code;
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> items;
  for (absl::string_view s : absl::StrSplit(value, ',', absl::SkipWhitespace())) items.emplace_back(s);
  return items;
}

int Extract(const std::string& model, const std::string& dir) {
  absl::StatusOr<std::string> bytes = tfconv::ReadFileBytes(model, "model");
  if (!bytes.ok()) return Fail(std::string(bytes.status().message()));
  absl::StatusOr<std::vector<tfconv::AssociatedFileData>> files =
      tfconv::ExtractAssociatedFiles(tfconv::AsBytes(*bytes), model);
  if (!files.ok()) return Fail(std::string(files.status().message()));
  if (files->empty()) return Fail(absl::StrCat(model, " packs no associated files"));
  // Entry names come from the file: never let one climb out of DIR.
  for (const tfconv::AssociatedFileData& f : *files) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "." || f.name == "..") {
      return Fail(absl::StrCat(model, ": the packed file name '", f.name,
                               "' is not a plain file name; refusing to extract"));
    }
  }
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return Fail(absl::StrCat("cannot create the directory '", dir, "': ", std::strerror(errno)));
  }
  for (const tfconv::AssociatedFileData& f : *files) {
    const std::string path = tfconv::JoinPath(dir, f.name);
    if (absl::Status s = tfconv::WriteFileAtomically(path, f.data); !s.ok()) return Fail(std::string(s.message()));
    std::cout << path << " (" << f.data.size() << " bytes)\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Under `bazel run` relative paths are meant from where the user typed the command.
  if (const char* dir = std::getenv("BUILD_WORKING_DIRECTORY"); dir != nullptr && *dir != '\0') {
    if (chdir(dir) != 0) return Fail(absl::StrCat("cannot enter ", dir));
  }
  absl::SetProgramUsageMessage(
      "Writes, shows and unpacks TFLite model metadata.\n"
      "  tflite_metadata --model=in.tflite --metadata=desc.json [--associated_files=a,b] --output=out.tflite\n"
      "  tflite_metadata --model=m.tflite --display | --list_files | --extract_files=DIR");
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() > 1) {
    return Fail(absl::StrCat("unexpected argument '", positional[1], "'; all options are --flags"), 2);
  }
  const std::string model = absl::GetFlag(FLAGS_model);
  const std::string metadata = absl::GetFlag(FLAGS_metadata);
  const std::string output = absl::GetFlag(FLAGS_output);
  const std::string extract = absl::GetFlag(FLAGS_extract_files);
  const bool display = absl::GetFlag(FLAGS_display);
  const bool list = absl::GetFlag(FLAGS_list_files);
  const bool reading = display || list || !extract.empty();
  if (model.empty()) return Fail("give the model with --model=MODEL.tflite", 2);
  if (metadata.empty() && !reading) {
    return Fail("nothing to do: give --metadata=DESC.json --output=OUT.tflite, or --display, --list_files or "
                "--extract_files=DIR", 2);
  }
  if (!metadata.empty() && reading) {
    return Fail("--metadata writes a model; --display, --list_files and --extract_files read one: use them in "
                "separate runs (read the written model with --model=OUT.tflite)", 2);
  }
  if (!metadata.empty()) {
    if (output.empty()) return Fail("give where to write the model with --output=OUT.tflite", 2);
    absl::Status s =
        tfconv::PopulateModelFile(model, metadata, SplitList(absl::GetFlag(FLAGS_associated_files)), output);
    if (!s.ok()) return Fail(std::string(s.message()));
    std::cerr << "tflite_metadata: wrote " << output << "\n";
    return 0;
  }
  if (!absl::GetFlag(FLAGS_associated_files).empty() || !output.empty()) {
    return Fail("--associated_files and --output only go with --metadata", 2);
  }
  if (display || list) {
    absl::StatusOr<tfconv::MetadataDisplay> shown = tfconv::DisplayMetadataFile(model);
    if (!shown.ok()) return Fail(std::string(shown.status().message()));
    if (display) {
      if (!shown->has_metadata) return Fail(absl::StrCat(model, " has no TFLITE_METADATA entry"));
      std::cout << shown->json;
      if (!shown->json.empty() && shown->json.back() != '\n') std::cout << "\n";
    }
    if (list) {
      for (const std::string& name : shown->packed_files) std::cout << name << "\n";
    }
    for (const std::string& name : shown->missing_files) {
      std::cerr << "tflite_metadata: warning: the metadata names '" << name << "' but the model does not pack it\n";
    }
  }
  if (!extract.empty()) return Extract(model, extract);
  return 0;
}

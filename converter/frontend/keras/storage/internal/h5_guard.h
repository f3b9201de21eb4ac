// Guards in front of libhdf5 1.10 decoders that trust sizes stored in the file. Fuzzing H5File showed
// libhdf5 copying past its buffers, allocating gigabytes or looping forever on damaged files in two
// places: reading variable-length strings (H5HG_read trusts the global heap's object sizes and the
// string descriptors) and opening a dataset (its fill value, datatype and layout messages). Before
// H5File lets libhdf5 do either, these functions parse the structures on that path themselves, from
// the file's bytes, following the HDF5 file format specification, and refuse what does not fit.
//
// Parsed: object headers (versions 1 and 2, with continuation chunks), attribute messages (versions
// 1-3), global heap collections, a dataset's dataspace, datatype, fill value, layout, filter pipeline
// and external file list messages, and a group's symbol table message and local heap header.
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_GUARD_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_GUARD_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace tfconv {
namespace h5_internal {

// The bytes of a whole HDF5 file and the facts needed to decode its addresses.
struct FileBytes {
  const uint8_t* data = nullptr;
  size_t size = 0;
  uint64_t base = 0;        // where the superblock starts (addresses are relative to it)
  int offset_size = 8;      // bytes of a file address
  int length_size = 8;      // bytes of a length
};

// OK when libhdf5 can safely read the `element_count` variable-length elements (each of
// `base_type_size`-byte items: 1 for strings) of attribute `name` of the object whose header starts at
// relative address `header_address`. Otherwise an error saying what is damaged (no file name in it).
absl::Status CheckVariableLengthAttribute(const FileBytes& file, uint64_t header_address, const std::string& name,
                                          uint64_t element_count, uint64_t base_type_size);

// OK when libhdf5 can safely open the dataset whose header starts at relative address
// `header_address`. A datatype that is not a number, an enum over an integer or opaque bytes gives
// InvalidArgument naming its class ("compound"), without libhdf5 ever decoding it.
absl::Status CheckDatasetHeader(const FileBytes& file, uint64_t header_address);

// OK when libhdf5 can safely look up and list the members of the group whose header starts at
// relative address `header_address`: the local heap of an old-style (symbol table) group lies within
// the file. Groups that keep their links in the header itself need no check.
absl::Status CheckGroupHeader(const FileBytes& file, uint64_t header_address);

}  // namespace h5_internal
}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_GUARD_H_

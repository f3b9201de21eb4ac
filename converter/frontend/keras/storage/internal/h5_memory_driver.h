// A read-only libhdf5 file driver over bytes already in memory (a memory-mapped file or the
// model.weights.h5 of a .keras archive), used instead of libhdf5's "core" driver for two reasons:
// libhdf5 reads the bytes in place (no copy), and the driver tells libhdf5 not to accumulate metadata
// reads. libhdf5 1.10's metadata accumulator copies out of bounds when a damaged file holds an address
// near 2^64 (address + size wraps around); without it every read reaches this driver, which checks
// its bounds.
#ifndef TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_MEMORY_DRIVER_H_
#define TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_MEMORY_DRIVER_H_

#include <hdf5.h>

#include <cstddef>
#include <cstdint>

namespace tfconv {
namespace h5_internal {

// A file access property list (the caller closes it) that opens `data` read-only with the driver;
// the bytes must outlive the file opened with it. -1 when libhdf5 refuses the driver.
hid_t MemoryFileAccessList(const uint8_t* data, size_t size);

}  // namespace h5_internal
}  // namespace tfconv

#endif  // TFCONV_CONVERTER_FRONTEND_KERAS_STORAGE_INTERNAL_H5_MEMORY_DRIVER_H_

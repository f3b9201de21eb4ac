#include "converter/frontend/keras/storage/internal/h5_memory_driver.h"

#include <cstring>
#include <new>

namespace tfconv {
namespace h5_internal {
namespace {

// The driver's property: which bytes to open.
struct MemoryInfo {
  const uint8_t* data;
  size_t size;
};

// An open file; libhdf5 fills in `base` (H5FD_t must come first).
struct MemoryFile {
  H5FD_t base;
  const uint8_t* data;
  size_t size;
  haddr_t eoa;
};

// Addresses beyond this are refused, as libhdf5's own drivers do.
constexpr haddr_t kMaxAddress = (haddr_t{1} << (8 * sizeof(size_t) - 1)) - 1;

void* CopyInfo(const void* info) {
  auto* copy = new (std::nothrow) MemoryInfo;
  if (copy != nullptr) *copy = *static_cast<const MemoryInfo*>(info);
  return copy;
}

herr_t FreeInfo(void* info) {
  delete static_cast<MemoryInfo*>(info);
  return 0;
}

H5FD_t* Open(const char* /*name*/, unsigned flags, hid_t fapl, haddr_t /*maxaddr*/) {
  if (flags & (H5F_ACC_RDWR | H5F_ACC_TRUNC | H5F_ACC_CREAT)) return nullptr;  // read-only
  const auto* info = static_cast<const MemoryInfo*>(H5Pget_driver_info(fapl));
  if (info == nullptr) return nullptr;
  auto* file = new (std::nothrow) MemoryFile;
  if (file == nullptr) return nullptr;
  std::memset(&file->base, 0, sizeof(file->base));
  file->data = info->data;
  file->size = info->size;
  file->eoa = 0;
  return &file->base;
}

herr_t Close(H5FD_t* file) {
  delete reinterpret_cast<MemoryFile*>(file);
  return 0;
}

// Two opens are the same file only when they read the same bytes.
int Compare(const H5FD_t* a, const H5FD_t* b) {
  const auto* x = reinterpret_cast<const MemoryFile*>(a);
  const auto* y = reinterpret_cast<const MemoryFile*>(b);
  if (x->data != y->data) return x->data < y->data ? -1 : 1;
  if (x->size != y->size) return x->size < y->size ? -1 : 1;
  return 0;
}

// No metadata accumulation, no aggregation, no data sieving: every read comes to Read().
herr_t Query(const H5FD_t* /*file*/, unsigned long* flags) {
  *flags = 0;
  return 0;
}

haddr_t GetEoa(const H5FD_t* file, H5FD_mem_t /*type*/) { return reinterpret_cast<const MemoryFile*>(file)->eoa; }

herr_t SetEoa(H5FD_t* file, H5FD_mem_t /*type*/, haddr_t address) {
  if (address > kMaxAddress) return -1;
  reinterpret_cast<MemoryFile*>(file)->eoa = address;
  return 0;
}

haddr_t GetEof(const H5FD_t* file, H5FD_mem_t /*type*/) { return reinterpret_cast<const MemoryFile*>(file)->size; }

// Bytes past the end read as zeros, as with libhdf5's own drivers (its speculative reads go past it).
herr_t Read(H5FD_t* file, H5FD_mem_t /*type*/, hid_t /*dxpl*/, haddr_t address, size_t size, void* buffer) {
  const auto* f = reinterpret_cast<const MemoryFile*>(file);
  if (address > kMaxAddress || size > kMaxAddress - address) return -1;
  size_t copied = 0;
  if (address < f->size) {
    copied = size < f->size - address ? size : f->size - address;
    std::memcpy(buffer, f->data + address, copied);
  }
  if (copied < size) std::memset(static_cast<uint8_t*>(buffer) + copied, 0, size - copied);
  return 0;
}

herr_t Write(H5FD_t*, H5FD_mem_t, hid_t, haddr_t, size_t, const void*) { return -1; }

hid_t RegisterDriver() {
  static H5FD_class_t driver = [] {
    H5FD_class_t c;
    std::memset(&c, 0, sizeof(c));
    c.name = "tfconv_memory";
    c.maxaddr = kMaxAddress;
    c.fc_degree = H5F_CLOSE_WEAK;
    c.fapl_size = sizeof(MemoryInfo);
    c.fapl_copy = CopyInfo;
    c.fapl_free = FreeInfo;
    c.open = Open;
    c.close = Close;
    c.cmp = Compare;
    c.query = Query;
    c.get_eoa = GetEoa;
    c.set_eoa = SetEoa;
    c.get_eof = GetEof;
    c.read = Read;
    c.write = Write;
    const H5FD_mem_t map[H5FD_MEM_NTYPES] = H5FD_FLMAP_DICHOTOMY;
    std::memcpy(c.fl_map, map, sizeof(map));
    return c;
  }();
  // Registered once for the life of the process; thread-safe static initialization.
  static const hid_t id = H5FDregister(&driver);
  return id;
}

}  // namespace

hid_t MemoryFileAccessList(const uint8_t* data, size_t size) {
  hid_t driver = RegisterDriver();
  if (driver < 0) return -1;
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl < 0) return -1;
  MemoryInfo info{data, size};
  if (H5Pset_driver(fapl, driver, &info) < 0) {
    H5Pclose(fapl);
    return -1;
  }
  return fapl;
}

}  // namespace h5_internal
}  // namespace tfconv

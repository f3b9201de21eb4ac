#include "converter/frontend/keras/storage/h5_file.h"

#include <fcntl.h>
#include <hdf5.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "converter/frontend/keras/storage/internal/h5_util.h"
#include "converter/frontend/keras/storage/internal/h5_guard.h"
#include "converter/frontend/keras/storage/internal/h5_memory_driver.h"
#include "converter/frontend/keras/storage/internal/signatures.h"

namespace tfconv {

using h5_internal::Id;
using h5_internal::NormalizePath;
using h5_internal::QuietErrors;
using h5_internal::SplitPath;
using h5_internal::TakeErrorDetail;
using h5_internal::TypeDescription;

// Members are destroyed in reverse order: the HDF5 file closes before the bytes it reads are released.
struct H5File::State {
  std::string name;
  std::shared_ptr<const void> owner;  // a memory map or a std::string
  const uint8_t* data = nullptr;
  size_t size = 0;
  uint64_t superblock = 0;  // where the HDF5 signature is: the base of file addresses
  int offset_size = 8;      // bytes of an address and of a length, from the superblock
  int length_size = 8;
  Id file;
};

namespace {

// No tensor is larger than this, whatever a (corrupt) header claims.
constexpr uint64_t kMaxTensorBytes = uint64_t{64} << 30;
// A dataset whose data were never written reads as its fill value; more than this is not a weight.
constexpr uint64_t kMaxUnwrittenBytes = uint64_t{16} << 20;
// More chunks than this make libhdf5 build selections for minutes (a damaged chunk shape).
constexpr uint64_t kMaxChunks = uint64_t{1} << 20;
// Deflate cannot shrink data by more than about 1032:1, so a compressed dataset claiming more is corrupt.
constexpr uint64_t kMaxCompressionRatio = 1100;

struct Mapping {
  void* address = MAP_FAILED;
  size_t size = 0;
  ~Mapping() {
    if (address != MAP_FAILED) munmap(address, size);
  }
};

std::string WithDetail(const std::string& message) {
  std::string detail = TakeErrorDetail();
  return detail.empty() ? message : absl::StrCat(message, " (libhdf5: ", detail, ")");
}

absl::Status OpenBytes(H5File::State* state) {
  const uint8_t* data = state->data;
  uint64_t size = state->size;
  int64_t signature = storage_internal::FindHdf5Signature(size, [&](uint64_t offset, char* out) {
    std::memcpy(out, data + offset, sizeof(storage_internal::kHdf5Signature));
    return true;
  });
  if (signature < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(state->name, ": is not an HDF5 file (a Keras .h5 starts with the HDF5 signature)"));
  }
  Id access_list(h5_internal::MemoryFileAccessList(data, size), H5Pclose);
  if (!access_list.valid()) {
    return absl::InternalError(WithDetail(absl::StrCat(state->name, ": cannot set up the HDF5 memory driver")));
  }
  // libhdf5 wants a name; the driver reads the bytes, so it only appears in libhdf5's own messages.
  hid_t file = H5Fopen(state->name.c_str(), H5F_ACC_RDONLY, access_list.get());
  if (file < 0) {
    return absl::DataLossError(WithDetail(absl::StrCat(state->name, ": is a damaged or truncated HDF5 file")));
  }
  state->file = Id(file, H5Fclose);
  state->superblock = static_cast<uint64_t>(signature);
  Id create_plist(H5Fget_create_plist(file), H5Pclose);
  size_t offset_size = 0, length_size = 0;
  if (!create_plist.valid() || H5Pget_sizes(create_plist.get(), &offset_size, &length_size) < 0) {
    return absl::DataLossError(WithDetail(absl::StrCat(state->name, ": cannot read the superblock")));
  }
  state->offset_size = static_cast<int>(offset_size);
  state->length_size = static_cast<int>(length_size);
  return absl::OkStatus();
}

h5_internal::FileBytes BytesOf(const H5File::State& state) {
  h5_internal::FileBytes bytes;
  bytes.data = state.data;
  bytes.size = state.size;
  bytes.base = state.superblock;
  bytes.offset_size = state.offset_size;
  bytes.length_size = state.length_size;
  return bytes;
}

// The header address of the object at `path` (found without decoding anything but links).
bool HeaderAddress(hid_t file, const std::string& path, haddr_t* address, H5O_type_t* type = nullptr) {
  H5O_info_t info;
  if (H5Oget_info_by_name2(file, path.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0) return false;
  *address = info.addr;
  if (type != nullptr) *type = info.type;
  return true;
}

// Walks down one link at a time (H5Lexists needs every parent to exist), checking each group's heap
// before libhdf5 searches it (h5_guard.h).
bool PathExists(const H5File::State& state, const std::string& normalized) {
  hid_t file = state.file.get();
  haddr_t group;
  if (!HeaderAddress(file, "/", &group)) return false;
  std::string prefix;
  for (const std::string& part : SplitPath(normalized)) {
    if (!h5_internal::CheckGroupHeader(BytesOf(state), group).ok()) return false;
    absl::StrAppend(&prefix, "/", part);
    if (H5Lexists(file, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (H5Oexists_by_name(file, prefix.c_str(), H5P_DEFAULT) <= 0 || !HeaderAddress(file, prefix, &group)) {
      return false;
    }
  }
  return true;
}

// What `normalized` names, from its object header's messages alone (nothing is decoded).
H5O_type_t ObjectKind(const H5File::State& state, const std::string& normalized, haddr_t* address = nullptr) {
  if (!PathExists(state, normalized)) return H5O_TYPE_UNKNOWN;
  haddr_t header;
  H5O_type_t type;
  if (!HeaderAddress(state.file.get(), normalized, &header, &type)) return H5O_TYPE_UNKNOWN;
  if (address != nullptr) *address = header;
  return type;
}

// A guard's verdict as an error about `where`.
absl::Status GuardError(const absl::Status& verdict, const std::string& where) {
  if (verdict.code() == absl::StatusCode::kUnimplemented) {
    return absl::UnimplementedError(absl::StrCat(
        where, ": uses an HDF5 feature this reader cannot check before libhdf5 reads it (", verdict.message(), ")"));
  }
  return absl::Status(verdict.code(), absl::StrCat(where, ": ", verdict.message()));
}

// The shape of a dataspace (rank 0 for a scalar; {0} for a null dataspace when allowed).
absl::StatusOr<std::vector<int64_t>> SpaceShape(hid_t space, const std::string& where, bool allow_null) {
  switch (H5Sget_simple_extent_type(space)) {
    case H5S_SCALAR:
      return std::vector<int64_t>{};
    case H5S_NULL:
      if (allow_null) return std::vector<int64_t>{0};
      return absl::InvalidArgumentError(absl::StrCat(where, ": has an empty (null) dataspace, not a tensor"));
    case H5S_SIMPLE:
      break;
    default:
      return absl::DataLossError(WithDetail(absl::StrCat(where, ": has an unreadable dataspace")));
  }
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank < 0 || rank > H5S_MAX_RANK) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": has an unreadable dataspace")));
  }
  hsize_t dims[H5S_MAX_RANK];
  if (H5Sget_simple_extent_dims(space, dims, nullptr) != rank) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": has an unreadable dataspace")));
  }
  std::vector<int64_t> shape(dims, dims + rank);
  for (int64_t d : shape) {
    if (d < 0) return absl::DataLossError(absl::StrCat(where, ": has a dimension too large to be real"));
  }
  return shape;
}

// The element count of a shape, or an error when it overflows or exceeds `limit`.
absl::StatusOr<uint64_t> CountElements(const std::vector<int64_t>& shape, uint64_t limit, const std::string& where) {
  uint64_t count = 1;
  for (int64_t d : shape) {
    if (d == 0) return uint64_t{0};
  }
  for (int64_t d : shape) {
    if (static_cast<uint64_t>(d) > limit / count) {
      return absl::DataLossError(absl::StrCat(where, ": claims more elements than the file can hold (corrupt header?)"));
    }
    count *= static_cast<uint64_t>(d);
  }
  return count;
}

// Checks, before libhdf5 reads them, the variable-length strings of attribute `attr_name` of the object
// at `object_path` (see internal/h5_guard.h).
absl::Status GuardVariableLength(const H5File::State& state, const std::string& object_path,
                                 const std::string& attr_name, uint64_t count, const std::string& where) {
  haddr_t header;
  if (!HeaderAddress(state.file.get(), object_path, &header)) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot locate the object header")));
  }
  absl::Status ok = h5_internal::CheckVariableLengthAttribute(BytesOf(state), header, attr_name, count, 1);
  return ok.ok() ? ok : GuardError(ok, where);
}

// Reads `count` strings from attribute `attr_name` (open as `attr`, of string type `file_type`) of the
// object at `object_path`.
absl::StatusOr<std::vector<std::string>> ReadStrings(const H5File::State& state, const std::string& object_path,
                                                     const std::string& attr_name, hid_t attr, hid_t file_type,
                                                     hid_t space, uint64_t count, const std::string& where) {
  const uint64_t file_size = state.size;
  std::vector<std::string> out;
  if (count == 0) return out;
  H5T_cset_t cset = H5Tget_cset(file_type);
  if (cset < 0) cset = H5T_CSET_ASCII;
  Id mem_type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!mem_type.valid() || H5Tset_cset(mem_type.get(), cset) < 0) {
    return absl::InternalError(WithDetail(absl::StrCat(where, ": cannot make a string memory type")));
  }
  if (H5Tis_variable_str(file_type) > 0) {
    if (count > file_size) {
      return absl::DataLossError(absl::StrCat(where, ": claims more strings than the file can hold (corrupt header?)"));
    }
    if (H5Tset_size(mem_type.get(), H5T_VARIABLE) < 0) {
      return absl::InternalError(WithDetail(absl::StrCat(where, ": cannot make a string memory type")));
    }
    if (absl::Status safe = GuardVariableLength(state, object_path, attr_name, count, where); !safe.ok()) return safe;
    std::vector<char*> pointers(count, nullptr);
    if (H5Aread(attr, mem_type.get(), pointers.data()) < 0) {
      return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot read the strings")));
    }
    out.reserve(count);
    for (char* p : pointers) out.emplace_back(p == nullptr ? "" : p);
    H5Dvlen_reclaim(mem_type.get(), space, H5P_DEFAULT, pointers.data());
    return out;
  }
  size_t width = H5Tget_size(file_type);
  if (width == 0 || count > file_size / width) {
    return absl::DataLossError(absl::StrCat(where, ": claims more string bytes than the file can hold (corrupt header?)"));
  }
  // Null padding in memory whatever the file uses: libhdf5 converts null-terminated and space-padded strings.
  if (H5Tset_size(mem_type.get(), width) < 0 || H5Tset_strpad(mem_type.get(), H5T_STR_NULLPAD) < 0) {
    return absl::InternalError(WithDetail(absl::StrCat(where, ": cannot make a string memory type")));
  }
  std::string bytes(count * width, '\0');
  if (H5Aread(attr, mem_type.get(), bytes.data()) < 0) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot read the strings")));
  }
  out.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    size_t length = width;
    const char* s = bytes.data() + i * width;
    while (length > 0 && s[length - 1] == '\0') --length;
    out.emplace_back(s, length);
  }
  return out;
}

struct NameCollector {
  std::vector<std::string> names;
  size_t limit = 0;
};

herr_t CollectName(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  auto* collector = static_cast<NameCollector*>(data);
  if (collector->names.size() >= collector->limit) return -1;
  collector->names.emplace_back(name);
  return 0;
}

// How a dataset's file type maps to a tensor element type, and the memory type to read it with.
struct ElementType {
  DataType dtype = DataType::kInvalid;
  Id memory_type;
};

bool IsBFloat16Layout(hid_t type) {
  size_t spos, epos, esize, mpos, msize;
  if (H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize) < 0) return false;
  return spos == 15 && epos == 7 && esize == 8 && mpos == 0 && msize == 7;
}

// Keras 3 saves bfloat16 variables as 2-byte data with a string attribute dtype="bfloat16".
bool MarkedBFloat16(const H5File::State& state, const std::string& path, hid_t dataset) {
  if (H5Aexists(dataset, "dtype") <= 0) return false;
  Id attr(H5Aopen(dataset, "dtype", H5P_DEFAULT), H5Aclose);
  if (!attr.valid()) return false;
  Id type(H5Aget_type(attr.get()), H5Tclose);
  Id space(H5Aget_space(attr.get()), H5Sclose);
  if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != H5T_STRING) return false;
  if (H5Sget_simple_extent_npoints(space.get()) != 1) return false;
  absl::StatusOr<std::vector<std::string>> value =
      ReadStrings(state, path, "dtype", attr.get(), type.get(), space.get(), 1, "dtype");
  return value.ok() && (*value)[0] == "bfloat16";
}

absl::StatusOr<ElementType> MapElementType(const H5File::State& state, const std::string& path, hid_t dataset,
                                           hid_t file_type, const std::string& where) {
  ElementType out;
  H5T_class_t type_class = H5Tget_class(file_type);
  size_t size = H5Tget_size(file_type);
  auto copy_of = [](hid_t type) { return Id(H5Tcopy(type), H5Tclose); };
  auto not_a_tensor = [&]() {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": dataset of type ", TypeDescription(file_type), " is not a tensor type"));
  };
  if ((type_class == H5T_OPAQUE || type_class == H5T_INTEGER) && size == 2 && MarkedBFloat16(state, path, dataset)) {
    out.dtype = DataType::kBFloat16;
    out.memory_type = type_class == H5T_INTEGER ? copy_of(H5T_NATIVE_UINT16) : copy_of(file_type);
  } else if (type_class == H5T_FLOAT) {
    switch (size) {
      case 2:
        if (IsBFloat16Layout(file_type)) {
          out.dtype = DataType::kBFloat16;
          out.memory_type = Id(h5_internal::MakeBFloat16Type(), H5Tclose);
        } else {
          out.dtype = DataType::kHalf;
          out.memory_type = Id(h5_internal::MakeHalfType(), H5Tclose);
        }
        break;
      case 4:
        out.dtype = DataType::kFloat;
        out.memory_type = copy_of(H5T_NATIVE_FLOAT);
        break;
      case 8:
        out.dtype = DataType::kDouble;
        out.memory_type = copy_of(H5T_NATIVE_DOUBLE);
        break;
      default:
        return not_a_tensor();
    }
  } else if (type_class == H5T_INTEGER) {
    bool is_signed = H5Tget_sign(file_type) != H5T_SGN_NONE;
    switch (size) {
      case 1:
        out.dtype = is_signed ? DataType::kInt8 : DataType::kUInt8;
        out.memory_type = copy_of(is_signed ? H5T_NATIVE_INT8 : H5T_NATIVE_UINT8);
        break;
      case 2:
        out.dtype = is_signed ? DataType::kInt16 : DataType::kUInt16;
        out.memory_type = copy_of(is_signed ? H5T_NATIVE_INT16 : H5T_NATIVE_UINT16);
        break;
      case 4:
        out.dtype = is_signed ? DataType::kInt32 : DataType::kUInt32;
        out.memory_type = copy_of(is_signed ? H5T_NATIVE_INT32 : H5T_NATIVE_UINT32);
        break;
      case 8:
        out.dtype = is_signed ? DataType::kInt64 : DataType::kUInt64;
        out.memory_type = copy_of(is_signed ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT64);
        break;
      default:
        return not_a_tensor();
    }
  } else if (type_class == H5T_ENUM) {
    // h5py stores numpy bool as an enum over a 1-byte integer with FALSE = 0 and TRUE = 1.
    Id base(H5Tget_super(file_type), H5Tclose);
    if (!base.valid() || H5Tget_class(base.get()) != H5T_INTEGER || H5Tget_size(base.get()) != 1 || size != 1 ||
        H5Tget_nmembers(file_type) != 2) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": dataset of type enum is not a tensor type (only h5py's boolean enum {FALSE = 0, TRUE = 1} is)"));
    }
    int8_t values[2] = {-1, -1};  // one byte each: the enum's size was checked above
    for (unsigned i = 0; i < 2; ++i) {
      if (H5Tget_member_value(file_type, i, &values[i]) < 0) return not_a_tensor();
    }
    if (!((values[0] == 0 && values[1] == 1) || (values[0] == 1 && values[1] == 0))) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": dataset of type enum is not a tensor type (only h5py's boolean enum {FALSE = 0, TRUE = 1} is)"));
    }
    out.dtype = DataType::kBool;
    out.memory_type = copy_of(file_type);  // one byte: no byte order to convert
  } else {
    return not_a_tensor();
  }
  if (!out.memory_type.valid()) {
    return absl::InternalError(WithDetail(absl::StrCat(where, ": cannot make a memory type")));
  }
  return out;
}

}  // namespace

H5File::H5File(std::unique_ptr<State> state) : state_(std::move(state)) {}
H5File::H5File(H5File&& other) noexcept = default;
H5File& H5File::operator=(H5File&& other) noexcept = default;
H5File::~H5File() = default;

absl::StatusOr<H5File> H5File::Open(const std::string& path) {
  QuietErrors();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int error = errno;
    std::string message = absl::StrCat(path, ": cannot open: ", std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    return absl::PermissionDeniedError(message);
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return absl::InvalidArgumentError(absl::StrCat(path, ": is not a regular file"));
  }
  if (st.st_size == 0) {
    close(fd);
    return absl::InvalidArgumentError(absl::StrCat(path, ": is empty, not an HDF5 file"));
  }
  auto mapping = std::make_shared<Mapping>();
  mapping->size = static_cast<size_t>(st.st_size);
  mapping->address = mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE, fd, 0);
  int map_error = errno;
  close(fd);
  if (mapping->address == MAP_FAILED) {
    return absl::ResourceExhaustedError(absl::StrCat(path, ": cannot map the file: ", std::strerror(map_error)));
  }
  auto state = std::make_unique<State>();
  state->name = path;
  state->data = static_cast<const uint8_t*>(mapping->address);
  state->size = mapping->size;
  state->owner = std::move(mapping);
  if (absl::Status opened = OpenBytes(state.get()); !opened.ok()) return opened;
  return H5File(std::move(state));
}

absl::StatusOr<H5File> H5File::OpenImage(std::string bytes, const std::string& name) {
  QuietErrors();
  auto owned = std::make_shared<std::string>(std::move(bytes));
  auto state = std::make_unique<State>();
  state->name = name;
  state->data = reinterpret_cast<const uint8_t*>(owned->data());
  state->size = owned->size();
  state->owner = std::move(owned);
  if (state->size == 0) return absl::InvalidArgumentError(absl::StrCat(name, ": is empty, not an HDF5 file"));
  if (absl::Status opened = OpenBytes(state.get()); !opened.ok()) return opened;
  return H5File(std::move(state));
}

const std::string& H5File::name() const { return state_->name; }

bool H5File::Exists(const std::string& path) const {
  QuietErrors();
  return PathExists(*state_, NormalizePath(path));
}

bool H5File::IsGroup(const std::string& path) const {
  QuietErrors();
  return ObjectKind(*state_, NormalizePath(path)) == H5O_TYPE_GROUP;
}

bool H5File::IsDataset(const std::string& path) const {
  QuietErrors();
  return ObjectKind(*state_, NormalizePath(path)) == H5O_TYPE_DATASET;
}

absl::StatusOr<std::vector<std::string>> H5File::Children(const std::string& group_path) const {
  QuietErrors();
  std::string path = NormalizePath(group_path);
  std::string where = absl::StrCat(state_->name, ": ", path);
  haddr_t header = HADDR_UNDEF;
  H5O_type_t kind = ObjectKind(*state_, path, &header);
  if (kind == H5O_TYPE_UNKNOWN) return absl::NotFoundError(absl::StrCat(where, ": no such group"));
  if (kind != H5O_TYPE_GROUP) return absl::InvalidArgumentError(absl::StrCat(where, ": is a dataset, not a group"));
  if (absl::Status safe = h5_internal::CheckGroupHeader(BytesOf(*state_), header); !safe.ok()) {
    return GuardError(safe, where);
  }
  Id group(H5Gopen2(state_->file.get(), path.c_str(), H5P_DEFAULT), H5Gclose);
  H5G_info_t info;
  if (!group.valid() || H5Gget_info(group.get(), &info) < 0) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot read the group")));
  }
  // A link takes several bytes of the file: a larger count is a corrupt header.
  if (info.nlinks > state_->size) {
    return absl::DataLossError(absl::StrCat(where, ": claims ", info.nlinks, " members, more than the file can hold"));
  }
  unsigned order_flags = 0;
  Id create_plist(H5Gget_create_plist(group.get()), H5Pclose);
  if (create_plist.valid()) H5Pget_link_creation_order(create_plist.get(), &order_flags);
  NameCollector collector;
  collector.limit = static_cast<size_t>(info.nlinks);
  if (order_flags & H5P_CRT_ORDER_TRACKED) {
    hsize_t index = 0;
    if (H5Literate(group.get(), H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, CollectName, &collector) >= 0 &&
        collector.names.size() == info.nlinks) {
      return std::move(collector.names);
    }
    // Tracked but not indexed on a large group: fall back to name order.
    collector.names.clear();
    TakeErrorDetail();
  }
  hsize_t index = 0;
  if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, &index, CollectName, &collector) < 0 ||
      collector.names.size() != info.nlinks) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot list the group's members")));
  }
  return std::move(collector.names);
}

bool H5File::HasAttribute(const std::string& object_path, const std::string& attr) const {
  QuietErrors();
  std::string path = NormalizePath(object_path);
  return PathExists(*state_, path) &&
         H5Aexists_by_name(state_->file.get(), path.c_str(), attr.c_str(), H5P_DEFAULT) > 0;
}

namespace {

struct OpenedAttribute {
  Id attr;
  Id type;
  Id space;
  std::vector<int64_t> shape;
  uint64_t count = 0;
};

absl::StatusOr<OpenedAttribute> OpenAttribute(const H5File::State& state, const std::string& object_path,
                                              const std::string& attr, const std::string& where) {
  std::string path = NormalizePath(object_path);
  if (!PathExists(state, path)) {
    return absl::NotFoundError(absl::StrCat(state.name, ": ", path, ": no such group or dataset"));
  }
  if (H5Aexists_by_name(state.file.get(), path.c_str(), attr.c_str(), H5P_DEFAULT) <= 0) {
    TakeErrorDetail();
    return absl::NotFoundError(absl::StrCat(where, ": no such attribute"));
  }
  OpenedAttribute out;
  out.attr = Id(H5Aopen_by_name(state.file.get(), path.c_str(), attr.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!out.attr.valid()) return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot open the attribute")));
  out.type = Id(H5Aget_type(out.attr.get()), H5Tclose);
  out.space = Id(H5Aget_space(out.attr.get()), H5Sclose);
  if (!out.type.valid() || !out.space.valid()) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot read the attribute's type")));
  }
  absl::StatusOr<std::vector<int64_t>> shape = SpaceShape(out.space.get(), where, /*allow_null=*/true);
  if (!shape.ok()) return shape.status();
  out.shape = *std::move(shape);
  absl::StatusOr<uint64_t> count = CountElements(out.shape, state.size, where);
  if (!count.ok()) return count.status();
  out.count = *count;
  return out;
}

std::string AttributeWhere(const H5File::State& state, const std::string& object_path, const std::string& attr) {
  return absl::StrCat(state.name, ": ", NormalizePath(object_path), ": attribute '", attr, "'");
}

}  // namespace

absl::StatusOr<std::string> H5File::StringAttribute(const std::string& object_path, const std::string& attr) const {
  QuietErrors();
  std::string where = AttributeWhere(*state_, object_path, attr);
  absl::StatusOr<OpenedAttribute> opened = OpenAttribute(*state_, object_path, attr, where);
  if (!opened.ok()) return opened.status();
  if (H5Tget_class(opened->type.get()) != H5T_STRING || opened->count != 1) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": expected a string, found ",
                                                   opened->count == 1 ? "a " : "an array of ", opened->count, " ",
                                                   TypeDescription(opened->type.get())));
  }
  absl::StatusOr<std::vector<std::string>> strings =
      ReadStrings(*state_, NormalizePath(object_path), attr, opened->attr.get(), opened->type.get(),
                  opened->space.get(), 1, where);
  if (!strings.ok()) return strings.status();
  return std::move((*strings)[0]);
}

absl::StatusOr<std::vector<std::string>> H5File::StringListAttribute(const std::string& object_path,
                                                                     const std::string& attr) const {
  QuietErrors();
  std::string where = AttributeWhere(*state_, object_path, attr);
  absl::StatusOr<OpenedAttribute> opened = OpenAttribute(*state_, object_path, attr, where);
  if (!opened.ok()) return opened.status();
  if (opened->count == 0) return std::vector<std::string>{};
  if (H5Tget_class(opened->type.get()) != H5T_STRING || opened->shape.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": expected a list of strings, found a rank-",
                                                   opened->shape.size(), " array of ",
                                                   TypeDescription(opened->type.get())));
  }
  return ReadStrings(*state_, NormalizePath(object_path), attr, opened->attr.get(), opened->type.get(),
                     opened->space.get(), opened->count, where);
}

absl::StatusOr<std::vector<std::string>> H5File::ChunkedStringListAttribute(const std::string& object_path,
                                                                            const std::string& attr) const {
  if (HasAttribute(object_path, attr) || !HasAttribute(object_path, attr + "0")) {
    return StringListAttribute(object_path, attr);
  }
  std::vector<std::string> all;
  for (int chunk = 0; HasAttribute(object_path, absl::StrCat(attr, chunk)); ++chunk) {
    absl::StatusOr<std::vector<std::string>> part = StringListAttribute(object_path, absl::StrCat(attr, chunk));
    if (!part.ok()) return part.status();
    for (std::string& s : *part) all.push_back(std::move(s));
  }
  return all;
}

absl::StatusOr<Tensor> H5File::ReadDataset(const std::string& dataset_path) const {
  QuietErrors();
  std::string path = NormalizePath(dataset_path);
  std::string where = absl::StrCat(state_->name, ": ", path);
  haddr_t header = HADDR_UNDEF;
  H5O_type_t kind = ObjectKind(*state_, path, &header);
  if (kind == H5O_TYPE_UNKNOWN) return absl::NotFoundError(absl::StrCat(where, ": no such dataset"));
  if (kind != H5O_TYPE_DATASET) return absl::InvalidArgumentError(absl::StrCat(where, ": is a group, not a dataset"));
  if (absl::Status safe = h5_internal::CheckDatasetHeader(BytesOf(*state_), header); !safe.ok()) {
    return GuardError(safe, where);
  }
  Id dataset(H5Dopen2(state_->file.get(), path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot open the dataset")));
  Id file_type(H5Dget_type(dataset.get()), H5Tclose);
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  Id create_plist(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (!file_type.valid() || !space.valid() || !create_plist.valid()) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot read the dataset's header")));
  }
  absl::StatusOr<ElementType> element = MapElementType(*state_, path, dataset.get(), file_type.get(), where);
  if (!element.ok()) return element.status();
  absl::StatusOr<std::vector<int64_t>> shape = SpaceShape(space.get(), where, /*allow_null=*/false);
  if (!shape.ok()) return shape.status();

  H5D_layout_t layout = H5Pget_layout(create_plist.get());
  if (layout == H5D_VIRTUAL || H5Pget_external_count(create_plist.get()) > 0) {
    // Both read other files named by this one: not something a model file needs, and not safe.
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": the dataset's data lives in other files (virtual or external storage), not supported"));
  }
  const uint64_t element_size = DataTypeSize(element->dtype);
  const uint64_t stored = H5Dget_storage_size(dataset.get());
  if (stored > state_->size) {
    return absl::DataLossError(absl::StrCat(where, ": claims ", stored, " stored bytes in a file of ", state_->size));
  }
  // Bound the size before anything is allocated: stored bytes (times the best deflate ratio when
  // chunked), or the fill-value cap when nothing was written.
  uint64_t limit = stored == 0 ? kMaxUnwrittenBytes
                               : (layout == H5D_CHUNKED ? stored * kMaxCompressionRatio : stored);
  limit = std::min(limit, kMaxTensorBytes);
  absl::StatusOr<uint64_t> count = CountElements(*shape, limit / element_size, where);
  if (!count.ok()) return count.status();
  const uint64_t nbytes = *count * element_size;
  // libhdf5 copies a compact dataset's bytes for the shape and type it declares, whatever the layout
  // message holds; a contiguous one may be unallocated (stored 0: reads give the fill value).
  if ((layout == H5D_COMPACT && stored != nbytes) || (layout == H5D_CONTIGUOUS && stored != 0 && stored != nbytes)) {
    return absl::DataLossError(absl::StrCat(where, ": holds ", stored, " bytes, but a ", DataTypeName(element->dtype),
                                            " tensor of its shape needs ", nbytes, " (corrupt header?)"));
  }
  if (layout == H5D_CHUNKED) {
    // libhdf5 1.10 reads out of bounds when a damaged chunk shape disagrees with the stored chunks.
    // Writers (h5py included) never make a chunk larger than a fixed-size dataset, so refuse that.
    hsize_t chunk[H5S_MAX_RANK];
    int chunk_rank = H5Pget_chunk(create_plist.get(), H5S_MAX_RANK, chunk);
    bool fits = chunk_rank == static_cast<int>(shape->size());
    uint64_t chunks = 1;
    for (int i = 0; fits && i < chunk_rank; ++i) {
      const uint64_t dim = static_cast<uint64_t>(std::max<int64_t>((*shape)[i], 1));
      fits = chunk[i] >= 1 && chunk[i] <= dim;
      if (fits) chunks *= (dim + chunk[i] - 1) / chunk[i];
      fits = fits && chunks <= kMaxChunks;
    }
    if (!fits) {
      return absl::DataLossError(absl::StrCat(where, ": its chunk shape does not fit its shape (damaged header?)"));
    }
  }
  auto check_bools = [&](const uint8_t* bytes) -> absl::Status {
    if (element->dtype != DataType::kBool) return absl::OkStatus();
    for (uint64_t i = 0; i < nbytes; ++i) {
      if (bytes[i] > 1) {
        return absl::DataLossError(absl::StrCat(where, ": element ", i, " of the boolean dataset is ",
                                                static_cast<int>(bytes[i]), ", not 0 or 1"));
      }
    }
    return absl::OkStatus();
  };
  if (nbytes == 0) return Tensor(element->dtype, *std::move(shape), ByteBuffer());

  // A contiguous dataset already in memory order is used where it lies in the file.
  if (layout == H5D_CONTIGUOUS && stored == nbytes && H5Tequal(file_type.get(), element->memory_type.get()) > 0) {
    haddr_t offset = H5Dget_offset(dataset.get());
    if (offset != HADDR_UNDEF && offset <= state_->size && nbytes <= state_->size - offset &&
        reinterpret_cast<uintptr_t>(state_->data + offset) % element_size == 0) {
      const uint8_t* bytes = state_->data + offset;
      if (absl::Status ok = check_bools(bytes); !ok.ok()) return ok;
      return Tensor(element->dtype, *std::move(shape), ByteBuffer(bytes, nbytes, state_->owner));
    }
  }
  TakeErrorDetail();
  std::shared_ptr<uint8_t[]> buffer(new (std::nothrow) uint8_t[nbytes]);
  if (buffer == nullptr) {
    return absl::ResourceExhaustedError(absl::StrCat(where, ": cannot allocate ", nbytes, " bytes"));
  }
  if (H5Dread(dataset.get(), element->memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.get()) < 0) {
    return absl::DataLossError(WithDetail(absl::StrCat(where, ": cannot read the dataset's data")));
  }
  if (absl::Status ok = check_bools(buffer.get()); !ok.ok()) return ok;
  const uint8_t* data = buffer.get();
  return Tensor(element->dtype, *std::move(shape), ByteBuffer(data, nbytes, std::move(buffer)));
}

}  // namespace tfconv

#include "converter/frontend/keras/storage/internal/h5_guard.h"

#include <map>
#include <set>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace tfconv {
namespace h5_internal {
namespace {

// Message types and flags of the HDF5 file format specification (IV.A.2).
constexpr int kContinuationMessage = 0x10;
constexpr int kAttributeMessage = 0x0C;
constexpr int kAttributeInfoMessage = 0x15;
constexpr int kDataspaceMessage = 0x01;
constexpr int kDatatypeMessage = 0x03;
constexpr int kOldFillValueMessage = 0x04;
constexpr int kFillValueMessage = 0x05;
constexpr int kExternalFilesMessage = 0x07;
constexpr int kLayoutMessage = 0x08;
constexpr int kFilterPipelineMessage = 0x0B;
constexpr int kSymbolTableMessage = 0x11;
constexpr int kLinkMessage = 0x06;
constexpr int kSharedMessageFlag = 0x02;
// A global heap collection is at least this large (H5HG_MINSIZE) and each object has a 16-byte header
// when lengths are 8 bytes.
constexpr uint64_t kMinCollectionSize = 4096;
// Bounds against loops through damaged continuation addresses.
constexpr int kMaxHeaderChunks = 4096;

// A bounds-checked little-endian reader over [begin, end) of the file.
class Cursor {
 public:
  Cursor(const FileBytes& file, uint64_t begin, uint64_t end) : file_(file), pos_(begin), end_(end) {}
  uint64_t pos() const { return pos_; }
  uint64_t remaining() const { return pos_ <= end_ ? end_ - pos_ : 0; }
  bool Skip(uint64_t n) {
    if (n > remaining()) return false;
    pos_ += n;
    return true;
  }
  bool Read(int bytes, uint64_t* out) {
    if (bytes < 1 || bytes > 8 || static_cast<uint64_t>(bytes) > remaining()) return false;
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | file_.data[pos_ + i];
    pos_ += bytes;
    *out = v;
    return true;
  }
  bool Matches(const char* text, size_t n) const {
    if (n > remaining()) return false;
    for (size_t i = 0; i < n; ++i) {
      if (file_.data[pos_ + i] != static_cast<uint8_t>(text[i])) return false;
    }
    return true;
  }

 private:
  const FileBytes& file_;
  uint64_t pos_;
  uint64_t end_;
};

// An absolute range of the file; false when a relative address and length fall outside it.
bool ToAbsolute(const FileBytes& file, uint64_t address, uint64_t length, uint64_t* begin) {
  if (address > file.size || file.base > file.size - address) return false;
  uint64_t start = file.base + address;
  if (length > file.size - start) return false;
  *begin = start;
  return true;
}

bool IsUndefinedAddress(uint64_t address, int offset_size) {
  return offset_size >= 8 ? address == ~uint64_t{0} : address == (uint64_t{1} << (8 * offset_size)) - 1;
}

struct Message {
  int type = 0;
  int flags = 0;
  uint64_t begin = 0;  // absolute offset of the message data
  uint64_t size = 0;
};

struct Chunk {
  uint64_t begin = 0;  // absolute range holding messages
  uint64_t end = 0;
};

absl::Status Damaged(const std::string& what) { return absl::DataLossError(absl::StrCat("damaged HDF5 metadata: ", what)); }

// Every message of an object header, following continuation chunks.
absl::Status CollectMessages(const FileBytes& file, uint64_t header_address, std::vector<Message>* messages) {
  uint64_t start;
  if (!ToAbsolute(file, header_address, 16, &start)) return Damaged("object header address outside the file");
  Cursor prefix(file, start, file.size);
  int version;
  bool v2 = prefix.Matches("OHDR", 4);
  std::vector<Chunk> pending;
  bool creation_order = false;
  if (v2) {
    uint64_t flags;
    prefix.Skip(4);
    uint64_t v;
    if (!prefix.Read(1, &v) || v != 2 || !prefix.Read(1, &flags)) return Damaged("object header prefix");
    version = 2;
    creation_order = flags & 0x04;
    if ((flags & 0x20) && !prefix.Skip(16)) return Damaged("object header prefix");
    if ((flags & 0x10) && !prefix.Skip(4)) return Damaged("object header prefix");
    uint64_t chunk_size;
    if (!prefix.Read(1 << (flags & 3), &chunk_size)) return Damaged("object header prefix");
    if (chunk_size > prefix.remaining()) return Damaged("object header chunk past the end of the file");
    pending.push_back({prefix.pos(), prefix.pos() + chunk_size});
  } else {
    uint64_t v, header_size;
    if (!prefix.Read(1, &v) || v != 1 || !prefix.Skip(7) || !prefix.Read(4, &header_size) || !prefix.Skip(4)) {
      return Damaged("object header prefix");
    }
    version = 1;
    if (header_size > prefix.remaining()) return Damaged("object header chunk past the end of the file");
    pending.push_back({prefix.pos(), prefix.pos() + header_size});
  }
  std::set<uint64_t> seen;
  for (size_t c = 0; c < pending.size(); ++c) {
    if (c >= kMaxHeaderChunks) return Damaged("too many object header chunks");
    Cursor cursor(file, pending[c].begin, pending[c].end);
    const uint64_t envelope = version == 1 ? 8 : (creation_order ? 6 : 4);
    while (cursor.remaining() >= envelope) {
      uint64_t type, size, flags;
      if (version == 1) {
        if (!cursor.Read(2, &type) || !cursor.Read(2, &size) || !cursor.Read(1, &flags) || !cursor.Skip(3)) break;
      } else {
        if (!cursor.Read(1, &type) || !cursor.Read(2, &size) || !cursor.Read(1, &flags)) break;
        if (creation_order && !cursor.Skip(2)) break;
      }
      Message m{static_cast<int>(type), static_cast<int>(flags), cursor.pos(), size};
      if (!cursor.Skip(size)) return Damaged("object header message past its chunk");
      messages->push_back(m);
      if (m.type == kContinuationMessage) {
        Cursor cont(file, m.begin, m.begin + m.size);
        uint64_t address, length, begin;
        if (!cont.Read(file.offset_size, &address) || !cont.Read(file.length_size, &length) ||
            !ToAbsolute(file, address, length, &begin)) {
          return Damaged("object header continuation outside the file");
        }
        if (!seen.insert(begin).second) return Damaged("object header continuations form a loop");
        if (version == 2) {
          // "OCHK", messages, 4-byte checksum.
          if (length < 8 || !Cursor(file, begin, begin + length).Matches("OCHK", 4)) {
            return Damaged("object header continuation chunk");
          }
          pending.push_back({begin + 4, begin + length - 4});
        } else {
          pending.push_back({begin, begin + length});
        }
      }
    }
  }
  return absl::OkStatus();
}

// The parts of an attribute message: where its datatype and its data start.
struct AttributeParts {
  bool named = false;        // the attribute has the name looked for
  bool shared_type = false;  // the datatype is a reference to a shared one
  uint64_t type_begin = 0;
  uint64_t type_size = 0;
  uint64_t data_begin = 0;
};

absl::StatusOr<AttributeParts> ParseAttribute(const FileBytes& file, const Message& m, const std::string& name) {
  Cursor cursor(file, m.begin, m.begin + m.size);
  uint64_t version, flags, name_size, type_size, space_size;
  if (!cursor.Read(1, &version) || !cursor.Read(1, &flags) || !cursor.Read(2, &name_size) ||
      !cursor.Read(2, &type_size) || !cursor.Read(2, &space_size)) {
    return Damaged("attribute message");
  }
  if (version < 1 || version > 3) return Damaged(absl::StrCat("attribute message version ", version));
  if (version == 3 && !cursor.Skip(1)) return Damaged("attribute message");
  auto padded = [&](uint64_t n) { return version == 1 ? (n + 7) / 8 * 8 : n; };
  AttributeParts parts;
  // The stored name includes its terminating NUL.
  parts.named = name_size == name.size() + 1 && cursor.Matches(name.c_str(), name.size() + 1);
  parts.shared_type = version >= 2 && (flags & 1);
  if (!cursor.Skip(padded(name_size))) return Damaged("attribute message sizes");
  parts.type_begin = cursor.pos();
  parts.type_size = type_size;
  if (!cursor.Skip(padded(type_size)) || !cursor.Skip(padded(space_size))) return Damaged("attribute message sizes");
  parts.data_begin = cursor.pos();
  return parts;
}

// libhdf5 sizes its buffers by the base type of a variable-length type: it must be what the caller
// expects (1-byte characters for strings).
absl::Status CheckVariableLengthType(const FileBytes& file, const AttributeParts& parts, uint64_t base_type_size) {
  Cursor type(file, parts.type_begin, parts.type_begin + parts.type_size);
  uint64_t class_and_version, bits, size, base_class, base_bits, base_size;
  // Datatype message: class and version, 3 bytes of class bits, a 4-byte size, then for a
  // variable-length type its base type, a datatype message of its own.
  if (!type.Read(1, &class_and_version) || !type.Read(3, &bits) || !type.Read(4, &size) ||
      !type.Read(1, &base_class) || !type.Read(3, &base_bits) || !type.Read(4, &base_size)) {
    return Damaged("attribute datatype");
  }
  if ((class_and_version & 0x0f) != 9) return Damaged("attribute datatype is not variable-length");
  if (base_size != base_type_size) {
    return Damaged(absl::StrCat("variable-length elements of ", base_size, " bytes where ", base_type_size,
                                " was expected"));
  }
  return absl::OkStatus();
}

// The objects of a global heap collection, walked as libhdf5 walks it; fails where libhdf5 would run
// off the collection or loop.
absl::Status WalkCollection(const FileBytes& file, uint64_t address, std::map<uint64_t, Chunk>* objects) {
  uint64_t start;
  const uint64_t header = 8 + file.length_size;
  if (!ToAbsolute(file, address, header, &start)) return Damaged("global heap address outside the file");
  Cursor cursor(file, start, file.size);
  uint64_t version, size;
  if (!cursor.Matches("GCOL", 4) || !cursor.Skip(4) || !cursor.Read(1, &version) || version != 1 || !cursor.Skip(3) ||
      !cursor.Read(file.length_size, &size)) {
    return Damaged("global heap collection header");
  }
  if (size < kMinCollectionSize || size > file.size - start) return Damaged("global heap collection size");
  const uint64_t end = start + size;
  const uint64_t object_header = 8 + file.length_size;
  uint64_t p = start + header;
  while (p < end) {
    if (end - p < object_header) break;  // trailing free space
    Cursor object(file, p, end);
    uint64_t index = 0, object_size = 0;
    object.Read(2, &index);
    object.Skip(6);
    object.Read(file.length_size, &object_size);
    uint64_t need;
    if (index > 0) {
      if (object_size > end - p - object_header) return Damaged("global heap object larger than its collection");
      need = object_header + (object_size + 7) / 8 * 8;
      (*objects)[index] = {p + object_header, p + object_header + object_size};
    } else {
      need = object_size;  // free space: its size includes its header
    }
    if (need == 0 || need > end - p) return Damaged("global heap free space");
    p += need;
  }
  return absl::OkStatus();
}

const char* DatatypeClassName(int type_class) {
  static const char* const kNames[] = {"integer",  "float",     "time", "string",          "bitfield", "opaque",
                                       "compound", "reference", "enum", "variable-length", "array"};
  return type_class >= 0 && type_class <= 10 ? kNames[type_class] : "unknown";
}

// A datatype a tensor can have, checked to lie within [begin, end): integer, float, opaque, or an enum
// over a 1- to 8-byte integer whose member names and values fit.
absl::Status CheckTensorDatatype(const FileBytes& file, uint64_t begin, uint64_t end, int depth) {
  Cursor type(file, begin, end);
  uint64_t class_and_version, bits, size;
  if (!type.Read(1, &class_and_version) || !type.Read(3, &bits) || !type.Read(4, &size)) {
    return Damaged("dataset datatype");
  }
  const int type_class = static_cast<int>(class_and_version & 0x0f);
  const int version = static_cast<int>(class_and_version >> 4);
  switch (type_class) {
    case 0:  // integer: bit offset, precision
      if (!type.Skip(4)) return Damaged("integer datatype");
      return absl::OkStatus();
    case 1:  // float: bit offset, precision, exponent and mantissa fields, bias
      if (!type.Skip(12)) return Damaged("float datatype");
      return absl::OkStatus();
    case 5:  // opaque: a NUL-padded tag whose length is in the class bits
      if (!type.Skip(bits & 0xff)) return Damaged("opaque datatype");
      return absl::OkStatus();
    case 8: {  // enum: a base type, then the member names, then the member values
      if (depth > 0) return Damaged("nested enum datatype");
      const uint64_t members = bits & 0xffff;
      uint64_t base_begin = type.pos();
      if (absl::Status s = CheckTensorDatatype(file, base_begin, end, depth + 1); !s.ok()) return s;
      Cursor base(file, base_begin, end);
      uint64_t base_class = 0, base_bits = 0, base_size = 0;
      base.Read(1, &base_class);
      base.Read(3, &base_bits);
      base.Read(4, &base_size);
      if ((base_class & 0x0f) != 0 || base_size == 0 || base_size > 8 || base_size != size) {
        return Damaged("enum datatype over a base type of another size");
      }
      // The base type's properties (4 bytes for an integer) follow its 8-byte header.
      if (!type.Skip(8 + 4)) return Damaged("enum datatype");
      for (uint64_t i = 0; i < members; ++i) {
        uint64_t length = 0;
        while (true) {
          uint64_t c;
          if (!type.Read(1, &c)) return Damaged("enum member names");
          ++length;
          if (c == 0) break;
        }
        if (version < 3 && length % 8 != 0 && !type.Skip(8 - length % 8)) return Damaged("enum member names");
      }
      if (members > type.remaining() / base_size) return Damaged("enum member values");
      return absl::OkStatus();
    }
    default: {
      // Named as TypeDescription() (h5_util.h) names them.
      std::string name = DatatypeClassName(type_class);
      if (type_class == 3) name = absl::StrCat("string of ", size, " bytes");
      if (type_class == 9) name = (bits & 0x0f) == 1 ? "variable-length string" : "variable-length sequence";
      return absl::InvalidArgumentError(absl::StrCat("dataset of type ", name, " is not a tensor type"));
    }
  }
}

absl::Status CheckDataspace(const FileBytes& file, const Message& m) {
  Cursor space(file, m.begin, m.begin + m.size);
  uint64_t version, rank, flags;
  if (!space.Read(1, &version) || !space.Read(1, &rank) || !space.Read(1, &flags)) return Damaged("dataspace");
  if (version != 1 && version != 2) return Damaged(absl::StrCat("dataspace version ", version));
  if (rank > 32) return Damaged("dataspace of more than 32 dimensions");
  if (!space.Skip(version == 1 ? 5 : 1)) return Damaged("dataspace");
  uint64_t arrays = 1 + ((flags & 1) ? 1 : 0) + ((version == 1 && (flags & 2)) ? 1 : 0);
  if (rank * arrays > space.remaining() / file.length_size) return Damaged("dataspace dimensions");
  return absl::OkStatus();
}

absl::Status CheckFillValue(const FileBytes& file, const Message& m) {
  Cursor fill(file, m.begin, m.begin + m.size);
  bool has_value = true;
  if (m.type == kFillValueMessage) {
    uint64_t version, flags;
    if (!fill.Read(1, &version)) return Damaged("fill value");
    if (version == 1 || version == 2) {
      uint64_t defined;
      if (!fill.Skip(2) || !fill.Read(1, &defined)) return Damaged("fill value");
      has_value = version == 1 || defined != 0;
    } else if (version == 3) {
      if (!fill.Read(1, &flags)) return Damaged("fill value");
      has_value = flags & 0x20;
    } else {
      return Damaged(absl::StrCat("fill value version ", version));
    }
  }
  if (!has_value) return absl::OkStatus();
  uint64_t size;
  if (!fill.Read(4, &size) || size > fill.remaining()) return Damaged("fill value larger than its message");
  return absl::OkStatus();
}

absl::Status CheckLayout(const FileBytes& file, const Message& m) {
  Cursor layout(file, m.begin, m.begin + m.size);
  uint64_t version, rank = 0, layout_class;
  if (!layout.Read(1, &version)) return Damaged("layout");
  if (version == 1 || version == 2) {
    if (!layout.Read(1, &rank) || !layout.Read(1, &layout_class) || !layout.Skip(5)) return Damaged("layout");
    if (layout_class != 0 && !layout.Skip(file.offset_size)) return Damaged("layout");
    if (rank > 33 || !layout.Skip(4 * rank)) return Damaged("layout dimensions");
    if (layout_class == 2 && !layout.Skip(4)) return Damaged("layout");
    if (layout_class == 0) {
      uint64_t size;
      if (!layout.Read(4, &size) || size > layout.remaining()) return Damaged("compact data larger than its message");
    }
    return absl::OkStatus();
  }
  if (version != 3 && version != 4) return Damaged(absl::StrCat("layout version ", version));
  if (!layout.Read(1, &layout_class)) return Damaged("layout");
  switch (layout_class) {
    case 0: {
      uint64_t size;
      if (!layout.Read(2, &size) || size > layout.remaining()) return Damaged("compact data larger than its message");
      return absl::OkStatus();
    }
    case 1:
      if (!layout.Skip(file.offset_size + file.length_size)) return Damaged("layout");
      return absl::OkStatus();
    case 2:
      if (version == 3) {
        if (!layout.Read(1, &rank) || rank > 33 || !layout.Skip(file.offset_size + 4 * rank)) {
          return Damaged("chunked layout");
        }
      } else {
        uint64_t width;
        if (!layout.Skip(1) || !layout.Read(1, &rank) || !layout.Read(1, &width) || rank > 33 || width == 0 ||
            width > 8 || !layout.Skip(rank * width)) {
          return Damaged("chunked layout");
        }
      }
      return absl::OkStatus();
    default:
      return Damaged(absl::StrCat("layout class ", layout_class));
  }
}

absl::Status CheckFilterPipeline(const FileBytes& file, const Message& m) {
  Cursor pipeline(file, m.begin, m.begin + m.size);
  uint64_t version, filters;
  if (!pipeline.Read(1, &version) || !pipeline.Read(1, &filters)) return Damaged("filter pipeline");
  if ((version != 1 && version != 2) || filters > 32) return Damaged("filter pipeline");
  if (version == 1 && !pipeline.Skip(6)) return Damaged("filter pipeline");
  for (uint64_t i = 0; i < filters; ++i) {
    uint64_t id, name_length = 0, values;
    if (!pipeline.Read(2, &id)) return Damaged("filter pipeline");
    if ((version == 1 || id >= 256) && !pipeline.Read(2, &name_length)) return Damaged("filter pipeline");
    if (!pipeline.Skip(2) || !pipeline.Read(2, &values)) return Damaged("filter pipeline");
    if (version == 1) name_length = (name_length + 7) / 8 * 8;
    if (!pipeline.Skip(name_length) || !pipeline.Skip(4 * values)) return Damaged("filter pipeline entries");
    if (version == 1 && (values % 2) && !pipeline.Skip(4)) return Damaged("filter pipeline entries");
  }
  return absl::OkStatus();
}

absl::Status CheckExternalFiles(const FileBytes& file, const Message& m) {
  Cursor list(file, m.begin, m.begin + m.size);
  uint64_t version, used;
  if (!list.Read(1, &version) || !list.Skip(3 + 2) || !list.Read(2, &used) || !list.Skip(file.offset_size)) {
    return Damaged("external file list");
  }
  if (used > list.remaining() / (3 * static_cast<uint64_t>(file.length_size))) {
    return Damaged("external file list entries");
  }
  return absl::OkStatus();
}

// A link message of a new-style group: version 1, flags, optional type, creation order and character
// set, the name's length (1 to 8 bytes, per the flags), the name, then the target.
absl::Status CheckLink(const FileBytes& file, const Message& m) {
  Cursor link(file, m.begin, m.begin + m.size);
  uint64_t version, flags, type = 0, name_length;
  // libhdf5 refuses reserved flag bits, then frees the half-built link table of a group as if it
  // were whole: refuse them first.
  if (!link.Read(1, &version) || version != 1 || !link.Read(1, &flags) || (flags & 0xe0)) {
    return Damaged("link message");
  }
  if ((flags & 0x08) && !link.Read(1, &type)) return Damaged("link message");
  if ((flags & 0x04) && !link.Skip(8)) return Damaged("link message");
  if ((flags & 0x10) && !link.Skip(1)) return Damaged("link message");
  if (!link.Read(1 << (flags & 3), &name_length) || name_length == 0 || !link.Skip(name_length)) {
    return Damaged("link name");
  }
  if (type == 0) {  // hard link: an object header address
    if (!link.Skip(file.offset_size)) return Damaged("link target");
  } else if (type == 1 || type >= 64) {  // soft, external or user-defined: a length, then bytes
    uint64_t length;
    if (!link.Read(2, &length) || !link.Skip(length)) return Damaged("link target");
  } else {
    return Damaged(absl::StrCat("link type ", type));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckDatasetHeader(const FileBytes& file, uint64_t header_address) {
  if (file.offset_size < 2 || file.offset_size > 8 || file.length_size < 2 || file.length_size > 8) {
    return absl::UnimplementedError("unusual address sizes in the superblock");
  }
  std::vector<Message> messages;
  if (absl::Status s = CollectMessages(file, header_address, &messages); !s.ok()) return s;
  for (const Message& m : messages) {
    bool checked = m.type == kDataspaceMessage || m.type == kDatatypeMessage || m.type == kOldFillValueMessage ||
                   m.type == kFillValueMessage || m.type == kExternalFilesMessage || m.type == kLayoutMessage ||
                   m.type == kFilterPipelineMessage;
    if (!checked) continue;
    if (m.flags & kSharedMessageFlag) {
      return absl::UnimplementedError("a shared (committed) datatype or other shared message");
    }
    absl::Status s;
    switch (m.type) {
      case kDataspaceMessage:
        s = CheckDataspace(file, m);
        break;
      case kDatatypeMessage:
        s = CheckTensorDatatype(file, m.begin, m.begin + m.size, 0);
        break;
      case kOldFillValueMessage:
      case kFillValueMessage:
        s = CheckFillValue(file, m);
        break;
      case kExternalFilesMessage:
        s = CheckExternalFiles(file, m);
        break;
      case kLayoutMessage:
        s = CheckLayout(file, m);
        break;
      case kFilterPipelineMessage:
        s = CheckFilterPipeline(file, m);
        break;
    }
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status CheckGroupHeader(const FileBytes& file, uint64_t header_address) {
  if (file.offset_size < 2 || file.offset_size > 8 || file.length_size < 2 || file.length_size > 8) {
    return absl::UnimplementedError("unusual address sizes in the superblock");
  }
  std::vector<Message> messages;
  if (absl::Status s = CollectMessages(file, header_address, &messages); !s.ok()) return s;
  for (const Message& m : messages) {
    if (m.type == kLinkMessage) {
      if (absl::Status s = CheckLink(file, m); !s.ok()) return s;
      continue;
    }
    if (m.type != kSymbolTableMessage) continue;
    Cursor table(file, m.begin, m.begin + m.size);
    uint64_t tree, heap;
    if (!table.Read(file.offset_size, &tree) || !table.Read(file.offset_size, &heap)) return Damaged("symbol table");
    // Local heap: "HEAP", version 0, 3 reserved bytes, data segment size, free list offset, data address.
    uint64_t start;
    if (!ToAbsolute(file, heap, 8 + 2 * file.length_size + file.offset_size, &start)) {
      return Damaged("local heap outside the file");
    }
    Cursor prefix(file, start, file.size);
    uint64_t version, data_size, free_list, data_address, data_start;
    if (!prefix.Matches("HEAP", 4) || !prefix.Skip(4) || !prefix.Read(1, &version) || version != 0 ||
        !prefix.Skip(3) || !prefix.Read(file.length_size, &data_size) || !prefix.Read(file.length_size, &free_list) ||
        !prefix.Read(file.offset_size, &data_address)) {
      return Damaged("local heap header");
    }
    if (!ToAbsolute(file, data_address, data_size, &data_start)) return Damaged("local heap data outside the file");
    // The free list: blocks of (next offset, size) inside the data segment, ended by offset 1
    // (libhdf5's H5HL_FREE_NULL). libhdf5 follows it without noticing a cycle.
    constexpr uint64_t kEndOfFreeList = 1;
    const uint64_t block_header = 2 * static_cast<uint64_t>(file.length_size);
    for (uint64_t block = free_list, steps = 0; block != kEndOfFreeList; ++steps) {
      if (block >= data_size || data_size - block < block_header || steps > data_size / block_header) {
        return Damaged("local heap free list");
      }
      Cursor free_block(file, data_start + block, data_start + data_size);
      uint64_t next = 0, size = 0;
      free_block.Read(file.length_size, &next);
      free_block.Read(file.length_size, &size);
      if (size > data_size - block) return Damaged("local heap free block");
      block = next;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckVariableLengthAttribute(const FileBytes& file, uint64_t header_address, const std::string& name,
                                          uint64_t element_count, uint64_t base_type_size) {
  if (file.offset_size < 2 || file.offset_size > 8 || file.length_size < 2 || file.length_size > 8) {
    return absl::UnimplementedError("unusual address sizes in the superblock");
  }
  std::vector<Message> messages;
  if (absl::Status s = CollectMessages(file, header_address, &messages); !s.ok()) return s;
  bool dense = false;
  int found = 0;
  const uint64_t descriptor = 4 + file.offset_size + 4;
  std::map<uint64_t, std::map<uint64_t, Chunk>> collections;
  for (const Message& m : messages) {
    if (m.type == kAttributeInfoMessage) {
      // Version, flags, [max creation index], fractal heap address: defined when attributes are dense.
      Cursor info(file, m.begin, m.begin + m.size);
      uint64_t version, flags, heap;
      if (info.Read(1, &version) && info.Read(1, &flags) && (!(flags & 1) || info.Skip(2)) &&
          info.Read(file.offset_size, &heap) && !IsUndefinedAddress(heap, file.offset_size)) {
        dense = true;
      }
    }
    if (m.type != kAttributeMessage) continue;
    if (m.flags & kSharedMessageFlag) return absl::UnimplementedError("shared attribute messages");
    absl::StatusOr<AttributeParts> parts = ParseAttribute(file, m, name);
    if (!parts.ok()) return parts.status();
    if (!parts->named) continue;
    ++found;
    if (parts->shared_type) return absl::UnimplementedError("a shared attribute datatype");
    if (absl::Status s = CheckVariableLengthType(file, *parts, base_type_size); !s.ok()) return s;
    const uint64_t data = parts->data_begin;
    uint64_t end = m.begin + m.size;
    if (element_count > (end - data) / descriptor) return Damaged("attribute data shorter than its dataspace");
    Cursor cursor(file, data, end);
    for (uint64_t i = 0; i < element_count; ++i) {
      uint64_t length = 0, heap = 0, index = 0;
      cursor.Read(4, &length);
      cursor.Read(file.offset_size, &heap);
      cursor.Read(4, &index);
      if (heap == 0) continue;  // a null string: libhdf5 reads nothing
      auto it = collections.find(heap);
      if (it == collections.end()) {
        std::map<uint64_t, Chunk> objects;
        if (absl::Status s = WalkCollection(file, heap, &objects); !s.ok()) return s;
        it = collections.emplace(heap, std::move(objects)).first;
      }
      auto object = it->second.find(index);
      if (index == 0 || object == it->second.end()) return Damaged("string refers to a missing global heap object");
      // libhdf5 copies the whole heap object into a buffer sized by the descriptor's length.
      if (base_type_size == 0 || length > UINT64_MAX / base_type_size ||
          object->second.end - object->second.begin != length * base_type_size) {
        return Damaged("string length differs from its global heap object");
      }
    }
  }
  if (found == 0) {
    if (dense) return absl::UnimplementedError("attributes kept in dense storage");
    return Damaged("attribute missing from its object header");
  }
  return absl::OkStatus();
}

}  // namespace h5_internal
}  // namespace tfconv

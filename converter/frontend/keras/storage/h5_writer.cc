#include "converter/frontend/keras/storage/h5_writer.h"

#include <hdf5.h>
#include <zip.h>

#include <algorithm>
#include <atomic>

#include "absl/strings/str_cat.h"
#include "converter/frontend/keras/storage/internal/h5_util.h"

namespace tfconv {

using h5_internal::Id;
using h5_internal::NormalizePath;
using h5_internal::QuietErrors;
using h5_internal::SplitPath;
using h5_internal::TakeErrorDetail;

struct H5Writer::State {
  std::string name;
  Id group_create_plist;  // for every group we create (creation order tracking)
  Id file;
};

namespace {

absl::Status Failed(const std::string& message) {
  std::string detail = TakeErrorDetail();
  return absl::InternalError(detail.empty() ? message : absl::StrCat(message, " (libhdf5: ", detail, ")"));
}

absl::StatusOr<std::unique_ptr<H5Writer::State>> NewState(const std::string& name, const H5WriterOptions& options) {
  auto state = std::make_unique<H5Writer::State>();
  state->name = name;
  state->group_create_plist = Id(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
  if (!state->group_create_plist.valid()) return Failed(absl::StrCat(name, ": cannot make a property list"));
  if (options.track_creation_order &&
      H5Pset_link_creation_order(state->group_create_plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) {
    return Failed(absl::StrCat(name, ": cannot track creation order"));
  }
  return state;
}

absl::StatusOr<Id> FileCreatePlist(const std::string& name, const H5WriterOptions& options) {
  Id plist(H5Pcreate(H5P_FILE_CREATE), H5Pclose);
  if (!plist.valid()) return Failed(absl::StrCat(name, ": cannot make a property list"));
  if (options.user_block_size != 0 && H5Pset_userblock(plist.get(), options.user_block_size) < 0) {
    return Failed(absl::StrCat(name, ": invalid user block size ", options.user_block_size));
  }
  // The root group's link order is set on the file creation list.
  if (options.track_creation_order &&
      H5Pset_link_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) < 0) {
    return Failed(absl::StrCat(name, ": cannot track creation order"));
  }
  return plist;
}

// The file and memory types of a tensor's elements, as h5py would write them.
struct Types {
  Id file;
  Id memory;
};

absl::StatusOr<Types> TypesFor(DataType dtype, bool big_endian, const std::string& where) {
  auto copy_of = [](hid_t type) { return Id(H5Tcopy(type), H5Tclose); };
  Types types;
  switch (dtype) {
    case DataType::kFloat:
      types.file = copy_of(big_endian ? H5T_IEEE_F32BE : H5T_IEEE_F32LE);
      types.memory = copy_of(H5T_NATIVE_FLOAT);
      break;
    case DataType::kDouble:
      types.file = copy_of(big_endian ? H5T_IEEE_F64BE : H5T_IEEE_F64LE);
      types.memory = copy_of(H5T_NATIVE_DOUBLE);
      break;
    case DataType::kHalf:
      types.file = Id(h5_internal::MakeHalfType(), H5Tclose);
      types.memory = Id(h5_internal::MakeHalfType(), H5Tclose);
      if (big_endian && types.file.valid()) H5Tset_order(types.file.get(), H5T_ORDER_BE);
      break;
    case DataType::kBFloat16:
      // h5py has no bfloat16: numpy's ml_dtypes.bfloat16 is a 2-byte void type, written as opaque.
      types.file = Id(H5Tcreate(H5T_OPAQUE, 2), H5Tclose);
      types.memory = copy_of(types.file.get());
      break;
    case DataType::kInt8:
      types.file = copy_of(H5T_STD_I8LE);
      types.memory = copy_of(H5T_NATIVE_INT8);
      break;
    case DataType::kUInt8:
      types.file = copy_of(H5T_STD_U8LE);
      types.memory = copy_of(H5T_NATIVE_UINT8);
      break;
    case DataType::kInt16:
      types.file = copy_of(big_endian ? H5T_STD_I16BE : H5T_STD_I16LE);
      types.memory = copy_of(H5T_NATIVE_INT16);
      break;
    case DataType::kUInt16:
      types.file = copy_of(big_endian ? H5T_STD_U16BE : H5T_STD_U16LE);
      types.memory = copy_of(H5T_NATIVE_UINT16);
      break;
    case DataType::kInt32:
      types.file = copy_of(big_endian ? H5T_STD_I32BE : H5T_STD_I32LE);
      types.memory = copy_of(H5T_NATIVE_INT32);
      break;
    case DataType::kUInt32:
      types.file = copy_of(big_endian ? H5T_STD_U32BE : H5T_STD_U32LE);
      types.memory = copy_of(H5T_NATIVE_UINT32);
      break;
    case DataType::kInt64:
      types.file = copy_of(big_endian ? H5T_STD_I64BE : H5T_STD_I64LE);
      types.memory = copy_of(H5T_NATIVE_INT64);
      break;
    case DataType::kUInt64:
      types.file = copy_of(big_endian ? H5T_STD_U64BE : H5T_STD_U64LE);
      types.memory = copy_of(H5T_NATIVE_UINT64);
      break;
    case DataType::kBool: {
      types.file = Id(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
      int8_t no = 0, yes = 1;
      if (types.file.valid()) {
        H5Tenum_insert(types.file.get(), "FALSE", &no);
        H5Tenum_insert(types.file.get(), "TRUE", &yes);
      }
      types.memory = copy_of(types.file.get());
      break;
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": cannot write a ", DataTypeName(dtype), " tensor to HDF5"));
  }
  if (!types.file.valid() || !types.memory.valid()) return Failed(absl::StrCat(where, ": cannot make the HDF5 types"));
  return types;
}

// Writes a string attribute on an open object, replacing an existing one.
absl::Status WriteAttribute(hid_t object, const std::string& attr, hid_t type, hid_t space, const void* data,
                            const std::string& where) {
  if (H5Aexists(object, attr.c_str()) > 0 && H5Adelete(object, attr.c_str()) < 0) {
    return Failed(absl::StrCat(where, ": cannot replace the attribute"));
  }
  Id handle(H5Acreate2(object, attr.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!handle.valid()) return Failed(absl::StrCat(where, ": cannot create the attribute"));
  if (H5Awrite(handle.get(), type, data) < 0) return Failed(absl::StrCat(where, ": cannot write the attribute"));
  return absl::OkStatus();
}

}  // namespace

H5Writer::H5Writer(std::unique_ptr<State> state) : state_(std::move(state)) {}
H5Writer::H5Writer(H5Writer&& other) noexcept = default;
H5Writer& H5Writer::operator=(H5Writer&& other) noexcept = default;
H5Writer::~H5Writer() = default;

absl::StatusOr<H5Writer> H5Writer::Create(const std::string& path, const H5WriterOptions& options) {
  QuietErrors();
  absl::StatusOr<std::unique_ptr<State>> state = NewState(path, options);
  if (!state.ok()) return state.status();
  absl::StatusOr<Id> create_plist = FileCreatePlist(path, options);
  if (!create_plist.ok()) return create_plist.status();
  (*state)->file = Id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, create_plist->get(), H5P_DEFAULT), H5Fclose);
  if (!(*state)->file.valid()) return Failed(absl::StrCat(path, ": cannot create the HDF5 file"));
  return H5Writer(*std::move(state));
}

absl::StatusOr<H5Writer> H5Writer::CreateInMemory(const H5WriterOptions& options) {
  QuietErrors();
  // The core driver identifies files by name even without a backing file: keep names unique.
  static std::atomic<int> counter{0};
  std::string name = absl::StrCat("in-memory-", counter.fetch_add(1), ".h5");
  absl::StatusOr<std::unique_ptr<State>> state = NewState(name, options);
  if (!state.ok()) return state.status();
  absl::StatusOr<Id> create_plist = FileCreatePlist(name, options);
  if (!create_plist.ok()) return create_plist.status();
  Id access_plist(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (!access_plist.valid() || H5Pset_fapl_core(access_plist.get(), 1 << 16, /*backing_store=*/0) < 0) {
    return Failed(absl::StrCat(name, ": cannot set up the in-memory driver"));
  }
  (*state)->file = Id(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, create_plist->get(), access_plist.get()), H5Fclose);
  if (!(*state)->file.valid()) return Failed(absl::StrCat(name, ": cannot create the HDF5 file"));
  return H5Writer(*std::move(state));
}

absl::Status H5Writer::CreateGroup(const std::string& group_path) {
  QuietErrors();
  if (!state_->file.valid()) return absl::FailedPreconditionError(absl::StrCat(state_->name, ": already closed"));
  std::string prefix;
  for (const std::string& part : SplitPath(group_path)) {
    absl::StrAppend(&prefix, "/", part);
    if (H5Lexists(state_->file.get(), prefix.c_str(), H5P_DEFAULT) > 0) continue;
    Id group(H5Gcreate2(state_->file.get(), prefix.c_str(), H5P_DEFAULT, state_->group_create_plist.get(), H5P_DEFAULT),
             H5Gclose);
    if (!group.valid()) return Failed(absl::StrCat(state_->name, ": ", prefix, ": cannot create the group"));
  }
  return absl::OkStatus();
}

absl::Status H5Writer::SetStringAttribute(const std::string& object_path, const std::string& attr,
                                          const std::string& value, bool variable_length) {
  QuietErrors();
  std::string where = absl::StrCat(state_->name, ": ", NormalizePath(object_path), ": attribute '", attr, "'");
  if (!state_->file.valid()) return absl::FailedPreconditionError(absl::StrCat(state_->name, ": already closed"));
  Id object(H5Oopen(state_->file.get(), NormalizePath(object_path).c_str(), H5P_DEFAULT), H5Oclose);
  if (!object.valid()) return Failed(absl::StrCat(where, ": no such object"));
  Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  Id space(H5Screate(H5S_SCALAR), H5Sclose);
  if (!type.valid() || !space.valid()) return Failed(absl::StrCat(where, ": cannot make the types"));
  if (variable_length) {
    if (H5Tset_size(type.get(), H5T_VARIABLE) < 0 || H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
      return Failed(absl::StrCat(where, ": cannot make the types"));
    }
    const char* text = value.c_str();
    return WriteAttribute(object.get(), attr, type.get(), space.get(), &text, where);
  }
  std::string padded = value.empty() ? std::string(1, '\0') : value;
  if (H5Tset_size(type.get(), padded.size()) < 0 || H5Tset_strpad(type.get(), H5T_STR_NULLPAD) < 0) {
    return Failed(absl::StrCat(where, ": cannot make the types"));
  }
  return WriteAttribute(object.get(), attr, type.get(), space.get(), padded.data(), where);
}

absl::Status H5Writer::SetStringListAttribute(const std::string& object_path, const std::string& attr,
                                              const std::vector<std::string>& values) {
  QuietErrors();
  std::string where = absl::StrCat(state_->name, ": ", NormalizePath(object_path), ": attribute '", attr, "'");
  if (!state_->file.valid()) return absl::FailedPreconditionError(absl::StrCat(state_->name, ": already closed"));
  Id object(H5Oopen(state_->file.get(), NormalizePath(object_path).c_str(), H5P_DEFAULT), H5Oclose);
  if (!object.valid()) return Failed(absl::StrCat(where, ": no such object"));
  hsize_t count = values.size();
  Id space(H5Screate_simple(1, &count, nullptr), H5Sclose);
  if (!space.valid()) return Failed(absl::StrCat(where, ": cannot make the dataspace"));
  if (values.empty()) {
    double unused = 0;
    return WriteAttribute(object.get(), attr, H5T_IEEE_F64LE, space.get(), &unused, where);
  }
  size_t width = 1;
  for (const std::string& v : values) width = std::max(width, v.size());
  std::string bytes(width * values.size(), '\0');
  for (size_t i = 0; i < values.size(); ++i) std::copy(values[i].begin(), values[i].end(), bytes.begin() + i * width);
  Id type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type.valid() || H5Tset_size(type.get(), width) < 0 || H5Tset_strpad(type.get(), H5T_STR_NULLPAD) < 0) {
    return Failed(absl::StrCat(where, ": cannot make the types"));
  }
  return WriteAttribute(object.get(), attr, type.get(), space.get(), bytes.data(), where);
}

absl::Status H5Writer::WriteDataset(const std::string& dataset_path, const Tensor& value,
                                    const H5DatasetOptions& options) {
  QuietErrors();
  std::string path = NormalizePath(dataset_path);
  std::string where = absl::StrCat(state_->name, ": ", path);
  if (!state_->file.valid()) return absl::FailedPreconditionError(absl::StrCat(state_->name, ": already closed"));
  if (!value.IsValid()) return absl::InvalidArgumentError(absl::StrCat(where, ": invalid tensor ", value.DebugString()));
  absl::StatusOr<Types> types = TypesFor(value.dtype(), options.big_endian, where);
  if (!types.ok()) return types.status();
  if (absl::Status parents = CreateGroup(h5_internal::ParentPath(path)); !parents.ok()) return parents;

  std::vector<hsize_t> dims(value.shape().begin(), value.shape().end());
  Id space(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
           H5Sclose);
  Id create_plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!space.valid() || !create_plist.valid()) return Failed(absl::StrCat(where, ": cannot make the dataspace"));
  if (options.chunked || options.deflate) {
    if (dims.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": a scalar cannot be chunked"));
    std::vector<hsize_t> chunk = dims;
    for (hsize_t& d : chunk) d = std::max<hsize_t>(d, 1);
    if (H5Pset_chunk(create_plist.get(), static_cast<int>(chunk.size()), chunk.data()) < 0 ||
        (options.deflate && H5Pset_deflate(create_plist.get(), 6) < 0)) {
      return Failed(absl::StrCat(where, ": cannot set up chunking"));
    }
  }
  Id dataset(H5Dcreate2(state_->file.get(), path.c_str(), types->file.get(), space.get(), H5P_DEFAULT,
                        create_plist.get(), H5P_DEFAULT),
             H5Dclose);
  if (!dataset.valid()) return Failed(absl::StrCat(where, ": cannot create the dataset"));
  if (value.NumElements() > 0 &&
      H5Dwrite(dataset.get(), types->memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, value.bytes().data()) < 0) {
    return Failed(absl::StrCat(where, ": cannot write the data"));
  }
  if (value.dtype() == DataType::kBFloat16) {
    // Keras 3's H5IOStore marks bfloat16 data this way (h5py writes a str as a variable-length UTF-8 string).
    Id type(H5Tcopy(H5T_C_S1), H5Tclose);
    Id scalar(H5Screate(H5S_SCALAR), H5Sclose);
    if (!type.valid() || !scalar.valid() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
        H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
      return Failed(absl::StrCat(where, ": cannot make the types"));
    }
    const char* text = "bfloat16";
    return WriteAttribute(dataset.get(), "dtype", type.get(), scalar.get(), &text, where);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> H5Writer::Image() {
  QuietErrors();
  if (!state_->file.valid()) return absl::FailedPreconditionError(absl::StrCat(state_->name, ": already closed"));
  if (H5Fflush(state_->file.get(), H5F_SCOPE_GLOBAL) < 0) return Failed(absl::StrCat(state_->name, ": cannot flush"));
  ssize_t size = H5Fget_file_image(state_->file.get(), nullptr, 0);
  if (size <= 0) return Failed(absl::StrCat(state_->name, ": cannot get the file image"));
  std::string bytes(static_cast<size_t>(size), '\0');
  if (H5Fget_file_image(state_->file.get(), bytes.data(), bytes.size()) != size) {
    return Failed(absl::StrCat(state_->name, ": cannot get the file image"));
  }
  return bytes;
}

absl::Status H5Writer::Close() {
  QuietErrors();
  if (!state_->file.valid()) return absl::OkStatus();
  if (H5Fclose(state_->file.Release()) < 0) return Failed(absl::StrCat(state_->name, ": cannot close the file"));
  return absl::OkStatus();
}

namespace {

// Keras 2 splits a string-list attribute into name0, name1, ... so that no piece exceeds the 64 KiB an
// HDF5 object header holds (HDF5_OBJECT_HEADER_LIMIT = 64512 bytes), numpy.array_split-style.
absl::Status SetKerasStringList(H5Writer& writer, const std::string& object_path, const std::string& attr,
                                const std::vector<std::string>& values) {
  constexpr size_t kHeaderLimit = 64512;
  size_t width = 1;
  for (const std::string& v : values) width = std::max(width, v.size());
  size_t n = values.size();
  size_t chunks = 1;
  while ((n + chunks - 1) / chunks * width > kHeaderLimit) ++chunks;
  if (chunks == 1) return writer.SetStringListAttribute(object_path, attr, values);
  size_t begin = 0;
  for (size_t c = 0; c < chunks; ++c) {
    size_t size = n / chunks + (c < n % chunks ? 1 : 0);
    std::vector<std::string> part(values.begin() + begin, values.begin() + begin + size);
    // Every piece keeps the full list's width, as numpy's array_split of one array does.
    if (absl::Status s = writer.SetStringListAttribute(object_path, absl::StrCat(attr, c), part); !s.ok()) return s;
    begin += size;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteKerasH5(const std::string& path, const std::string& model_config_json,
                          const std::vector<KerasH5Layer>& layers, const std::string& keras_version) {
  absl::StatusOr<H5Writer> writer = H5Writer::Create(path);
  if (!writer.ok()) return writer.status();
  std::vector<std::string> layer_names;
  for (const KerasH5Layer& layer : layers) layer_names.push_back(layer.name);
  absl::Status s = writer->SetStringAttribute("/", "backend", "tensorflow");
  if (s.ok()) s = writer->SetStringAttribute("/", "keras_version", keras_version);
  if (s.ok()) s = writer->SetStringAttribute("/", "model_config", model_config_json);
  if (s.ok()) s = writer->CreateGroup("/model_weights");
  if (s.ok()) s = SetKerasStringList(*writer, "/model_weights", "layer_names", layer_names);
  if (s.ok()) s = writer->SetStringAttribute("/model_weights", "backend", "tensorflow");
  if (s.ok()) s = writer->SetStringAttribute("/model_weights", "keras_version", keras_version);
  for (const KerasH5Layer& layer : layers) {
    if (!s.ok()) break;
    std::string group = absl::StrCat("/model_weights/", layer.name);
    std::vector<std::string> weight_names;
    for (const auto& [name, value] : layer.weights) {
      weight_names.push_back(name.find('/') == std::string::npos ? absl::StrCat(layer.name, "/", name, ":0")
                                                                 : absl::StrCat(name, ":0"));
    }
    s = writer->CreateGroup(group);
    if (s.ok()) s = SetKerasStringList(*writer, group, "weight_names", weight_names);
    for (size_t i = 0; i < layer.weights.size() && s.ok(); ++i) {
      s = writer->WriteDataset(absl::StrCat(group, "/", weight_names[i]), layer.weights[i].second);
    }
  }
  if (!s.ok()) return s;
  return writer->Close();
}

namespace {

absl::Status FillKerasV3Weights(H5Writer& writer, const std::vector<KerasV3Vars>& entries) {
  for (const KerasV3Vars& entry : entries) {
    std::string vars = NormalizePath(absl::StrCat(entry.path, "/vars"));
    if (absl::Status s = writer.CreateGroup(vars); !s.ok()) return s;
    if (!entry.name.empty()) {
      if (absl::Status s = writer.SetStringAttribute(vars, "name", entry.name); !s.ok()) return s;
    }
    for (size_t i = 0; i < entry.values.size(); ++i) {
      if (absl::Status s = writer.WriteDataset(absl::StrCat(vars, "/", i), entry.values[i]); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteKerasV3Weights(const std::string& path, const std::vector<KerasV3Vars>& entries) {
  absl::StatusOr<H5Writer> writer = H5Writer::Create(path);
  if (!writer.ok()) return writer.status();
  if (absl::Status s = FillKerasV3Weights(*writer, entries); !s.ok()) return s;
  return writer->Close();
}

absl::StatusOr<std::string> KerasV3WeightsImage(const std::vector<KerasV3Vars>& entries) {
  absl::StatusOr<H5Writer> writer = H5Writer::CreateInMemory();
  if (!writer.ok()) return writer.status();
  if (absl::Status s = FillKerasV3Weights(*writer, entries); !s.ok()) return s;
  absl::StatusOr<std::string> image = writer->Image();
  if (!image.ok()) return image.status();
  if (absl::Status s = writer->Close(); !s.ok()) return s;
  return image;
}

absl::Status WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries,
                      bool deflate) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_error_t details;
    zip_error_init_with_code(&details, error);
    std::string message = absl::StrCat(path, ": cannot create the zip: ", zip_error_strerror(&details));
    zip_error_fini(&details);
    return absl::InternalError(message);
  }
  for (const auto& [name, bytes] : entries) {
    // libzip reads the buffer at zip_close(); `entries` outlives it.
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    zip_int64_t index = source == nullptr ? -1 : zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0 ||
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 0) < 0) {
      if (source != nullptr && index < 0) zip_source_free(source);
      std::string message = absl::StrCat(path, ": cannot add ", name, ": ", zip_strerror(archive));
      zip_discard(archive);
      return absl::InternalError(message);
    }
  }
  if (zip_close(archive) < 0) {
    std::string message = absl::StrCat(path, ": cannot write the zip: ", zip_strerror(archive));
    zip_discard(archive);
    return absl::InternalError(message);
  }
  return absl::OkStatus();
}

absl::Status WriteKerasArchive(const std::string& path, const std::string& config_json,
                               const std::string& weights_h5_bytes, const std::string& metadata_json) {
  return WriteZip(path, {{"metadata.json", metadata_json},
                         {"config.json", config_json},
                         {"model.weights.h5", weights_h5_bytes}});
}

}  // namespace tfconv

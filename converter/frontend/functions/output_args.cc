#include "converter/frontend/functions/output_args.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfconv {
namespace {

// Length of a list argument from the node, else from the OpDef default; -1 when neither has it.
absl::StatusOr<int> ArgLength(const tensorflow::NodeDef& node, const OutputArg& arg) {
  if (arg.kind == OutputArg::Kind::kSingle) return 1;
  auto it = node.attr().find(arg.attr);
  if (it == node.attr().end()) return arg.default_length;
  const tensorflow::AttrValue& value = it->second;
  if (arg.kind == OutputArg::Kind::kNumberAttr) {
    if (value.value_case() != tensorflow::AttrValue::kI) {
      return absl::InvalidArgumentError(absl::StrCat("attr '", arg.attr, "' (the length of output '",
                                                     arg.name, "') is not an int"));
    }
    if (value.i() < 0 || value.i() > (1 << 20)) {
      return absl::InvalidArgumentError(absl::StrCat("attr '", arg.attr, "' = ", value.i(),
                                                     " is not a valid length for output '", arg.name,
                                                     "'"));
    }
    return static_cast<int>(value.i());
  }
  if (value.value_case() != tensorflow::AttrValue::kList) {
    return absl::InvalidArgumentError(absl::StrCat("attr '", arg.attr, "' (the types of output '",
                                                   arg.name, "') is not a list of types"));
  }
  return value.list().type_size();
}

std::string ArgNames(const std::vector<OutputArg>& args) {
  return absl::StrJoin(args, ", ",
                       [](std::string* out, const OutputArg& a) { out->append(a.name); });
}

}  // namespace

std::vector<OutputArg> OutputArgsOfOpDef(const tensorflow::OpDef& op_def) {
  std::vector<OutputArg> args;
  for (const tensorflow::OpDef::ArgDef& def : op_def.output_arg()) {
    OutputArg arg;
    arg.name = def.name();
    if (!def.number_attr().empty()) {
      arg.kind = OutputArg::Kind::kNumberAttr;
      arg.attr = def.number_attr();
    } else if (!def.type_list_attr().empty()) {
      arg.kind = OutputArg::Kind::kTypeListAttr;
      arg.attr = def.type_list_attr();
    }
    if (arg.kind != OutputArg::Kind::kSingle) {
      for (const tensorflow::OpDef::AttrDef& attr : op_def.attr()) {
        if (attr.name() != arg.attr || !attr.has_default_value()) continue;
        const tensorflow::AttrValue& d = attr.default_value();
        if (arg.kind == OutputArg::Kind::kNumberAttr && d.value_case() == tensorflow::AttrValue::kI &&
            d.i() >= 0) {
          arg.default_length = static_cast<int>(d.i());
        } else if (arg.kind == OutputArg::Kind::kTypeListAttr &&
                   d.value_case() == tensorflow::AttrValue::kList) {
          arg.default_length = d.list().type_size();
        }
      }
    }
    args.push_back(std::move(arg));
  }
  return args;
}

OutputArgResolver::OutputArgResolver(const tensorflow::FunctionDefLibrary* library,
                                     const tensorflow::OpList* op_defs) {
  if (library != nullptr) {
    for (const tensorflow::FunctionDef& fn : library->function()) {
      from_library_.emplace(fn.signature().name(), OutputArgsOfOpDef(fn.signature()));
    }
  }
  if (op_defs != nullptr) {
    for (const tensorflow::OpDef& op : op_defs->op()) {
      from_op_defs_.emplace(op.name(), OutputArgsOfOpDef(op));
    }
  }
}

const std::vector<OutputArg>* OutputArgResolver::Find(absl::string_view op) const {
  if (auto it = from_library_.find(op); it != from_library_.end()) return &it->second;
  if (auto it = from_op_defs_.find(op); it != from_op_defs_.end()) return &it->second;
  return BuiltinOutputArgs(op);
}

absl::StatusOr<OutputRange> OutputArgResolver::Range(const tensorflow::NodeDef& node,
                                                     absl::string_view arg) const {
  const std::vector<OutputArg>* args = Find(node.op());
  if (args == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        "the output arguments of op '", node.op(),
        "' are unknown (not a library function, not in the OpDefs given, not in the built-in "
        "table): pass the MetaGraphDef's stripped_op_list as InlineOptions::op_defs, or add the op "
        "to converter/frontend/functions/output_args_table.cc"));
  }
  if (args->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("op '", node.op(), "' has no outputs"));
  }
  int first = 0;
  for (const OutputArg& a : *args) {
    absl::StatusOr<int> length = ArgLength(node, a);
    if (!length.ok()) return length.status();
    if (a.name == arg) return OutputRange{first, *length};
    if (*length < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "output '", arg, "' of op '", node.op(), "' comes after the list '", a.name,
          "' whose length attr '", a.attr, "' the node does not set"));
    }
    first += *length;
  }
  return absl::NotFoundError(absl::StrCat("op '", node.op(), "' has no output argument '", arg,
                                          "' (it has ", ArgNames(*args), ")"));
}

absl::StatusOr<int> OutputArgResolver::NumOutputs(const tensorflow::NodeDef& node) const {
  const std::vector<OutputArg>* args = Find(node.op());
  if (args == nullptr) {
    return absl::NotFoundError(absl::StrCat("the output arguments of op '", node.op(),
                                            "' are unknown"));
  }
  int total = 0;
  for (const OutputArg& a : *args) {
    absl::StatusOr<int> length = ArgLength(node, a);
    if (!length.ok()) return length.status();
    if (*length < 0) return -1;
    total += *length;
  }
  return total;
}

}  // namespace tfconv

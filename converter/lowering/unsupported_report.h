// UnsupportedReport: collects the nodes that cannot be lowered and renders them as one message,
// grouped by op with counts and node names.
//
//   UnsupportedReport report;
//   report.Add(node, "no plugin registers this op");
//   if (!report.empty()) return report.ToStatus();
//   // 2 nodes cannot be converted (1 op):
//   //   FooBar x2: 'a', 'b' — no plugin registers this op
#ifndef TFCONV_CONVERTER_LOWERING_UNSUPPORTED_REPORT_H_
#define TFCONV_CONVERTER_LOWERING_UNSUPPORTED_REPORT_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "converter/graph/graph.h"

namespace tfconv {

class UnsupportedReport {
 public:
  void Add(const Node& node, std::string reason);
  bool empty() const { return by_op_.empty(); }
  // kUnimplemented with the full report; a hint about --allow_custom_ops when it would help.
  absl::Status ToStatus(bool custom_ops_allowed) const;

 private:
  struct Entry {
    std::vector<std::string> nodes;
    std::vector<std::string> reasons;  // distinct reasons, in first-seen order
  };
  std::map<std::string, Entry> by_op_;
  int total_ = 0;
};

}  // namespace tfconv

#endif  // TFCONV_CONVERTER_LOWERING_UNSUPPORTED_REPORT_H_

#!/usr/bin/env bash
# Builds the SoftClip example as an out-of-tree plugin would be built: in a Bazel workspace of its
# own that reaches this converter checkout through local_repository, then converts
# testdata/softclip.pbtxt with it. Shows (and checks) the recipe of README.md, "Out of tree".
#
#   plugins/examples/build_out_of_tree.sh [WORK_DIR]     # default: ${TMPDIR:-/tmp}/tfconv_oot
#
# The scratch workspace gets its own Bazel server (stopped again at the end); the disk cache of
# tools/bazel.sh is shared. Exit status 0 when the plugin built and the conversion used it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${1:-${TMPDIR:-/tmp}/tfconv_oot}
rm -rf "$WORK/my_ops"
mkdir -p "$WORK/my_ops/softclip"
cd "$WORK/my_ops"

cat > WORKSPACE <<WS
workspace(name = "my_ops")

# The converter whose headers the plugin is compiled against (and so whose ABI hash it carries).
local_repository(name = "tfconv", path = "$ROOT")

# The two repositories the converter's own WORKSPACE provides for an offline Bazel 4.2.3.
local_repository(name = "rules_cc", path = "$ROOT/third_party/rules_cc_stub")
local_repository(name = "rules_java", path = "/usr/share/bazel/rules/java")
WS

cat > .bazelrc <<'RC'
common --experimental_repository_disable_download
build --nosandbox_debug
build --cxxopt=-std=c++17 --host_cxxopt=-std=c++17
build --compilation_mode=opt
RC

# The example's sources, with their include paths moved to this workspace.
for f in softclip.h softclip.cc softclip_keras_layer.h softclip_keras_layer.cc plugin_entry.cc; do
  sed 's#plugins/examples/custom_op/#softclip/#' "$ROOT/plugins/examples/custom_op/$f" > "softclip/$f"
done

cat > softclip/BUILD <<'B'
cc_binary(
    name = "libsoftclip_op.so",
    srcs = ["plugin_entry.cc", "softclip.cc", "softclip.h", "softclip_keras_layer.cc", "softclip_keras_layer.h"],
    # Only the entry point is exported; the converter's symbols stay undefined until dlopen.
    copts = ["-fvisibility=hidden", "-fvisibility-inlines-hidden"],
    linkshared = True,
    deps = ["@tfconv//ops:plugin_headers"],
)
B

status=0
timeout 900 "$ROOT/tools/bazel.sh" build //softclip:libsoftclip_op.so || status=$?
PLUGIN="$WORK/my_ops/bazel-bin/softclip/libsoftclip_op.so"
if [[ $status -eq 0 ]]; then
  cd "$ROOT"
  timeout 900 tools/bazel.sh build //converter:tflite_convert
  bazel-bin/converter/tflite_convert --plugin="$PLUGIN" --strict_plugins \
    --graph_def_file=plugins/examples/testdata/softclip.pbtxt --output_file="$WORK/softclip.tflite" \
    --input_arrays=x --input_shapes=2,3 --output_arrays=soft_clip || status=$?
fi
(cd "$WORK/my_ops" && bazel --output_user_root="${TFCONV_BAZEL_ROOT:-$HOME/.cache/bazel-tfconv}" shutdown) || true
[[ $status -eq 0 ]] && echo "out-of-tree plugin: $PLUGIN"
exit "$status"

"""tfconv_plugin: an op plugin shared library, built against the plugin headers only."""

_EXPORTS = str(Label("//tools/build_defs:plugin_exports.lds"))

def tfconv_plugin(name, srcs, deps = [], visibility = None, testonly = False):
    """Builds lib<name>.so exporting the tfconv plugin entry point.

    Args:
      name: plugin name; the output is lib<name>.so.
      srcs: the plugin's sources.
      deps: extra libraries, themselves compiled against //ops:plugin_headers only.
      visibility: visibility of the .so target.
      testonly: for fixture plugins.
    """
    native.cc_binary(
        name = "lib" + name + ".so",
        srcs = srcs,
        # Labels, not strings, so that the macro also works from another workspace.
        deps = [Label("//ops:plugin_headers")] + deps,
        linkshared = True,
        additional_linker_inputs = [_EXPORTS],
        linkopts = ["-Wl,--version-script=$(location %s)" % _EXPORTS],
        # Only the entry point needs to be visible; core symbols stay undefined here.
        copts = ["-fvisibility=hidden", "-fvisibility-inlines-hidden"],
        visibility = visibility,
        testonly = testonly,
    )

    # The plugin folder's tests, read by the op coverage table (//tools/op_coverage), which
    # counts an op named in one of them as tested.
    native.filegroup(
        name = name + "_test_sources",
        srcs = native.glob(["*_test.cc"], allow_empty = True),
        visibility = ["//visibility:public"],
        testonly = testonly,
    )

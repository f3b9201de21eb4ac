"""A view of C++ libraries that carries their headers but none of their object files.

Plugins build against it: the core's symbols stay undefined in the plugin and resolve against the
driver (or the test's shared core) at dlopen time, so each piece of core code exists once per process.
"""

def _headers_only_impl(ctx):
    merged = cc_common.merge_cc_infos(cc_infos = [d[CcInfo] for d in ctx.attr.deps])
    return [CcInfo(compilation_context = merged.compilation_context)]

headers_only = rule(
    implementation = _headers_only_impl,
    attrs = {"deps": attr.label_list(providers = [CcInfo])},
    provides = [CcInfo],
)

// A shared library whose entry point is misspelled, so the loader finds no tfconv_plugin_info.
extern "C" __attribute__((visibility("default"))) const void* tfconv_plugin_infos(void) {
  return nullptr;
}

/// Toolchain symbol names (or their prefixes) that belong in `rules/*.yaml`, never in Swift sources or the hosts.
enum ToolchainNames {
  static let all = [
    "__tls_base", "__tls_size", "__tls_align", "__wasm_init_tls", "__wasm_init_memory", "__stack_pointer",
    "__wbindgen_", "__wasmgrind_", "__heap_base", "__data_end", "aligned_alloc", "wasi_thread_start",
    "thread-spawn", "_emscripten", "__wasm_set_tls_base",
  ]
}

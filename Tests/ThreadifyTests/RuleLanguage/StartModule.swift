/// The module the start-convention tests patch.
enum StartModule {
  /// A module whose start function (`init_memory`, index 0) must run once per instance.
  static let wat = """
    (module
      (memory (import "env" "memory") 1 10 shared)
      (func $init_memory)
      (func $main)
      (start $init_memory)
      (export "main" (func $main)))
    """
}

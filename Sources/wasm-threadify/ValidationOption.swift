import ArgumentParser
import WasmBinary

/// `--validate module|full`: how much of the input is validated before it is used.
enum ValidationOption: String, ExpressibleByArgument, CaseIterable {
  /// Everything outside the function bodies (and, when patching, every body the patch writes).
  case module
  /// Also every function body of the input, on all cores.
  case full

  /// The help text both commands show.
  static let help = ArgumentHelp(
    "full (the default): the whole input, every function body included, on all cores; module: everything outside "
      + "the function bodies, and every body the patch writes (for input whose code is known to be valid).",
    valueName: "module|full")

  var level: ValidationLevel {
    switch self {
    case .module: .module
    case .full: .full
    }
  }
}

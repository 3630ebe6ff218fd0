import Threadify
import ThreadifyRules
import WasmBinary

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// The steps every command shares: load a rule set, resolve params, read a module; each failure with its exit code.
enum RuleLoading {
  static func load(_ pathOrName: String) throws(Failure) -> RuleSet {
    try checkReadable(pathOrName)
    do {
      return try BundledRules.load(pathOrName)
    } catch {
      throw .rules(error.description)
    }
  }

  /// Fails with the system's reason, and no made-up location, when a rule file cannot be read (missing, a folder, no
  /// permission); a missing one that is not written as a path may have been meant as a bundled name.
  private static func checkReadable(_ pathOrName: String) throws(Failure) {
    guard pathOrName.contains("/") || BundledRules.text(of: pathOrName) == nil else { return }
    var info = stat()
    guard stat(pathOrName, &info) == 0 else {
      let error = errno
      let isPath = ["/", ".yaml", ".yml"].contains { pathOrName.contains($0) }
      guard error != ENOENT || isPath else {
        throw .usage(
          "no rule file '\(pathOrName)' and no bundled rule set of that name "
            + "(bundled: \(BundledRules.names.joined(separator: ", ")))")
      }
      throw .usage("cannot read rule file \(pathOrName): \(String(cString: strerror(error)))")
    }
    guard info.st_mode & S_IFMT != S_IFDIR else { throw .usage("cannot read rule file \(pathOrName): it is a folder") }
    let descriptor = open(pathOrName, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .usage("cannot read rule file \(pathOrName): \(Files.systemError())") }
    close(descriptor)
  }

  /// Parses `name=value` overrides and validates them against the rule set's params.
  static func params(of rules: RuleSet, overrides: [String]) throws(Failure) -> [String: Int64] {
    var pairs: [String: String] = [:]
    for override in overrides {
      guard let equals = override.firstIndex(of: "="), equals != override.startIndex else {
        throw .usage("--set \(override): expected name=value")
      }
      pairs[String(override[..<equals])] = String(override[override.index(after: equals)...])
    }
    do {
      return try rules.paramValues(overrides: pairs)
    } catch {
      throw .usage(error.description)
    }
  }

  /// Reads a module and, with `validation`, validates it (patching leaves that to `Threadifier.plan`).
  static func read(_ path: String, validation: ValidationLevel? = nil) throws(Failure) -> WasmModule {
    let bytes = try Files.readInput(path)
    do {
      let module = try WasmModule(bytes: bytes)
      if let validation { _ = try module.validate(validation) }
      return module
    } catch {
      throw .refused("\(path): malformed module: \(error)")
    }
  }
}

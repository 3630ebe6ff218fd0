import Foundation
import TestSupport
import Testing
import WasmBinary

/// Hostile surroundings: files planted in the working folder, set-user-ID outputs, terminal escape sequences in
/// names, signals during a write, long names and dangling links.
@Suite struct CLISecurityTests {
  static let module = CLIPaths.real("minimal_test.wasm")

  /// A bundled name means the bundled set even when a file or folder of that name is in the working folder; written
  /// as a path (`./wasmgrind`) it is the file.
  @Test func aBundledNameIsNotReplacedByAFileInTheWorkingFolder() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(Self.module, as: "in.wasm")
    try scratch.write(Array("name: planted\n".utf8), to: "wasmgrind")
    try FileManager.default.createDirectory(at: scratch.url("llvm-threads"), withIntermediateDirectories: false)
    try FileManager.default.createDirectory(at: scratch.url("wasm-bindgen"), withIntermediateDirectories: false)
    for arguments in [
      ["in.wasm", "-o", "out.wasm"], ["--rules", "wasmgrind", "in.wasm", "--dry-run"], ["inspect", "in.wasm"],
      ["inspect", "--rules", "llvm-threads", "in.wasm"], ["rules", "check", "wasm-bindgen"],
      ["rules", "check", "wasmgrind"],
    ] {
      let result = try scratch.run(arguments)
      #expect(result.status == 0, "\(arguments): \(result)")
    }
    let marker = try WasmModule(bytes: try scratch.bytes("out.wasm")).customSections.first {
      $0.name == "wasm-threadify"
    }
    #expect(marker.map { String(decoding: $0.payload, as: UTF8.self) }?.contains("wasmgrind") == true)
    let asPath = try scratch.run(["--rules", "./wasmgrind", "in.wasm", "--dry-run"])
    #expect(asPath.status == 2, "\(asPath)")
    #expect(asPath.standardError.contains("./wasmgrind"), "\(asPath)")
  }

  /// Replacing a set-user-ID file of another user: the output either keeps that owner or loses the bits; it never
  /// comes back set-user-ID (or set-group-ID) with a new owner. Only root can create such a file.
  @Test(.enabled(if: geteuid() == 0)) func aSetUserIDOutputNeverChangesOwnerWithItsBits() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(Self.module, as: "in.wasm")
    try scratch.write(Array("old\n".utf8), to: "out.wasm")
    let nobody: uid_t = 65534
    #expect(chown(scratch.path("out.wasm"), nobody, gid_t(nobody)) == 0)
    #expect(chmod(scratch.path("out.wasm"), 0o6755) == 0)
    let result = try scratch.run(["in.wasm", "-o", "out.wasm"])
    #expect(result.status == 0, "\(result)")
    var info = stat()
    #expect(stat(scratch.path("out.wasm"), &info) == 0)
    #expect(info.st_mode & S_ISUID == 0 || info.st_uid == nobody, "set-user-ID with owner \(info.st_uid)")
    #expect(info.st_mode & S_ISGID == 0 || info.st_gid == gid_t(nobody), "set-group-ID with group \(info.st_gid)")
    #expect(info.st_mode & 0o777 == 0o755)
  }

  /// Plain-text output shows control characters from a module or a rule file escaped: an escape sequence never
  /// reaches the terminal (`--json` escapes them as JSON does).
  @Test func controlCharactersInNamesAreEscaped() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let evil = "evil\u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m"
    var editor = ModuleEditor(try WasmModule(bytes: Array(try Data(contentsOf: Self.module))))
    _ = editor.addGlobal(GlobalType(mutability: .constant, valueType: .i32), initializer: .i32(7), name: evil)
    try scratch.write(editor.image().bytes, to: "in.wasm")
    let rules = try String(contentsOf: Repository.root.appending(path: "rules/wasmgrind.yaml"), encoding: .utf8)
    let nameLine = try #require(rules.split(separator: "\n").first { $0.hasPrefix("name:") })
    try scratch.write(
      Array(rules.replacingOccurrences(of: nameLine, with: #"name: "evil\e]0;pwned\a\e[2J\x9B31m""#).utf8),
      to: "evil.yaml")
    try scratch.copy(Repository.root.appending(path: "rules/llvm-threads.yaml"))  // its base
    for arguments in [
      ["inspect", "in.wasm"], ["rules", "check", "evil.yaml"], ["--rules", "evil.yaml", "in.wasm", "--dry-run"],
    ] {
      let result = try scratch.run(arguments)
      let text = result.output + result.standardError
      #expect(
        text.contains("evil\\u{1B}]0;pwned\\u{7}\\u{1B}[2J\\u{9B}31m"), "\(arguments): \(result) \(result.output)")
      #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" || $0 == "\u{9B}" }, "\(arguments)")
    }
  }

  /// SIGTERM, SIGINT or SIGHUP while a large output is written: the hidden temporary file never stays behind, and
  /// the output is either absent or whole. The signals are spread over the length of an uninterrupted run.
  @Test func aSignalDuringTheWriteLeavesNoTemporaryFile() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    // The real module with a 20 MB custom section: the write takes long enough to be interrupted at any point.
    var bytes = Array(try Data(contentsOf: Self.module))
    bytes += [0x00, 0x85, 0xDA, 0xC4, 0x09, 0x04] + Array("fill".utf8)  // size 5 + 20,000,000 as LEB128
    bytes += [UInt8](repeating: 0x5A, count: 20_000_000)
    try scratch.write(bytes, to: "in.wasm")
    #expect(throws: Never.self) { try WasmModule(bytes: bytes) }
    let started = Date()
    #expect(try Self.waitForExit(try Self.spawn(["in.wasm", "-o", "out.wasm"], in: scratch)) == 0)
    let duration = Date().timeIntervalSince(started)
    try FileManager.default.removeItem(at: scratch.url("out.wasm"))
    var interrupted = 0
    for run in 0..<60 {
      let signal = [SIGTERM, SIGINT, SIGHUP][run % 3]
      let process = try Self.spawn(["in.wasm", "-o", "out.wasm"], in: scratch)
      usleep(useconds_t(duration * Double(run % 20) / 20 * 1_000_000))
      kill(process, signal)
      let status = try Self.waitForExit(process)
      if status == 128 + signal { interrupted += 1 }
      let listing = try scratch.listing()
      #expect(listing.subtracting(["in.wasm", "out.wasm"]).isEmpty, "run \(run), signal \(signal): \(listing)")
      if listing.contains("out.wasm") {
        #expect(throws: Never.self, "run \(run)") { try WasmModule(bytes: try scratch.bytes("out.wasm")) }
        try FileManager.default.removeItem(at: scratch.url("out.wasm"))
      }
    }
    #expect(interrupted >= 10, "only \(interrupted) of 60 runs were interrupted (a run takes \(duration) s)")
  }

  /// Starts the tool in the scratch folder with every signal unblocked and at its default action (a test runner's
  /// thread may block some, and a background shell ignores SIGINT).
  private static func spawn(_ arguments: [String], in scratch: ScratchFolder) throws -> pid_t {
    let tool = try #require(CLIPaths.executable)
    let argv =
      ["/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\" 2>/dev/null", "sh", scratch.folder.path, tool.path]
      + arguments
    var pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let result = posix_spawn(&pid, "/bin/sh", nil, &attributes, &pointers, environ)
    guard result == 0 else { throw TestFailure("posix_spawn: \(String(cString: strerror(result)))") }
    return pid
  }

  /// The exit status, or 128 + the signal that stopped the process.
  private static func waitForExit(_ pid: pid_t) throws -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      guard errno == EINTR else { throw TestFailure("waitpid: \(String(cString: strerror(errno)))") }
    }
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  }

  /// An output name of up to 255 bytes (the system's limit) works: the temporary file's name is shortened to fit.
  @Test(arguments: [237, 246, 255]) func longOutputNamesWork(_ length: Int) throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(Self.module, as: "in.wasm")
    let name =
      String(repeating: "é", count: (length - 5) / 2) + String(repeating: "x", count: (length - 5) % 2)
      + ".wasm"
    #expect(name.utf8.count == length)
    for _ in 0..<2 {  // a new file, then a replaced one
      let result = try scratch.run(["in.wasm", "-o", name])
      #expect(result.status == 0, "\(result)")
    }
    #expect(try scratch.listing() == ["in.wasm", name])
  }

  /// A dangling symbolic link as `-o` is written through: the link stays and its target is created.
  @Test func aDanglingLinkIsWrittenThrough() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(Self.module, as: "in.wasm")
    try FileManager.default.createDirectory(at: scratch.url("real"), withIntermediateDirectories: false)
    try FileManager.default.createSymbolicLink(atPath: scratch.path("link.wasm"), withDestinationPath: "real/new.wasm")
    let result = try scratch.run(["in.wasm", "-o", "link.wasm"])
    #expect(result.status == 0, "\(result)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path("link.wasm")) == "real/new.wasm")
    #expect(throws: Never.self) { try WasmModule(bytes: try scratch.bytes("real/new.wasm")) }
    #expect(try scratch.listing() == ["in.wasm", "link.wasm", "real"])
    #expect(try scratch.listing("real") == ["new.wasm"])
  }

  /// The output is flushed to the disk before it is renamed into place, and its folder after: after a power loss the
  /// target holds the old file or the new one, never zeros. Checked with strace (a CI requirement).
  @Test func theOutputIsFlushedBeforeTheRenameAndTheFolderAfter() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.copy(Self.module, as: "in.wasm")
    let tool = try #require(CLIPaths.executable)
    let result = try scratch.run(
      [
        "-f", "-e", "trace=openat,fsync,fdatasync,rename,renameat,renameat2", "-o", "trace.txt", tool.path,
        "in.wasm", "-o", "in.wasm", "--in-place",
      ],
      program: try OutsideTool.strace.url())
    #expect(result.status == 0, "strace or the tool failed: \(result)")
    let calls = try String(contentsOf: scratch.url("trace.txt"), encoding: .utf8).split(separator: "\n")
    let temporary = try #require(
      calls.first { $0.contains("openat(") && $0.contains(".in.wasm.") && $0.contains("O_CREAT") }, "\(calls)")
    let temporaryDescriptor = try #require(temporary.split(separator: "=").last?.trimmingCharacters(in: .whitespaces))
    let rename = try #require(calls.firstIndex { $0.contains("rename") && $0.contains(".in.wasm.") }, "\(calls)")
    let flush = calls.firstIndex { $0.contains("fsync(\(temporaryDescriptor))") }
    #expect(flush.map { $0 < rename } == true, "no fsync of the temporary file before the rename: \(calls)")
    let folderFlush = calls[(rename + 1)...].contains { $0.contains("fsync(") }
    #expect(folderFlush, "no fsync of the folder after the rename: \(calls)")
  }
}

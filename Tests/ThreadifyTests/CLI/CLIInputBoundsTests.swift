import Foundation
import TestSupport
import Testing
import WasmBinary

/// Inputs of any size or kind are handled in bounded memory: a stream that is not a module is rejected after its
/// first bytes, a file too large to be a module with a 32-bit memory is refused by its size, and a huge custom
/// section is never copied into memory. Each run's peak memory is measured by `/usr/bin/time`.
@Suite struct CLIInputBoundsTests {
  /// Far above what any of these runs needs (a few MiB), far below what reading the input would take.
  static let memoryLimitKiB = 100 * 1024
  /// Generous for a busy machine; each of these runs takes milliseconds (an unbounded read takes seconds or never
  /// ends).
  static let timeLimit = 10.0

  private func expectBounded(_ run: MeasuredRun, status: Int32, saying text: String?, _ what: String) {
    #expect(run.status == status, "\(what): \(run)")
    if let text { #expect(run.standardError.contains(text), "\(what): \(run)") }
    #expect(run.peakKiB < Self.memoryLimitKiB, "\(what): \(run)")
    #expect(run.seconds < Self.timeLimit, "\(what): \(run)")
  }

  @Test(.enabled(if: FileManager.default.isReadableFile(atPath: "/dev/zero")))
  func devZeroIsRejectedAfterItsFirstBytes() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try FileManager.default.createSymbolicLink(atPath: scratch.path("zero.wasm"), withDestinationPath: "/dev/zero")
    for (what, script) in [
      ("as a path", #"$MEASURE "$0" /dev/zero -o out.wasm"#),
      ("through a link", #"$MEASURE "$0" zero.wasm -o out.wasm"#),
      ("on standard input", #"$MEASURE "$0" - -o out.wasm < /dev/zero"#),
      ("inspect", #"$MEASURE "$0" inspect /dev/zero"#),
      ("dry run on standard input", #"$MEASURE "$0" - --dry-run < /dev/zero"#),
    ] {
      let run = try MeasuredRun.shell(script, in: scratch.folder)
      expectBounded(run, status: 1, saying: "not a WebAssembly module", what)
    }
    #expect(try scratch.listing() == ["zero.wasm"])
  }

  @Test func zerosThroughAPipeAreRejectedAfterTheirFirstBytes() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let run = try MeasuredRun.shell(#"head -c 200000000 /dev/zero | $MEASURE "$0" - -o out.wasm"#, in: scratch.folder)
    expectBounded(run, status: 1, saying: "standard input: malformed module", "200 MB of zeros")
    #expect(try scratch.listing().isEmpty)
  }

  /// A sparse file of 4 GiB (no disk space used) with a module header: too large for a module with a 32-bit memory,
  /// refused by its size whether it is named or redirected to standard input.
  @Test func aFileOf4GiBIsRefusedByItsSize() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try sparseFile(scratch.path("huge.wasm"), size: 1 << 32, startingWith: Array(try minimalModule().prefix(8)))
    for (what, script) in [
      ("as a path", #"$MEASURE "$0" huge.wasm -o out.wasm"#),
      ("dry run", #"$MEASURE "$0" huge.wasm --dry-run"#),
      ("on standard input", #"$MEASURE "$0" - -o out.wasm < huge.wasm"#),
      ("inspect", #"$MEASURE "$0" inspect huge.wasm"#),
    ] {
      let run = try MeasuredRun.shell(script, in: scratch.folder)
      expectBounded(run, status: 1, saying: "larger than any module with a 32-bit memory", what)
    }
    #expect(try scratch.listing() == ["huge.wasm"])
  }

  /// A real module followed by a sparse 2 GB custom section: the section stays a range of the mapped file (neither
  /// the reader nor the output check copies it), so a dry run needs a few MiB.
  @Test func aHugeCustomSectionIsNeverCopied() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let module = try minimalModule()
    let contentSize = 2_000_000_000
    let name = Array("huge".utf8)
    // The header of a custom section whose content (not written: the file is sparse) is `contentSize` bytes.
    let header = module + [0x00] + TestBytes.leb128(1 + name.count + contentSize) + [UInt8(name.count)] + name
    try sparseFile(scratch.path("big.wasm"), size: header.count + contentSize, startingWith: header)
    let dryRun = try MeasuredRun.shell(#"$MEASURE "$0" big.wasm --dry-run"#, in: scratch.folder)
    expectBounded(dryRun, status: 0, saying: nil, "dry run")
    let inspect = try MeasuredRun.shell(#"$MEASURE "$0" inspect big.wasm"#, in: scratch.folder)
    expectBounded(inspect, status: 0, saying: nil, "inspect")
  }

  /// A module whose reservation would reach 4 GiB is refused, naming its memory (not blamed on the rule file).
  @Test func aReservationPast4GiBIsARefusalNamingTheMemory() throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    var editor = ModuleEditor(try WasmModule(bytes: try minimalModule()))
    editor.setMemoryLimits(ofMemory: 0, Limits(min: 65535, max: 65536, shared: true))
    try scratch.write(editor.image().bytes, to: "in.wasm")
    for arguments in [["in.wasm", "-o", "out.wasm"], ["in.wasm", "--dry-run"]] {
      let result = try scratch.run(["--rules", "wasmgrind"] + arguments)
      #expect(result.status == 1, "\(arguments): \(result)")
      #expect(result.standardError.hasPrefix("error: in.wasm: memory 0 has 65535 initial pages"), "\(result)")
      #expect(result.standardError.contains("past the last address of a 32-bit memory"), "\(result)")
      #expect(!result.standardError.contains(".yaml"), "\(result)")
    }
    #expect(try scratch.listing() == ["in.wasm"])
  }

  private func minimalModule() throws -> [UInt8] {
    Array(try Data(contentsOf: CLIPaths.real("minimal_test.wasm")))
  }

  /// Creates a file of `size` bytes holding `prefix`, then a hole (zeros that take no disk space).
  private func sparseFile(_ path: String, size: Int, startingWith prefix: [UInt8]) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw TestFailure("open \(path): \(String(cString: strerror(errno)))") }
    defer { close(descriptor) }
    guard write(descriptor, prefix, prefix.count) == prefix.count, ftruncate(descriptor, off_t(size)) == 0 else {
      throw TestFailure("writing \(path): \(String(cString: strerror(errno)))")
    }
  }
}

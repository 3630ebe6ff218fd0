import Foundation
import TestSupport
import Testing
import WasmBinary

/// How the command line treats files: the input is only read, the output appears whole or not at all, a failure
/// leaves everything as it was, and no temporary file outlives a run.
@Suite struct CLIFileHandlingTests {
  static let module = CLIPaths.real("minimal_test.wasm")

  /// A fresh folder holding `in.wasm` (a copy of a patchable module) with an old modification time.
  private func prepared() throws -> ScratchFolder {
    let scratch = try ScratchFolder()
    try scratch.copy(Self.module, as: "in.wasm")
    try scratch.age("in.wasm")
    return scratch
  }

  @Test func patchWritesOnlyTheOutputAndNeverTouchesTheInput() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    let input = try scratch.snapshot("in.wasm")
    let result = try scratch.run(["in.wasm", "-o", "out.wasm"])
    #expect(result.status == 0, "\(result)")
    #expect(result.standardOutput.isEmpty && result.standardError.isEmpty, "\(result)")
    #expect(try scratch.snapshot("in.wasm") == input)
    #expect(try scratch.listing() == ["in.wasm", "out.wasm"])
    let output = try WasmModule(bytes: try scratch.bytes("out.wasm"))
    #expect(output.customSections.contains { $0.name == "wasm-threadify" })
  }

  @Test func failuresLeaveAnExistingOutputAsItWas() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try scratch.copy(CLIPaths.real("wasi_threads_echo.wasm"), as: "refused.wasm")
    try scratch.write(Array(try whole(Self.module)[..<1000]), to: "truncated.wasm")
    try scratch.write(Array("precious, not a module\n".utf8), to: "out.wasm")
    try scratch.age("out.wasm")
    let output = try scratch.snapshot("out.wasm")
    let before = try scratch.listing()
    for (arguments, status) in [
      (["refused.wasm", "-o", "out.wasm"], 1), (["truncated.wasm", "-o", "out.wasm"], 1),
      (["in.wasm", "-o", "out.wasm", "--set", "stack_size=3"], 2),
      (["--rules", "nothing.yaml", "in.wasm", "-o", "out.wasm"], 2),
    ] as [([String], Int32)] {
      let result = try scratch.run(arguments)
      #expect(result.status == status, "\(arguments): \(result)")
      #expect(try scratch.snapshot("out.wasm") == output, "\(arguments)")
      #expect(try scratch.listing() == before, "\(arguments)")
    }
  }

  @Test func aSuccessReplacesAnExistingOutputAndKeepsItsPermissions() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try scratch.write(Array("old output\n".utf8), to: "out.wasm")
    #expect(chmod(scratch.path("out.wasm"), 0o640) == 0)
    let result = try scratch.run(["in.wasm", "-o", "out.wasm"])
    #expect(result.status == 0, "\(result)")
    let output = try scratch.snapshot("out.wasm")
    #expect(output.permissions == 0o640)
    #expect(throws: Never.self) { try WasmModule(bytes: output.bytes) }
    #expect(try scratch.listing() == ["in.wasm", "out.wasm"])
  }

  @Test(arguments: ["in.wasm", "./in.wasm", "link.wasm", "hardlink.wasm", "sub/../in.wasm"])
  func outputNamingTheInputIsRefusedWithoutInPlace(_ output: String) throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try FileManager.default.createDirectory(at: scratch.url("sub"), withIntermediateDirectories: false)
    try FileManager.default.createSymbolicLink(atPath: scratch.path("link.wasm"), withDestinationPath: "in.wasm")
    try FileManager.default.linkItem(atPath: scratch.path("in.wasm"), toPath: scratch.path("hardlink.wasm"))
    let input = try scratch.snapshot("in.wasm")
    let before = try scratch.listing()
    let result = try scratch.run(["in.wasm", "-o", output])
    #expect(result.status == 2, "\(result)")
    #expect(result.standardError.contains("--in-place"), "\(result)")
    #expect(try scratch.snapshot("in.wasm") == input)
    #expect(try scratch.listing() == before)
  }

  /// With `--in-place` the input is replaced by a rename (a new inode), never rewritten where it lies, and keeps its
  /// permissions.
  @Test func inPlaceReplacesTheInputAtomically() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    #expect(chmod(scratch.path("in.wasm"), 0o604) == 0)
    let before = try scratch.snapshot("in.wasm")
    let result = try scratch.run(["in.wasm", "-o", "in.wasm", "--in-place"])
    #expect(result.status == 0, "\(result)")
    let after = try scratch.snapshot("in.wasm")
    #expect(after.bytes != before.bytes)
    #expect(after.inode != before.inode, "the input was rewritten in place instead of replaced by a rename")
    #expect(after.permissions == 0o604)
    #expect(try WasmModule(bytes: after.bytes).customSections.contains { $0.name == "wasm-threadify" })
    #expect(try scratch.listing() == ["in.wasm"])

    // A failing in-place patch (here: patching twice) leaves the file alone.
    let again = try scratch.run(["in.wasm", "-o", "in.wasm", "--in-place"])
    #expect(again.status == 1, "\(again)")
    #expect(try scratch.snapshot("in.wasm") == after)
    #expect(try scratch.listing() == ["in.wasm"])
  }

  @Test func outputIntoAMissingFolderFails() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    let result = try scratch.run(["in.wasm", "-o", "missing/out.wasm"])
    #expect(result.status == 2, "\(result)")
    #expect(result.standardError.contains("cannot write missing/out.wasm"), "\(result)")
    #expect(result.standardError.contains("does not exist"), "\(result)")
    #expect(try scratch.listing() == ["in.wasm"])
  }

  /// A path under a regular file cannot be created by anyone, root included.
  @Test func outputUnderARegularFileFails() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try scratch.write(Array("a file\n".utf8), to: "plain")
    let result = try scratch.run(["in.wasm", "-o", "plain/out.wasm"])
    #expect(result.status == 2, "\(result)")
    #expect(result.standardError.contains("cannot write plain/out.wasm"), "\(result)")
    #expect(result.standardError.contains("is not a folder"), "\(result)")
    #expect(try scratch.listing() == ["in.wasm", "plain"])
  }

  @Test func outputNamingAFolderFails() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try FileManager.default.createDirectory(at: scratch.url("sub"), withIntermediateDirectories: false)
    let result = try scratch.run(["in.wasm", "-o", "sub"])
    #expect(result.status == 2, "\(result)")
    #expect(result.standardError.contains("cannot write sub: it is a folder"), "\(result)")
    #expect(try scratch.listing() == ["in.wasm", "sub"])
    #expect(try scratch.listing("sub").isEmpty)
  }

  /// A folder without write permission stops everyone but root (who may write anywhere); the error must be clear and
  /// leave nothing behind. Run as root, the write succeeds, and the folder must still hold only the output.
  @Test func outputIntoAReadOnlyFolder() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try FileManager.default.createDirectory(at: scratch.url("locked"), withIntermediateDirectories: false)
    #expect(chmod(scratch.path("locked"), 0o555) == 0)
    let result = try scratch.run(["in.wasm", "-o", "locked/out.wasm"])
    if geteuid() == 0 {
      #expect(result.status == 0, "\(result)")
      #expect(try scratch.listing("locked") == ["out.wasm"])
    } else {
      #expect(result.status == 2, "\(result)")
      #expect(result.standardError.contains("cannot write locked/out.wasm"), "\(result)")
      #expect(result.standardError.contains("Permission denied"), "\(result)")
      #expect(try scratch.listing("locked").isEmpty)
    }
  }

  /// An output that is a symbolic link is written through: the link stays, its target gets the module.
  @Test func outputThroughASymbolicLinkKeepsTheLink() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try FileManager.default.createDirectory(at: scratch.url("real"), withIntermediateDirectories: false)
    try scratch.write(Array("old\n".utf8), to: "real/target.wasm")
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path("link.wasm"), withDestinationPath: "real/target.wasm")
    let result = try scratch.run(["in.wasm", "-o", "link.wasm"])
    #expect(result.status == 0, "\(result)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path("link.wasm")) == "real/target.wasm")
    #expect(throws: Never.self) { try WasmModule(bytes: try scratch.bytes("real/target.wasm")) }
    #expect(try scratch.listing() == ["in.wasm", "link.wasm", "real"])
    #expect(try scratch.listing("real") == ["target.wasm"])
  }

  /// A device such as `/dev/null` cannot be replaced by a rename (as root that would put a regular file in its
  /// place): it is written directly. The link in the scratch folder keeps a regression from touching the device.
  @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/null")))
  func outputToADeviceIsWrittenDirectly() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    try FileManager.default.createSymbolicLink(atPath: scratch.path("null.wasm"), withDestinationPath: "/dev/null")
    let result = try scratch.run(["in.wasm", "-o", "null.wasm"])
    #expect(result.status == 0, "\(result)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: scratch.path("null.wasm")) == "/dev/null")
    #expect(try scratch.listing() == ["in.wasm", "null.wasm"])
  }

  @Test func dashWritesTheOutputToStandardOutput() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    let toFile = try scratch.run(["in.wasm", "-o", "out.wasm"])
    #expect(toFile.status == 0, "\(toFile)")
    let toStandardOutput = try scratch.run(["in.wasm", "-o", "-"])
    #expect(toStandardOutput.status == 0, "\(toStandardOutput)")
    #expect(toStandardOutput.standardError.isEmpty)
    #expect(toStandardOutput.standardOutput == (try scratch.bytes("out.wasm")))
    let fromStandardInput = try scratch.run(["-", "-o", "-"], input: try scratch.bytes("in.wasm"))
    #expect(fromStandardInput.status == 0, "\(fromStandardInput)")
    #expect(fromStandardInput.standardOutput == toStandardOutput.standardOutput)
    #expect(try scratch.listing() == ["in.wasm", "out.wasm"])
  }

  /// A write error on standard output (a full device) is an error, not a crash and not a silent success.
  @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full")))
  func aFullStandardOutputIsReported() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    for arguments in [
      ["in.wasm", "-o", "-"], ["in.wasm", "--dry-run"], ["inspect", "in.wasm"], ["rules", "list"],
      ["rules", "show", "wasmgrind"], ["rules", "check", "wasmgrind"],
    ] {
      let tool = try #require(CLIPaths.executable)
      let result = try scratch.run(
        ["-c", "exec \"$0\" \"$@\" > /dev/full", tool.path] + arguments, program: URL(fileURLWithPath: "/bin/sh"))
      #expect(result.status == 2, "\(arguments): \(result)")
      #expect(result.standardError.contains("cannot write standard output"), "\(arguments): \(result)")
    }
    #expect(try scratch.listing() == ["in.wasm"])
  }

  @Test func dryRunPrintsTheBindingTableAndWritesNothing() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    let input = try scratch.snapshot("in.wasm")
    for arguments in [["in.wasm", "--dry-run"], ["in.wasm", "--dry-run", "-o", "out.wasm"]] {
      let result = try scratch.run(arguments)
      #expect(result.status == 0, "\(result)")
      for text in ["rule set wasmgrind", "symbols:", "stack_pointer", "tls_base", "via ", "params:", "memory 0:"] {
        #expect(result.output.contains(text), "missing \(text) in: \(result.output)")
      }
      #expect(try scratch.listing() == ["in.wasm"])
      #expect(try scratch.snapshot("in.wasm") == input)
    }
  }

  @Test func patchingTwiceIsRefused() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    let first = try scratch.run(["in.wasm", "-o", "once.wasm"])
    #expect(first.status == 0, "\(first)")
    let once = try scratch.snapshot("once.wasm")
    for rules in ["wasmgrind", "wasm-bindgen"] {
      let second = try scratch.run(["--rules", rules, "once.wasm", "-o", "twice.wasm"])
      #expect(second.status == 1, "\(second)")
      #expect(second.standardError.contains("refused (already-patched)"), "\(second)")
      #expect(second.standardError.contains("never patch twice"), "\(second)")
    }
    #expect(try scratch.snapshot("once.wasm") == once)
    #expect(try scratch.listing() == ["in.wasm", "once.wasm"])
  }

  @Test func inspectOnlyReads() throws {
    let scratch = try prepared()
    defer { scratch.remove() }
    let input = try scratch.snapshot("in.wasm")
    let result = try scratch.run(["inspect", "in.wasm"])
    #expect(result.status == 0, "\(result)")
    #expect(!result.standardOutput.isEmpty)
    #expect(try scratch.snapshot("in.wasm") == input)
    #expect(try scratch.listing() == ["in.wasm"])
  }

  private func whole(_ url: URL) throws -> [UInt8] {
    Array(try Data(contentsOf: url))
  }
}

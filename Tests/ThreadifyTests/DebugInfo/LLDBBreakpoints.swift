import Foundation
import TestSupport
import Testing

/// A test tool: where lldb resolves a breakpoint on each source line of a module (`breakpoint set --file F --line L`
/// on the target, without running it), as code addresses — the offsets from the code section's payload DWARF uses.
enum LLDBBreakpoints {
  /// For each `file:line` of `lines`, the addresses lldb resolves a breakpoint there to, sorted (empty for a line
  /// without code).
  static func resolve(_ module: [UInt8], lines: [(file: String, line: Int)]) throws -> [String: [Int]] {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let directory = scratch.folder
    let target = directory.appending(path: "module.wasm")
    try Data(module).write(to: target)
    var commands = "target create \(target.path)\n"
    for (file, line) in lines { commands += "breakpoint set --file \(file) --line \(line)\n" }
    commands += "breakpoint list\n"
    let script = directory.appending(path: "commands")
    try commands.write(to: script, atomically: true, encoding: .utf8)
    let run = try OutsideTool.lldb.run(["-b", "-s", script.path])
    try #require(run.status == 0 && run.output.contains("Current breakpoints:"), "lldb: \(run.output)")
    var resolved: [String: [Int]] = [:]
    var current: String?
    for line in run.output.split(separator: "\n") {
      if let match = line.firstMatch(of: /^\d+: file = '([^']+)', line = (\d+),/) {
        current = "\(match.output.1):\(match.output.2)"
        resolved[current!] = []
      } else if let current, let match = line.firstMatch(of: /address = [^\[]*\[0x([0-9a-f]+)\]/),
        let address = Int(match.output.1, radix: 16)
      {
        resolved[current, default: []].append(address)
      }
    }
    return resolved.mapValues { $0.sorted() }
  }

  /// Every line of the C sources the debug-info fixtures were built from.
  static func sourceLines() throws -> [(file: String, line: Int)] {
    let root = Repository.root
    return try ["examples/c/alloc.c", "examples/c/threads_demo.c", "Tests/Fixtures/debug-info/many_functions.c"]
      .flatMap { path in
        let text = try String(contentsOf: root.appending(path: path), encoding: .utf8)
        let name = URL(fileURLWithPath: path).lastPathComponent
        return (1...text.split(separator: "\n", omittingEmptySubsequences: false).count).map { (name, $0) }
      }
  }
}

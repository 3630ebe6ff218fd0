import Foundation
import TestSupport
import Testing

/// The real-world corpus: modules of every kind met in the wild (Tests/Fixtures/wild, built there by its build.sh,
/// and the real toolchain outputs of Tests/Fixtures/real), each with the verdict it must get
/// (Tests/Fixtures/wild/expected.tsv).
enum WildCorpus {
  /// One module and its expected verdict.
  struct Entry: Sendable, CustomTestStringConvertible {
    /// Relative to Tests/Fixtures.
    let path: String
    /// What the module is (`emscripten-pthreads`, `wasix`, `llvm-threaded`, ...).
    let kind: String
    /// The verdict's flavour under llvm-threads (`emscripten`, `wasix`, `ready`, ...).
    let flavour: String
    /// Text the verdict's reason must contain: for a refusal, the thread model's name.
    let mention: String

    var url: URL { Repository.fixtures.appending(path: path) }
    var testDescription: String { path }
  }

  /// The folder of the modules built for the corpus.
  static let folder = Repository.fixtures.appending(path: "wild")

  /// Flavours of the refusals of another thread model (or of a module already threaded).
  static let otherThreadModels: Set<String> = ["emscripten", "wasix", "wasi-threads", "already-patched", "pic"]

  /// Every entry of expected.tsv, in file order; empty when the file cannot be read (a test then fails on it).
  static let entries: [Entry] = {
    guard let text = try? String(contentsOf: folder.appending(path: "expected.tsv"), encoding: .utf8) else {
      return []
    }
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
      let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard columns.count == 4 else { return nil }
      return Entry(path: columns[0], kind: columns[1], flavour: columns[2], mention: columns[3])
    }
  }()

  /// The entries of another thread model.
  static var refused: [Entry] { entries.filter { otherThreadModels.contains($0.flavour) } }

  /// Paths (relative to Tests/Fixtures) of every `.wasm` file under Tests/Fixtures/wild.
  static func wasmFilesInFolder() -> [String] {
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    var paths: [String] = []
    while let path = enumerator?.nextObject() as? String {
      if path.hasSuffix(".wasm") { paths.append("wild/" + path) }
    }
    return paths.sorted()
  }
}

import Foundation

/// Reading the input and writing the output: the input is only ever read; the output appears whole or not at all.
enum Files {
  /// Reads a whole file (`-` reads standard input).
  static func read(_ path: String) throws(Failure) -> [UInt8] {
    if path == "-" {
      return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
    do {
      return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw .usage("cannot read \(path): \(error.localizedDescription)")
    }
  }

  /// Writes `bytes` to `path` atomically: a temporary file in the same folder, then a rename over the target.
  /// `-` writes to standard output.
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(Failure) {
    if path == "-" {
      FileHandle.standardOutput.write(Data(bytes))
      return
    }
    let target = URL(fileURLWithPath: path)
    let folder = target.deletingLastPathComponent()
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
      throw .usage("cannot write \(path): folder \(folder.path) does not exist")
    }
    let temporary = folder.appendingPathComponent(
      ".\(target.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do {
      try Data(bytes).write(to: temporary, options: [.withoutOverwriting])
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .usage("cannot write \(path): \(error.localizedDescription)")
    }
    guard rename(temporary.path, target.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw .usage("cannot write \(path): \(reason)")
    }
  }

  /// Whether two paths name the same file (after resolving links), for refusing to overwrite the input.
  static func sameFile(_ first: String, _ second: String) -> Bool {
    guard first != "-", second != "-" else { return false }
    let resolve = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
    return resolve(first) == resolve(second)
  }
}

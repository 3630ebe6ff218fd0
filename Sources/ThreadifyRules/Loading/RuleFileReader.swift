import Foundation

/// Reads rule files by path; a base named by `extends` is resolved relative to the extending file's path.
///
/// The loader never touches the file system itself, so that bundled rule sets and tests can supply their own texts.
public struct RuleFileReader: Sendable {
  /// Returns the text of the rule file at `path`; a thrown error's description is shown to the user.
  let read: @Sendable (_ path: String) throws -> String

  /// Creates a reader from a function returning a file's text.
  public init(read: @escaping @Sendable (_ path: String) throws -> String) {
    self.read = read
  }

  /// Reads UTF-8 files from the file system; a file larger than ``RuleLimits/maxFileBytes`` is refused after reading
  /// one byte more than that (so a device such as `/dev/zero` cannot exhaust memory).
  public static let fileSystem = RuleFileReader { path in
    guard FileManager.default.fileExists(atPath: path) else { throw ReadFailure(description: "no such file") }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ReadFailure(description: "cannot open the file")
    }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: RuleLimits.maxFileBytes + 1) ?? Data()
    } catch {
      throw ReadFailure(description: "cannot read the file: \(error.localizedDescription)")
    }
    guard data.count <= RuleLimits.maxFileBytes else {
      throw ReadFailure(description: RuleLimits.fileTooLarge)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ReadFailure(description: "the file is not UTF-8 text")
    }
    return text
  }

  private struct ReadFailure: Error, CustomStringConvertible {
    let description: String
  }
}

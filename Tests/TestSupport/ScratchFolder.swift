import Foundation

/// A fresh folder under the system's temporary folder for one test, removed with everything in it at ``remove()``
/// (call it in a `defer`: the object may go before the scope ends) or, at the latest, when the last reference
/// goes: no test leaves files behind, whether it passes, fails or throws.
public final class ScratchFolder: Sendable {
  /// The folder.
  public let folder: URL

  /// Creates `TMPDIR/wasm-threadify-test-UUID`.
  public init() throws {
    folder = FileManager.default.temporaryDirectory.appending(path: "wasm-threadify-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  }

  deinit { remove() }

  /// Removes the folder now. Every folder under it is made writable first (a test may have locked one); only real
  /// folders are touched, never through a link: `chmod` follows links, and a test's link (to `/dev/null`, say)
  /// must not change anything outside.
  public func remove() {
    Self.unlockFolders(in: folder.path)
    try? FileManager.default.removeItem(at: folder)
  }

  /// A path in the folder.
  public func url(_ name: String) -> URL { folder.appending(path: name) }

  /// A path in the folder, as a string.
  public func path(_ name: String) -> String { url(name).path }

  /// Writes `bytes` to a file of the folder.
  public func write(_ bytes: [UInt8], to name: String) throws {
    try Data(bytes).write(to: url(name))
  }

  /// The bytes of a file of the folder.
  public func bytes(_ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: url(name)))
  }

  /// Whether the folder holds an entry of that name.
  public func exists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: path(name))
  }

  /// Copies a file into the folder (writable, whatever its mode) and returns its name there.
  @discardableResult
  public func copy(_ source: URL, as name: String? = nil) throws -> String {
    let name = name ?? source.lastPathComponent
    try Data(contentsOf: source).write(to: url(name))
    return name
  }

  /// Every entry of the folder (or of a subfolder), hidden ones included.
  public func listing(_ subfolder: String = "") throws -> Set<String> {
    Set(try FileManager.default.contentsOfDirectory(atPath: subfolder.isEmpty ? folder.path : path(subfolder)))
  }

  private static func unlockFolders(in folder: String) {
    var info = stat()
    guard lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
    chmod(folder, 0o755)
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
      unlockFolders(in: folder + "/" + name)
    }
  }
}

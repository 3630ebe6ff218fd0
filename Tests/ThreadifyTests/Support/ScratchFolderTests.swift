import Foundation
import TestSupport
import Testing

/// The scratch folder's clean-up changes nothing outside the folder, whatever links a test left in it.
@Suite struct ScratchFolderTests {
  /// A link to a file outside the folder (as `null.wasm -> /dev/null` in CLIFileHandlingTests): removing the folder
  /// must not change the file's mode (`chmod` follows links; after one test run /dev/null was left 0755).
  @Test func removingTheFolderLeavesWhatLinksPointToAlone() throws {
    let outside = try ScratchFolder()
    defer { outside.remove() }
    try outside.write(Array("outside\n".utf8), to: "file")
    #expect(chmod(outside.path("file"), 0o640) == 0)
    try FileManager.default.createDirectory(at: outside.url("sub"), withIntermediateDirectories: false)
    #expect(chmod(outside.path("sub"), 0o700) == 0)
    #expect(chmod(outside.folder.path, 0o700) == 0)
    let scratch = try ScratchFolder()
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path("file-link"), withDestinationPath: outside.path("file"))
    try FileManager.default.createSymbolicLink(
      atPath: scratch.path("folder-link"), withDestinationPath: outside.folder.path)
    try FileManager.default.createDirectory(at: scratch.url("locked"), withIntermediateDirectories: false)
    #expect(chmod(scratch.path("locked"), 0o500) == 0)
    scratch.remove()
    #expect(!FileManager.default.fileExists(atPath: scratch.folder.path))
    var info = stat()
    #expect(stat(outside.path("file"), &info) == 0 && info.st_mode & 0o7777 == 0o640)
    #expect(stat(outside.folder.path, &info) == 0 && info.st_mode & 0o7777 == 0o700)
    #expect(stat(outside.path("sub"), &info) == 0 && info.st_mode & 0o7777 == 0o700)
    #expect(try outside.listing() == ["file", "sub"])
  }

  /// A folder nobody removes explicitly goes with its last reference.
  @Test func aFolderGoesWithItsLastReference() throws {
    var scratch: ScratchFolder? = try ScratchFolder()
    let folder = try #require(scratch?.folder)
    try scratch?.write([1, 2, 3], to: "file")
    #expect(FileManager.default.fileExists(atPath: folder.appending(path: "file").path))
    scratch = nil
    #expect(!FileManager.default.fileExists(atPath: folder.path))
  }
}

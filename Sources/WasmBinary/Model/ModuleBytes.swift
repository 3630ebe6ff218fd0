#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A module file's bytes, read only: a copy of an array, or a file mapped into memory.
///
/// Mapping costs no copy: the system reads the pages the reader touches from its file cache (reading a 100 MB
/// module into an array costs about 80 ms of page faults and copying; mapping it and walking it, about 10 ms).
///
/// Like `ArraySlice`, a slice shares the bytes and keeps the indices of the whole file, and two byte sequences are
/// equal when their contents are.
public struct ModuleBytes: RandomAccessCollection, Equatable, @unchecked Sendable {
  /// Owns the memory: a copy on the heap or a mapping, released when the last slice goes away.
  private final class Storage {
    let base: UnsafeMutableRawPointer
    let mappedLength: Int?

    init(base: UnsafeMutableRawPointer, mappedLength: Int?) {
      self.base = base
      self.mappedLength = mappedLength
    }

    deinit {
      if let mappedLength {
        munmap(base, mappedLength)
      } else {
        base.deallocate()
      }
    }
  }

  private let storage: Storage
  private let base: UnsafePointer<UInt8>
  /// The offset of the first byte (0 unless this is a slice).
  public let startIndex: Int
  /// The offset after the last byte.
  public let endIndex: Int

  private init(storage: Storage, bounds: Range<Int>) {
    self.storage = storage
    self.base = UnsafePointer(storage.base.assumingMemoryBound(to: UInt8.self))
    self.startIndex = bounds.lowerBound
    self.endIndex = bounds.upperBound
  }

  /// A copy of `bytes`.
  public init<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    let memory = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(bytes.count, 1), alignment: 16)
    let buffer = UnsafeMutableRawBufferPointer(start: memory, count: bytes.count)
    // One memcpy for contiguous bytes (an array, a slice of one); the element-by-element copy only for the rest.
    let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
      if let base = source.baseAddress { memory.copyMemory(from: base, byteCount: source.count) }
    }
    if copied == nil { _ = buffer.initializeMemory(as: UInt8.self, from: bytes) }
    self.init(storage: Storage(base: memory, mappedLength: nil), bounds: 0..<bytes.count)
  }

  /// Maps the first `count` bytes of an open regular file read-only. Returns nil when the file is shorter than
  /// `count` (`errno` is then `EINVAL`) or the system refuses (`errno` says why). The descriptor may be closed
  /// afterwards; the mapping stays until the bytes are released.
  ///
  /// The file must not shrink while mapped: reading a page past its new end stops the process (`SIGBUS`), as with
  /// any mapping.
  public static func mapping(fileDescriptor descriptor: Int32, count: Int) -> ModuleBytes? {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    guard count >= 0, count <= Int(info.st_size) else {
      errno = EINVAL
      return nil
    }
    guard count > 0 else { return ModuleBytes([UInt8]()) }
    guard let memory = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), memory != MAP_FAILED else {
      return nil
    }
    return ModuleBytes(storage: Storage(base: memory, mappedLength: count), bounds: 0..<count)
  }

  /// The byte at file offset `position`.
  public subscript(position: Int) -> UInt8 {
    precondition(position >= startIndex && position < endIndex, "ModuleBytes: index out of range")
    return base[position]
  }

  /// The bytes at file offsets `bounds`, sharing this memory and keeping the offsets.
  public subscript(bounds: Range<Int>) -> ModuleBytes {
    precondition(bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex, "ModuleBytes: range out of bounds")
    return ModuleBytes(storage: storage, bounds: bounds)
  }

  /// Calls `body` with the bytes as one buffer (always available).
  public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
    try body(UnsafeBufferPointer(start: base + startIndex, count: count))
  }

  /// Calls `body` with the bytes as one buffer.
  public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
    try body(UnsafeRawBufferPointer(start: base + startIndex, count: count))
  }

  /// A copy in an array, made with one `memcpy` (`Array(bytes)` copies element by element).
  var copiedToArray: [UInt8] {
    Array(UnsafeBufferPointer(start: base + startIndex, count: count))
  }

  /// Whether `byte` occurs in the bytes (one `memchr`, not a loop over elements).
  public func contains(_ byte: UInt8) -> Bool {
    count > 0 && memchr(base + startIndex, Int32(byte), count) != nil
  }

  /// Whether two byte sequences have the same contents (wherever they lie).
  public static func == (lhs: ModuleBytes, rhs: ModuleBytes) -> Bool {
    lhs.count == rhs.count && memcmp(lhs.base + lhs.startIndex, rhs.base + rhs.startIndex, lhs.count) == 0
  }
}

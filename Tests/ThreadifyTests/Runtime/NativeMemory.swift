import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The native memory of this test process, as the kernel sees it.
enum NativeMemory {
  /// The resident set size (`VmRSS` of `/proc/self/status`) in bytes, after the C allocator has given the free
  /// memory it keeps for reuse back to the kernel (glibc `malloc_trim`); 0 where there is no such file.
  static var residentBytes: Int {
    trimAllocator()
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return 0 }
    return kilobytes * 1024
  }

  /// glibc's `malloc_trim(0)`, looked up at run time (`malloc.h` is not part of the Glibc module).
  private static func trimAllocator() {
    #if canImport(Glibc)
      typealias Trim = @convention(c) (Int) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
      _ = unsafeBitCast(symbol, to: Trim.self)(0)
    #endif
  }
}

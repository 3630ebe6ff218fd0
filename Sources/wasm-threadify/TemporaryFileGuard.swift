#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#else
  import Darwin
#endif

/// Removes the temporary output file when the process is stopped by SIGINT, SIGTERM or SIGHUP while it exists, then
/// lets the signal do what it would have done.
///
/// The handler may only make async-signal-safe calls, so the path is kept as a C string in a global the handler reads;
/// the signals are blocked while the path is set or cleared (and while the file is created or renamed), so that the
/// handler never sees a path that does not name this run's temporary file.
enum TemporaryFileGuard {
  static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

  /// Runs `body` (which creates the temporary file and returns its path) with the signals blocked, then arms the
  /// handler for that path.
  static func arm<Result>(_ body: () throws(Failure) -> (String, Result)) throws(Failure) -> (String, Result) {
    installHandlers()
    return try withSignalsBlocked { () throws(Failure) in
      let (path, result) = try body()
      guardedPath = strdup(path)
      return (path, result)
    }
  }

  /// Runs `body` (which renames or removes the temporary file) with the signals blocked, then disarms the handler.
  static func disarm(_ body: () -> Void) {
    withSignalsBlocked {
      body()
      free(guardedPath)
      guardedPath = nil
    }
  }

  private static func withSignalsBlocked<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
    var blocked = sigset_t()
    var previous = sigset_t()
    sigemptyset(&blocked)
    for signal in signals { sigaddset(&blocked, signal) }
    sigprocmask(SIG_BLOCK, &blocked, &previous)
    defer { sigprocmask(SIG_SETMASK, &previous, nil) }
    return try body()
  }

  private static func installHandlers() {
    guard !handlersInstalled else { return }
    handlersInstalled = true
    for signal in signals {
      // A signal ignored when the process started (SIGINT in a background job) stays ignored.
      var current = sigaction()
      guard sigaction(signal, nil, &current) == 0 else { continue }
      #if os(Linux)
        let isIgnored = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == 1
      #else
        let isIgnored = unsafeBitCast(current.__sigaction_u.__sa_handler, to: Int.self) == 1
      #endif
      if isIgnored { continue }
      var action = sigaction()
      #if os(Linux)
        action.__sigaction_handler.sa_handler = removeGuardedFileAndReraise
      #else
        action.__sigaction_u.__sa_handler = removeGuardedFileAndReraise
      #endif
      sigemptyset(&action.sa_mask)
      action.sa_flags = 0
      sigaction(signal, &action, nil)
    }
  }

  nonisolated(unsafe) private static var handlersInstalled = false
}

/// The temporary file to remove on a signal; nil when there is none. Read by the signal handler.
nonisolated(unsafe) private var guardedPath: UnsafeMutablePointer<CChar>?

/// The signal handler: async-signal-safe calls only.
private func removeGuardedFileAndReraise(_ number: Int32) {
  if let path = guardedPath { unlink(path) }
  signal(number, SIG_DFL)
  raise(number)
}

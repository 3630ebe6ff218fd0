/// What a patched module tells its host about its threads (docs/marker-format.md): how to set up each instance and
/// how to give a thread's stack and TLS block back. Read from the module's marker section by ``MarkerReader``; the
/// host knows no export or global name of its own.
public struct ThreadABI: Sendable, Equatable {
  /// One argument of a call the marker describes.
  public enum Argument: Sendable, Equatable {
    /// Passed as is.
    case integer(Int64)
    /// The host's stack size for the thread in bytes (`0`: the module's default).
    case stackSize
    /// The value of the follower instance's exported global of this name, read before it parked.
    case global(String)
  }

  /// The export every instance calls right after instantiation.
  public struct Start: Sendable, Equatable {
    /// The function export to call.
    public let export: String
    /// Its arguments: ``Argument/integer(_:)`` or ``Argument/stackSize``.
    public let arguments: [Argument]

    /// Call `export` with `arguments` on every instance.
    public init(export: String, arguments: [Argument]) {
      self.export = export
      self.arguments = arguments
    }
  }

  /// The export that gives a thread's stack and TLS block back.
  public struct Destroy: Sendable, Equatable {
    /// The function export to call.
    public let export: String
    /// The arguments a thread passes when it destroys itself (its last call into the module).
    public let selfArguments: [Int64]
    /// The arguments a leader passes, on its own instance, to destroy a parked follower: ``Argument/integer(_:)`` or
    /// ``Argument/global(_:)`` (read in the follower).
    public let otherArguments: [Argument]

    /// Destroy with `export`: `selfArguments` from the thread itself, `otherArguments` from a leader.
    public init(export: String, selfArguments: [Int64], otherArguments: [Argument]) {
      self.export = export
      self.selfArguments = selfArguments
      self.otherArguments = otherArguments
    }
  }

  /// The static memory the patch reserved.
  public struct Reservation: Sendable, Equatable {
    /// Its address in bytes.
    public let address: UInt32
    /// Its size in 64 KiB pages.
    public let pages: UInt32

    /// `pages` pages at `address`.
    public init(address: UInt32, pages: UInt32) {
      self.address = address
      self.pages = pages
    }
  }

  /// The payload's format version (`marker`).
  public let format: Int
  /// The rule set that patched the module.
  public let rules: String
  /// That rule set's version.
  public let version: String
  /// How each instance is set up; nil when the start section does it.
  public let start: Start?
  /// How a thread is destroyed; nil when the module has no destroy routine.
  public let destroy: Destroy?
  /// The reserved static memory; nil when nothing was reserved.
  public let reserved: Reservation?

  /// An ABI given explicitly (``HostConfiguration/abi``), or read from a marker.
  public init(
    format: Int = 1, rules: String, version: String, start: Start?, destroy: Destroy?, reserved: Reservation? = nil
  ) {
    self.format = format
    self.rules = rules
    self.version = version
    self.start = start
    self.destroy = destroy
    self.reserved = reserved
  }

  /// The names of the globals a follower must report before it parks (those of ``Destroy/otherArguments``).
  public var globalsToKeepWhenParking: [String] {
    destroy?.otherArguments.compactMap { if case .global(let name) = $0 { name } else { nil } } ?? []
  }
}

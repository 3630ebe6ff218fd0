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
    /// The thread id the host assigned to the instance (`0` for the first).
    case threadID
    /// The value the program passed to its spawn import (`0` for a thread the host started itself).
    case spawnArgument
  }

  /// Which instances are entered through the start export (the marker's `start.call`).
  public enum StartCall: String, Sendable, Equatable {
    /// Every instance, the first one too (start family (b)).
    case everyInstance = "every-instance"
    /// Every instance but the first, which its start section sets up alone (start family (c)).
    case otherInstances = "other-instances"
  }

  /// The export an instance calls right after instantiation.
  public struct Start: Sendable, Equatable {
    /// The function export to call.
    public let export: String
    /// Its arguments: ``Argument/integer(_:)``, ``Argument/stackSize``, ``Argument/threadID`` or
    /// ``Argument/spawnArgument``.
    public let arguments: [Argument]
    /// Which instances call it.
    public let call: StartCall

    /// Call `export` with `arguments` on the instances `call` says (by default every instance).
    public init(export: String, arguments: [Argument], call: StartCall = .everyInstance) {
      self.export = export
      self.arguments = arguments
      self.call = call
    }

    /// Whether the instance of thread `thread` calls it: every instance, or every one but the first (thread 0).
    public func enters(thread: UInt32) -> Bool {
      call == .everyInstance || thread != 0
    }
  }

  /// The import through which the program spawns its own threads (start family (d)): the host implements it with
  /// the signature `(i32) -> i32`, makes a new instance on a new thread entered through ``Start`` with the thread id
  /// and the argument, and returns the id, or `error` when no thread can be made.
  public struct Spawn: Sendable, Equatable {
    /// The import's module name.
    public let module: String
    /// The import's field name.
    public let name: String
    /// What the import returns when no thread can be made.
    public let error: Int32

    /// The spawn import `module`.`name`, returning `error` on failure.
    public init(module: String, name: String, error: Int32) {
      self.module = module
      self.name = name
      self.error = error
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
  /// The program's spawn import; nil when only the host creates threads.
  public let spawn: Spawn?
  /// How a thread is destroyed; nil when the module has no destroy routine.
  public let destroy: Destroy?
  /// The reserved static memory; nil when nothing was reserved.
  public let reserved: Reservation?

  /// An ABI given explicitly (``HostConfiguration/abi``), or read from a marker.
  public init(
    format: Int = 1, rules: String, version: String, start: Start?, spawn: Spawn? = nil, destroy: Destroy?,
    reserved: Reservation? = nil
  ) {
    self.format = format
    self.rules = rules
    self.version = version
    self.start = start
    self.spawn = spawn
    self.destroy = destroy
    self.reserved = reserved
  }

  /// The names of the globals a follower must report before it parks (those of ``Destroy/otherArguments``).
  public var globalsToKeepWhenParking: [String] {
    destroy?.otherArguments.compactMap { if case .global(let name) = $0 { name } else { nil } } ?? []
  }
}

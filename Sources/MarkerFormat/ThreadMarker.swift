/// The marker section's payload: which rule set patched a module and what a host must do to run it
/// (docs/marker-format.md). The patch writes it (``payload``); every Swift reader reads it with
/// ``ThreadMarker/init(payload:)``, the one strict reader.
public struct ThreadMarker: Sendable, Equatable {
  /// The payload format this library writes, and the newest it reads.
  public static let currentFormat = 2

  /// The payload's format version (`marker`).
  public var format: Int
  /// The rule set that patched the module, and its version.
  public var rules: String
  public var version: String
  /// The exported function a host calls after instantiating an instance; `nil`: the start section sets every
  /// instance up (family (a)).
  public var start: Start?
  /// The import through which the program spawns its own threads (family (d)); `nil`: only the host creates threads.
  public var spawn: Spawn?
  /// How a thread's stack and TLS are given back; `nil` when the module has no destroy routine.
  public var destroy: Destroy?
  /// Where each thread's stack pointer and TLS base live, and the sizes; `nil` when the rule set names none.
  public var globals: Globals?
  /// The static memory the patch reserved; `nil` when it reserved nothing.
  public var reserved: Reserved?

  /// A marker of the current format.
  public init(
    rules: String, version: String, start: Start? = nil, spawn: Spawn? = nil, destroy: Destroy? = nil,
    globals: Globals? = nil, reserved: Reserved? = nil
  ) {
    self.format = Self.currentFormat
    self.rules = rules
    self.version = version
    self.start = start
    self.spawn = spawn
    self.destroy = destroy
    self.globals = globals
    self.reserved = reserved
  }

  /// An exported start function, which instances it sets up, and its arguments.
  public struct Start: Sendable, Equatable {
    /// Which instances the host calls it on.
    public var call: Call
    /// The function export.
    public var export: String
    /// One argument per parameter.
    public var arguments: [Argument]

    /// Call `export` with `arguments` on the instances `call` says.
    public init(call: Call, export: String, arguments: [Argument]) {
      self.call = call
      self.export = export
      self.arguments = arguments
    }

    /// The instances an exported start is called on.
    public enum Call: String, Sendable, Equatable, CaseIterable {
      /// Every instance, the first one too (family (b)).
      case everyInstance = "every-instance"
      /// Every instance but the first, which its start section alone sets up (family (c)).
      case otherInstances = "other-instances"
      /// Like ``otherInstances``, but every other instance needs a stack and TLS block the host allocates and passes
      /// by a convention the marker cannot describe yet: no host implements it, every host refuses it by name.
      case hostAllocates = "host-allocates"
    }
  }

  /// The spawn import a host implements (family (d)): a new instance on a new thread, entered through ``Start``
  /// with the spawn argument; it returns the new thread's id, or ``error`` when no thread could be made.
  public struct Spawn: Sendable, Equatable {
    /// The import's module and name.
    public var module: String
    public var name: String
    /// Its signature in value types (`"i32"`); the first parameter is the spawn argument.
    public var params: [String]
    public var results: [String]
    /// What it returns on success: ``Spawn/threadIDResult``.
    public var returns: String
    /// What it returns when no thread could be made (e.g. a negative errno).
    public var error: Int64

    /// The only success result so far: the new thread's id, greater than 0.
    public static let threadIDResult = "thread_id"

    /// The import `module`.`name` of signature `params` → `results`.
    public init(module: String, name: String, params: [String], results: [String], returns: String, error: Int64) {
      self.module = module
      self.name = name
      self.params = params
      self.results = results
      self.returns = returns
      self.error = error
    }
  }

  /// The destroy export, with the arguments for destroying the calling thread and another thread.
  public struct Destroy: Sendable, Equatable {
    /// The function export.
    public var export: String
    /// What a thread passes to destroy itself (its last call into the module).
    public var ownArguments: [Int64]
    /// What a leader passes, on its own instance, to destroy another thread: integers or that thread's globals.
    public var otherArguments: [Argument]

    /// Destroy with `export`: `ownArguments` from the thread itself, `otherArguments` from a leader.
    public init(export: String, ownArguments: [Int64], otherArguments: [Argument]) {
      self.export = export
      self.ownArguments = ownArguments
      self.otherArguments = otherArguments
    }
  }

  /// The thread state a verifier or host reads without names: the globals by index, and the sizes.
  public struct Globals: Sendable, Equatable {
    /// The global holding the stack pointer.
    public var stackPointer: Global?
    /// The global holding the thread's TLS block address.
    public var tlsBase: Global?
    /// Bytes in a TLS block.
    public var tlsSize: Int64?
    /// The alignment a TLS block needs (a power of two).
    public var tlsAlign: Int64?
    /// Bytes of stack a thread gets when the host asks for the default.
    public var stackSize: Int64?
    /// The end of the static data.
    public var dataEnd: Int64?
    /// Where the heap starts.
    public var heapBase: Int64?

    /// Whatever is known; `nil` for the rest.
    public init(
      stackPointer: Global? = nil, tlsBase: Global? = nil, tlsSize: Int64? = nil, tlsAlign: Int64? = nil,
      stackSize: Int64? = nil, dataEnd: Int64? = nil, heapBase: Int64? = nil
    ) {
      self.stackPointer = stackPointer
      self.tlsBase = tlsBase
      self.tlsSize = tlsSize
      self.tlsAlign = tlsAlign
      self.stackSize = stackSize
      self.dataEnd = dataEnd
      self.heapBase = heapBase
    }
  }

  /// A global of the patched module: its index in the global index space, and its export name if exported.
  public struct Global: Sendable, Equatable {
    public var index: UInt32
    public var export: String?

    /// Global `index`, exported as `export`.
    public init(index: UInt32, export: String?) {
      self.index = index
      self.export = export
    }
  }

  /// The reserved static memory (the utility page).
  public struct Reserved: Sendable, Equatable {
    /// Its address in bytes.
    public var address: UInt64
    /// Its size in 64 KiB pages.
    public var pages: UInt64

    /// `pages` pages at `address`.
    public init(address: UInt64, pages: UInt64) {
      self.address = address
      self.pages = pages
    }
  }

  /// One argument of a call the marker describes.
  public enum Argument: Sendable, Equatable {
    /// Passed as is.
    case literal(Int64)
    /// A value the host fills.
    case role(Role)
    /// (`destroy.other` only) the value of the other instance's exported global of this name.
    case exportedGlobal(String)
  }

  /// A value the host fills in an argument list.
  public enum Role: String, Sendable, Equatable, CaseIterable {
    /// The host's stack size for the thread in bytes (`0`: the module's default).
    case stackSize = "stack_size"
    /// The thread id the host assigned (`0` for the first instance).
    case threadID = "thread_id"
    /// The value the program passed to its spawn import (`0` for a thread the host started itself).
    case spawnArgument = "spawn_arg"
  }
}

extension ThreadMarker {
  /// The names of the globals a follower must report before it parks (those of ``Destroy/otherArguments``).
  public var globalsToKeepWhenParking: [String] {
    destroy?.otherArguments.compactMap { if case .exportedGlobal(let name) = $0 { name } else { nil } } ?? []
  }
}

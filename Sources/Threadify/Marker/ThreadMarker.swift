#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// The marker section's payload: which rule set patched the module and what a host must do to run it
/// (docs/marker-format.md). Written by the patch as JSON; read by `inspect` and the hosts.
public struct ThreadMarker: Codable, Sendable, Equatable {
  /// The payload format this library writes and reads.
  public static let currentFormat = 2

  /// The payload's format version.
  public var marker: Int
  /// The rule set that patched the module, and its version.
  public var rules: String
  public var version: String
  /// The exported function a host calls after instantiating an instance; `nil`: the start section sets every
  /// instance up.
  public var start: Start?
  /// The import through which the program spawns its own threads; `nil`: only the host creates threads.
  public var spawn: Spawn?
  /// How a thread's stack and TLS are given back; `nil` when the module has no destroy routine.
  public var destroy: Destroy?
  /// Where each thread's stack pointer and TLS base live, and the sizes; `nil` when the rule set names none.
  public var globals: Globals?
  /// The static memory the patch reserved; `nil` when it reserved nothing.
  public var reserved: Reserved?

  /// An exported start function, which instances it sets up, and its arguments.
  public struct Start: Codable, Sendable, Equatable {
    /// Which instances the host calls it on.
    public var call: Call
    public var export: String
    public var args: [Argument]

    /// The instances an exported start is called on.
    public enum Call: String, Codable, Sendable, Equatable {
      /// Every instance, the first one too (the start section was removed).
      case everyInstance = "every-instance"
      /// Every instance but the first, which the start section alone sets up.
      case otherInstances = "other-instances"
    }
  }

  /// The spawn import a host implements: a new instance on a new thread, entered through ``Start`` with the spawn
  /// argument; it returns the new thread's id, or `error` when no thread could be made.
  public struct Spawn: Codable, Sendable, Equatable {
    public var module: String
    public var name: String
    /// The import's signature in value types (`"i32"`); the first parameter is the spawn argument.
    public var params: [String]
    public var results: [String]
    /// What it returns on success: `"thread_id"` (greater than 0).
    public var returns: String
    /// What it returns when no thread could be made.
    public var error: Int64
  }

  /// The destroy export, with the arguments for destroying the calling thread and another thread.
  public struct Destroy: Codable, Sendable, Equatable {
    public var export: String
    /// What a thread passes to destroy itself.
    public var ownArguments: [Int64]
    /// What a leader passes to destroy another thread.
    public var otherArguments: [Argument]

    enum CodingKeys: String, CodingKey {
      case export
      case ownArguments = "self"
      case otherArguments = "other"
    }
  }

  /// The thread state a verifier or host reads without names: the globals by index, and the sizes.
  public struct Globals: Codable, Sendable, Equatable {
    /// The global holding the stack pointer.
    public var stackPointer: Global?
    /// The global holding the thread's TLS block address.
    public var tlsBase: Global?
    /// Bytes in a TLS block, and the alignment it needs.
    public var tlsSize: Int64?
    public var tlsAlign: Int64?
    /// Bytes of stack a thread gets when the host passes no stack size of its own.
    public var stackSize: Int64?
    /// The end of the static data, and where the heap starts, when known.
    public var dataEnd: Int64?
    public var heapBase: Int64?

    enum CodingKeys: String, CodingKey {
      case stackPointer = "stack-pointer"
      case tlsBase = "tls-base"
      case tlsSize = "tls-size"
      case tlsAlign = "tls-align"
      case stackSize = "stack-size"
      case dataEnd = "data-end"
      case heapBase = "heap-base"
    }
  }

  /// A global of the patched module: its index in the global index space, and its export name if exported.
  public struct Global: Codable, Sendable, Equatable {
    public var index: UInt32
    public var export: String?
  }

  /// The reserved static memory.
  public struct Reserved: Codable, Sendable, Equatable {
    public var address: Int64
    public var pages: Int
  }

  /// An argument: an integer, a role the host fills (`"stack_size"`, `"thread_id"`, `"spawn_arg"`), or
  /// `{"global": EXPORT}`.
  public enum Argument: Codable, Sendable, Equatable {
    case literal(Int64)
    case role(String)
    case exportedGlobal(String)

    private struct GlobalReference: Codable { var global: String }

    public init(from decoder: Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let literal = try? container.decode(Int64.self) {
        self = .literal(literal)
      } else if let role = try? container.decode(String.self) {
        self = .role(role)
      } else {
        self = .exportedGlobal(try container.decode(GlobalReference.self).global)
      }
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .literal(let value): try container.encode(value)
      case .role(let role): try container.encode(role)
      case .exportedGlobal(let name): try container.encode(GlobalReference(global: name))
      }
    }
  }

  /// The payload's bytes: compact JSON with sorted keys, the same for the same patch.
  public var payload: [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding plain strings and integers cannot fail.
    return Array((try? encoder.encode(self)) ?? Data())
  }

  /// Reads a marker payload; a payload that is not this format (e.g. version 0.2's `rules=NAME version=V`)
  /// or of a newer `marker` version gives an error saying so.
  public init(payload: some Collection<UInt8>) throws(MarkerError) {
    let data = Data(payload)
    guard data.first == UInt8(ascii: "{") else { throw .notJSON(String(decoding: data.prefix(80), as: UTF8.self)) }
    let decoded: ThreadMarker
    do {
      decoded = try JSONDecoder().decode(ThreadMarker.self, from: data)
    } catch {
      throw .malformed(String(describing: error))
    }
    guard decoded.marker <= Self.currentFormat else { throw .newerFormat(decoded.marker) }
    self = decoded
  }

  /// A marker for a plan.
  init(
    rules: String, version: String, start: Start?, spawn: Spawn?, destroy: Destroy?, globals: Globals?,
    reserved: Reserved?
  ) {
    self.marker = Self.currentFormat
    self.rules = rules
    self.version = version
    self.start = start
    self.spawn = spawn
    self.destroy = destroy
    self.globals = globals
    self.reserved = reserved
  }
}

/// Why a marker payload could not be read.
public enum MarkerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Not a JSON object: probably written by wasm-threadify 0.2 (`rules=NAME version=V`).
  case notJSON(String)
  /// JSON, but not a marker.
  case malformed(String)
  /// A format version newer than this library reads.
  case newerFormat(Int)

  public var description: String {
    switch self {
    case .notJSON(let text):
      "the marker is not JSON ('\(text)'): the module was patched by wasm-threadify 0.2 or older; patch the original again"
    case .malformed(let reason): "the marker is not a valid marker payload: \(reason)"
    case .newerFormat(let format):
      "the marker has format \(format), newer than this version reads (\(ThreadMarker.currentFormat))"
    }
  }
}

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reads a module's marker section (docs/marker-format.md) into a ``ThreadABI``, or says by name why the module
/// cannot be run: not patched, patched by an older wasm-threadify, a newer format, or a malformed payload.
public enum MarkerReader {
  /// The payload format this host understands.
  public static let supportedFormat = 2
  /// A payload larger than this is refused unread (the bundled rule sets write a few hundred bytes).
  public static let maximumPayloadBytes = 64 * 1024

  /// Reads the ABI from the payload of the marker section `section` among `customSections` (name, payload);
  /// `moduleName` names the module in messages.
  public static func read(
    customSections: [(name: String, payload: [UInt8])], section: String, moduleName: String
  ) throws(HostError) -> ThreadABI {
    let found = customSections.filter { $0.name == section }
    guard let payload = found.first?.payload else {
      throw HostError(
        .notPatched,
        "\(moduleName) has no \"\(section)\" marker section: it was not patched by wasm-threadify (or by a rule set "
          + "without a marker). Patch it first: wasm-threadify patch \(moduleName) -o PATCHED.wasm")
    }
    guard found.count == 1 else {
      throw HostError(.badMarker, "\(moduleName) has \(found.count) \"\(section)\" marker sections, expected one")
    }
    return try parse(payload, moduleName: moduleName)
  }

  /// Parses one marker payload.
  public static func parse(_ payload: [UInt8], moduleName: String) throws(HostError) -> ThreadABI {
    func bad(_ why: String) -> HostError { HostError(.badMarker, "\(moduleName): marker section: \(why)") }
    guard payload.count <= maximumPayloadBytes else {
      throw bad("payload of \(payload.count) bytes (at most \(maximumPayloadBytes) expected)")
    }
    if payload.starts(with: Array("rules=".utf8)) {
      let old = String(decoding: payload.prefix(200), as: UTF8.self)
      throw HostError(
        .badMarker,
        "\(moduleName) was patched by wasm-threadify 0.2 (marker \"\(old)\"), which does not record the thread ABI "
          + "a host needs: patch the original module again with this version")
    }
    let object: [String: JSONValue]
    do {
      guard case .object(let parsed) = try JSONDecoder().decode(JSONValue.self, from: Data(payload)) else {
        throw bad("the payload is not a JSON object")
      }
      object = parsed
    } catch let error as HostError {
      throw error
    } catch {
      throw bad("the payload is not JSON")
    }
    let fields = MarkerFields(object: object, moduleName: moduleName)
    let format = try fields.integer("marker", in: 1...Int64(Int32.max))
    guard format <= Int64(supportedFormat) else {
      throw bad("format \(format) is newer than this host understands (\(supportedFormat)): update wasm-threadify")
    }
    return ThreadABI(
      format: Int(format), rules: try fields.string("rules"), version: try fields.string("version"),
      start: try fields.start(), spawn: try fields.spawn(), destroy: try fields.destroy(),
      reserved: try fields.reservation())
  }
}

/// A JSON value as the marker uses it: integers are kept apart from other numbers, booleans from both.
enum JSONValue: Decodable {
  case null
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])

  init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Int64.self) {
      self = .integer(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSONValue].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSONValue].self))
    }
  }
}

/// The typed reading of the marker's JSON object, with messages that name the key.
private struct MarkerFields {
  let object: [String: JSONValue]
  let moduleName: String

  func bad(_ why: String) -> HostError { HostError(.badMarker, "\(moduleName): marker section: \(why)") }

  func value(_ key: String) throws(HostError) -> JSONValue {
    guard let value = object[key] else { throw bad("no \"\(key)\" key") }
    return value
  }

  func string(_ key: String) throws(HostError) -> String {
    guard case .string(let text) = try value(key) else { throw bad("\"\(key)\" is not a string") }
    return text
  }

  func integer(_ key: String, in range: ClosedRange<Int64>) throws(HostError) -> Int64 {
    guard case .integer(let number) = try value(key), range.contains(number) else {
      throw bad("\"\(key)\" is not an integer in \(range.lowerBound)...\(range.upperBound)")
    }
    return number
  }

  /// A JSON object, or nil for `null` or an absent key.
  func optionalObject(_ key: String) throws(HostError) -> [String: JSONValue]? {
    switch object[key] ?? .null {
    case .null: return nil
    case .object(let object): return object
    default: throw bad("\"\(key)\" is neither null nor an object")
    }
  }

  func export(_ object: [String: JSONValue], in key: String) throws(HostError) -> String {
    guard case .string(let name) = object["export"], !name.isEmpty else {
      throw bad("\"\(key)\" has no \"export\" name")
    }
    return name
  }

  /// A list of arguments: integers, and the one other form `path` allows.
  func arguments(_ raw: JSONValue?, in path: String, allowing other: ThreadABI.Argument?) throws(HostError)
    -> [ThreadABI.Argument]
  {
    guard case .array(let list) = raw else { throw bad("\(path) is not a list") }
    guard list.count <= 64 else { throw bad("\(path) has \(list.count) arguments") }
    var arguments: [ThreadABI.Argument] = []
    for (index, item) in list.enumerated() {
      switch (item, other) {
      case (.integer(let number), _):
        arguments.append(.integer(number))
      case (.string("stack_size"), .stackSize?):
        arguments.append(.stackSize)
      case (.string("thread_id"), .stackSize?):
        arguments.append(.threadID)
      case (.string("spawn_arg"), .stackSize?):
        arguments.append(.spawnArgument)
      case (.object(let object), .global?) where object.count == 1 && Self.nonEmptyString(object["global"]) != nil:
        arguments.append(.global(Self.nonEmptyString(object["global"]) ?? ""))
      default:
        let form: String
        switch other {
        case .stackSize?: form = " nor a role (\"stack_size\", \"thread_id\", \"spawn_arg\")"
        case .global?: form = " nor {\"global\": NAME}"
        default: form = ""
        }
        throw bad("\(path)[\(index)] is not an integer\(form)")
      }
    }
    return arguments
  }

  static func nonEmptyString(_ value: JSONValue?) -> String? {
    if case .string(let text) = value, !text.isEmpty { text } else { nil }
  }

  func start() throws(HostError) -> ThreadABI.Start? {
    guard let object = try optionalObject("start") else { return nil }
    var call = ThreadABI.StartCall.everyInstance
    switch object["call"] ?? .null {
    case .null: break
    case .string(let kind):
      guard let known = ThreadABI.StartCall(rawValue: kind) else {
        throw bad("\"start.call\" is \"\(kind)\", which this host cannot honour")
      }
      call = known
    default: throw bad("\"start.call\" is not a string")
    }
    let arguments = try arguments(object["args"], in: "start.args", allowing: .stackSize)
    if arguments.contains(.spawnArgument), (try optionalObject("spawn")) == nil {
      throw bad("\"start.args\" has \"spawn_arg\" but the marker has no \"spawn\"")
    }
    return ThreadABI.Start(export: try export(object, in: "start"), arguments: arguments, call: call)
  }

  /// The program's spawn import; refuses, naming the key, a signature or result this host does not implement.
  func spawn() throws(HostError) -> ThreadABI.Spawn? {
    guard let object = try optionalObject("spawn") else { return nil }
    guard let module = Self.nonEmptyString(object["module"]), let name = Self.nonEmptyString(object["name"]) else {
      throw bad("\"spawn\" needs a \"module\" and a \"name\"")
    }
    let i32: [JSONValue] = [.string("i32")]
    guard case .array(let params) = object["params"], case .array(let results) = object["results"],
      params.map(Self.nonEmptyString) == i32.map(Self.nonEmptyString),
      results.map(Self.nonEmptyString) == i32.map(Self.nonEmptyString)
    else {
      throw bad(
        "\"spawn\" import \(module).\(name) has a signature this host cannot honour (it implements (i32) -> i32)")
    }
    guard case .string("thread_id") = object["returns"] else {
      throw bad("\"spawn.returns\" is not \"thread_id\", which this host cannot honour")
    }
    guard case .integer(let error) = object["error"], let error32 = Int32(exactly: error) else {
      throw bad("\"spawn.error\" is not an i32 integer")
    }
    guard case .object(let start) = self.object["start"] ?? .null, case .string("other-instances") = start["call"]
    else {
      throw bad("\"spawn\" needs a \"start\" of call \"other-instances\"")
    }
    return ThreadABI.Spawn(module: module, name: name, error: error32)
  }

  func destroy() throws(HostError) -> ThreadABI.Destroy? {
    guard let object = try optionalObject("destroy") else { return nil }
    let selfArguments = try arguments(object["self"], in: "destroy.self", allowing: nil).compactMap {
      if case .integer(let value) = $0 { value } else { nil }
    }
    return ThreadABI.Destroy(
      export: try export(object, in: "destroy"), selfArguments: selfArguments,
      otherArguments: try arguments(object["other"], in: "destroy.other", allowing: .global("")))
  }

  func reservation() throws(HostError) -> ThreadABI.Reservation? {
    guard let object = try optionalObject("reserved") else { return nil }
    let inner = MarkerFields(object: object, moduleName: moduleName)
    return ThreadABI.Reservation(
      address: UInt32(try inner.integer("address", in: 0...Int64(UInt32.max))),
      pages: UInt32(try inner.integer("pages", in: 0...65536)))
  }
}

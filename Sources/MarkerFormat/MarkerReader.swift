#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ThreadMarker {
  /// A payload larger than this is refused unread (the bundled rule sets write a few hundred bytes).
  public static let maximumPayloadBytes = 64 * 1024

  /// Reads a marker payload strictly (docs/marker-format.md, "Reading rules"): format 1 and 2; the first problem,
  /// in the order the document lists the keys, is thrown naming the key.
  public init(payload: some Collection<UInt8>) throws(MarkerError) {
    let bytes = Array(payload)
    func bad(_ why: String) -> MarkerError { MarkerError(.malformed, why) }
    guard bytes.count <= Self.maximumPayloadBytes else {
      throw bad("payload of \(bytes.count) bytes (at most \(Self.maximumPayloadBytes) expected)")
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw bad("the payload is not UTF-8 text") }
    if text.hasPrefix("rules=") {
      throw MarkerError(
        .oldFormat,
        "the payload \"\(String(text.prefix(80)))\" was written by wasm-threadify 0.2, which does not record the "
          + "thread ABI a host needs: patch the original module again")
    }
    let value: JSONValue
    do {
      value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    } catch {
      throw bad("the payload is not JSON")
    }
    guard case .object(let object) = value else { throw bad("the payload is not a JSON object") }
    self = try MarkerFields(object: object, path: "").marker()
  }
}

/// The typed reading of one JSON object of the marker, with messages that name the key by its path.
private struct MarkerFields {
  let object: [String: JSONValue]
  /// `""` for the top level, else e.g. `"start."`.
  let path: String

  static let i32Range: ClosedRange<Int64> = -(1 << 31)...Int64(UInt32.max)
  static let u32Range: ClosedRange<Int64> = 0...Int64(UInt32.max)
  /// Addresses and sizes in memory: a memory64 may pass 4 GiB; JSON readers in JavaScript hold integers exactly
  /// up to 2^53 - 1.
  static let memoryRange: ClosedRange<Int64> = 0...(1 << 53 - 1)
  /// Pages of 64 KiB in a memory64's address space.
  static let pagesRange: ClosedRange<Int64> = 0...(1 << 48)

  func bad(_ why: String) -> MarkerError { MarkerError(.malformed, why) }
  func name(_ key: String) -> String { "\"\(path)\(key)\"" }

  func marker() throws(MarkerError) -> ThreadMarker {
    let format = try integer("marker", in: 1...Int64(Int32.max))
    guard format <= Int64(ThreadMarker.currentFormat) else {
      throw MarkerError(
        .newerFormat,
        "format \(format) is newer than this reader understands (\(ThreadMarker.currentFormat)): update wasm-threadify")
    }
    var marker = ThreadMarker(rules: try string("rules"), version: try string("version"))
    marker.format = Int(format)
    let spawnGiven = (object["spawn"] ?? .null) != .null
    marker.start = try nested("start").map { (start) throws(MarkerError) in try start.start(format: format) }
    if let start = marker.start, !spawnGiven, let index = start.arguments.firstIndex(of: .role(.spawnArgument)) {
      throw bad("\"start.args[\(index)]\" is \"spawn_arg\", but the marker has no \"spawn\"")
    }
    marker.spawn = try nested("spawn").map { (spawn) throws(MarkerError) in try spawn.spawn() }
    if marker.spawn != nil, marker.start?.call != .otherInstances {
      throw bad("\"spawn\" needs a \"start\" with \"call\": \"other-instances\"")
    }
    marker.destroy = try nested("destroy").map { (destroy) throws(MarkerError) in try destroy.destroy() }
    marker.globals = try nested("globals").map { (globals) throws(MarkerError) in try globals.globals() }
    marker.reserved = try nested("reserved").map { (reserved) throws(MarkerError) in
      ThreadMarker.Reserved(
        address: UInt64(try reserved.integer("address", in: Self.memoryRange)),
        pages: UInt64(try reserved.integer("pages", in: Self.pagesRange)))
    }
    return marker
  }

  func start(format: Int64) throws(MarkerError) -> ThreadMarker.Start {
    let call: ThreadMarker.Start.Call
    if format == 1 && object["call"] == nil {
      call = .everyInstance
    } else {
      let calls = ThreadMarker.Start.Call.allCases
      guard case .string(let text)? = object["call"], let known = ThreadMarker.Start.Call(rawValue: text) else {
        throw bad(
          "\(name("call")) is not one of " + calls.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
      }
      call = known
    }
    return ThreadMarker.Start(
      call: call, export: try nonEmptyString("export"), arguments: try arguments("args", allowingRoles: true))
  }

  func spawn() throws(MarkerError) -> ThreadMarker.Spawn {
    let module = try nonEmptyString("module")
    let name = try nonEmptyString("name")
    let params = try valueTypes("params")
    guard !params.isEmpty else {
      throw bad("\(self.name("params")) is empty: the first parameter is the spawn argument")
    }
    let results = try valueTypes("results")
    guard results.count == 1 else { throw bad("\(self.name("results")) does not list exactly one value type") }
    guard case .string(ThreadMarker.Spawn.threadIDResult)? = object["returns"] else {
      throw bad("\(self.name("returns")) is not \"\(ThreadMarker.Spawn.threadIDResult)\"")
    }
    return ThreadMarker.Spawn(
      module: module, name: name, params: params, results: results, returns: ThreadMarker.Spawn.threadIDResult,
      error: try integer("error", in: Self.i32Range))
  }

  func destroy() throws(MarkerError) -> ThreadMarker.Destroy {
    let export = try nonEmptyString("export")
    let own = try arguments("self", allowingRoles: false, allowingGlobals: false).compactMap {
      if case .literal(let value) = $0 { value } else { nil }
    }
    return ThreadMarker.Destroy(
      export: export, ownArguments: own, otherArguments: try arguments("other", allowingRoles: false))
  }

  func globals() throws(MarkerError) -> ThreadMarker.Globals {
    func global(_ key: String) throws(MarkerError) -> ThreadMarker.Global? {
      try nested(key).map { (inner) throws(MarkerError) in
        ThreadMarker.Global(
          index: UInt32(try inner.integer("index", in: Self.u32Range)),
          export: try inner.object["export"] == nil ? nil : inner.nonEmptyString("export"))
      }
    }
    var globals = ThreadMarker.Globals(stackPointer: try global("stack-pointer"), tlsBase: try global("tls-base"))
    globals.tlsSize = try optionalInteger("tls-size", in: Self.memoryRange)
    globals.tlsAlign = try optionalInteger("tls-align", in: 1...(1 << 31))
    if let align = globals.tlsAlign, align & (align - 1) != 0 {
      throw bad("\(name("tls-align")) is not a power of two")
    }
    globals.stackSize = try optionalInteger("stack-size", in: Self.memoryRange)
    globals.dataEnd = try optionalInteger("data-end", in: Self.memoryRange)
    globals.heapBase = try optionalInteger("heap-base", in: Self.memoryRange)
    return globals
  }

  // MARK: values

  func value(_ key: String) throws(MarkerError) -> JSONValue {
    guard let value = object[key] else { throw bad("no \(name(key)) key") }
    return value
  }

  func string(_ key: String) throws(MarkerError) -> String {
    guard case .string(let text) = try value(key) else { throw bad("\(name(key)) is not a string") }
    return text
  }

  func nonEmptyString(_ key: String) throws(MarkerError) -> String {
    guard case .string(let text)? = object[key], !text.isEmpty else {
      throw bad("\(name(key)) is not a non-empty string")
    }
    return text
  }

  func integer(_ key: String, in range: ClosedRange<Int64>) throws(MarkerError) -> Int64 {
    guard case .integer(let number) = try value(key), range.contains(number) else {
      throw bad("\(name(key)) is not an integer in \(range.lowerBound)...\(range.upperBound)")
    }
    return number
  }

  func optionalInteger(_ key: String, in range: ClosedRange<Int64>) throws(MarkerError) -> Int64? {
    if (object[key] ?? .null) == .null { return nil }
    return try integer(key, in: range)
  }

  /// The object at `key`, or nil for `null` or an absent key.
  func nested(_ key: String) throws(MarkerError) -> MarkerFields? {
    switch object[key] ?? .null {
    case .null: return nil
    case .object(let inner): return MarkerFields(object: inner, path: "\(path)\(key).")
    default: throw bad("\(name(key)) is neither null nor an object")
    }
  }

  func valueTypes(_ key: String) throws(MarkerError) -> [String] {
    let known: Set<String> = ["i32", "i64", "f32", "f64"]
    guard case .array(let list)? = object[key] else { throw bad("\(name(key)) is not a list of value types") }
    return try list.map { (item) throws(MarkerError) in
      guard case .string(let type) = item, known.contains(type) else {
        throw bad("\(name(key)) is not a list of value types")
      }
      return type
    }
  }

  /// NAME of `{"global": NAME}`, a non-empty string and the only key.
  static func globalName(_ reference: [String: JSONValue]) -> String? {
    guard reference.count == 1, case .string(let name)? = reference["global"], !name.isEmpty else { return nil }
    return name
  }

  /// A list of arguments: integers that fit an `i32`, and roles or `{"global": NAME}` where allowed.
  func arguments(_ key: String, allowingRoles: Bool, allowingGlobals: Bool = true) throws(MarkerError)
    -> [ThreadMarker.Argument]
  {
    guard case .array(let list)? = object[key] else { throw bad("\(name(key)) is not a list") }
    guard list.count <= 64 else { throw bad("\(name(key)) has \(list.count) arguments (at most 64)") }
    var arguments: [ThreadMarker.Argument] = []
    for (index, item) in list.enumerated() {
      switch item {
      case .integer(let number) where Self.i32Range.contains(number):
        arguments.append(.literal(number))
      case .string(let text) where allowingRoles && ThreadMarker.Role(rawValue: text) != nil:
        arguments.append(.role(ThreadMarker.Role(rawValue: text)!))
      case .object(let reference) where allowingGlobals && !allowingRoles && Self.globalName(reference) != nil:
        arguments.append(.exportedGlobal(Self.globalName(reference) ?? ""))
      default:
        let other =
          allowingRoles
          ? " nor one of " + ThreadMarker.Role.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
          : allowingGlobals ? " nor {\"global\": NAME}" : ""
        throw bad(
          "\"\(path)\(key)[\(index)]\" is not an integer in \(Self.i32Range.lowerBound)...\(Self.i32Range.upperBound)"
            + other)
      }
    }
    return arguments
  }
}

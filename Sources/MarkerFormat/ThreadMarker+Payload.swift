#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

extension ThreadMarker {
  /// The payload's bytes: compact JSON with sorted keys, absent values left out; the same for the same marker.
  public var payload: [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Encoding plain strings and integers cannot fail.
    return Array((try? encoder.encode(MarkerJSON.object(self))) ?? Data())
  }
}

/// The marker as a JSON value, key for key as docs/marker-format.md names them.
enum MarkerJSON {
  static func object(_ marker: ThreadMarker) -> JSONValue {
    var object: [String: JSONValue] = [
      "marker": .integer(Int64(marker.format)), "rules": .string(marker.rules), "version": .string(marker.version),
    ]
    object["start"] = marker.start.map { start in
      .object([
        "call": .string(start.call.rawValue), "export": .string(start.export),
        "args": .array(start.arguments.map(argument)),
      ])
    }
    object["spawn"] = marker.spawn.map { spawn in
      .object([
        "module": .string(spawn.module), "name": .string(spawn.name),
        "params": .array(spawn.params.map(JSONValue.string)),
        "results": .array(spawn.results.map(JSONValue.string)), "returns": .string(spawn.returns),
        "error": .integer(spawn.error),
      ])
    }
    object["destroy"] = marker.destroy.map { destroy in
      .object([
        "export": .string(destroy.export), "self": .array(destroy.ownArguments.map(JSONValue.integer)),
        "other": .array(destroy.otherArguments.map(argument)),
      ])
    }
    object["globals"] = marker.globals.map(globals)
    object["reserved"] = marker.reserved.map { reserved in
      .object(["address": .integer(Int64(reserved.address)), "pages": .integer(Int64(reserved.pages))])
    }
    return .object(object)
  }

  private static func globals(_ globals: ThreadMarker.Globals) -> JSONValue {
    var object: [String: JSONValue] = [:]
    for (key, global) in [("stack-pointer", globals.stackPointer), ("tls-base", globals.tlsBase)] {
      guard let global else { continue }
      var entry: [String: JSONValue] = ["index": .integer(Int64(global.index))]
      entry["export"] = global.export.map(JSONValue.string)
      object[key] = .object(entry)
    }
    for (key, value) in [
      ("tls-size", globals.tlsSize), ("tls-align", globals.tlsAlign), ("stack-size", globals.stackSize),
      ("data-end", globals.dataEnd), ("heap-base", globals.heapBase),
    ] {
      object[key] = value.map(JSONValue.integer)
    }
    return .object(object)
  }

  private static func argument(_ argument: ThreadMarker.Argument) -> JSONValue {
    switch argument {
    case .literal(let value): .integer(value)
    case .role(let role): .string(role.rawValue)
    case .exportedGlobal(let name): .object(["global": .string(name)])
    }
  }
}

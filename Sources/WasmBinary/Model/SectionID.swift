/// The section ids of a core WebAssembly module.
public enum SectionID: UInt8, Sendable, CaseIterable {
  case custom = 0
  case type = 1
  case `import` = 2
  case function = 3
  case table = 4
  case memory = 5
  case global = 6
  case export = 7
  case start = 8
  case element = 9
  case code = 10
  case data = 11
  case dataCount = 12
  case tag = 13

  /// The section's name as the spec and the text format spell it, e.g. `datacount`.
  public var name: String {
    switch self {
    case .custom: "custom"
    case .type: "type"
    case .import: "import"
    case .function: "function"
    case .table: "table"
    case .memory: "memory"
    case .global: "global"
    case .export: "export"
    case .start: "start"
    case .element: "element"
    case .code: "code"
    case .data: "data"
    case .dataCount: "datacount"
    case .tag: "tag"
    }
  }

  /// The position a known section must take among the other known sections (the ids are not in file order:
  /// `tag` comes before `global`, `datacount` before `code`). Custom sections have no rank (they go anywhere).
  var rank: Int? {
    switch self {
    case .custom: nil
    case .type: 1
    case .import: 2
    case .function: 3
    case .table: 4
    case .memory: 5
    case .tag: 6
    case .global: 7
    case .export: 8
    case .start: 9
    case .element: 10
    case .dataCount: 11
    case .code: 12
    case .data: 13
    }
  }
}

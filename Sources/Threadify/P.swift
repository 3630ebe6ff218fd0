public enum Placeholder3 { public static func list() -> [String] { EmbeddedRuleFiles.files.keys.sorted() } }

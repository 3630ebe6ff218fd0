/// The constant expression that initialises a global the editor adds: `i32.const N` or `i64.const N`, then `end`.
public enum ConstantInitializer: Sendable, Equatable {
  case i32(Int32)
  case i64(Int64)
}

/// One property `verify` checks from outside the program, over every thread it starts. The raw value is the name
/// reports and messages use.
public enum VerifyCheck: String, CaseIterable, Codable, Sendable {
  /// The module carries a marker whose records a verifier can honour (a `globals` record; a start family it drives).
  case marker
  /// Every instance instantiates and runs its start as the marker says, without trapping.
  case start
  /// The first instance keeps the static stack: its stack pointer is the linker's initial value.
  case firstKeepsStaticStack = "first-keeps-static-stack"
  /// Every other thread's stack pointer was set: it is neither the static stack top nor the global's initial value.
  case stackPointerSet = "stack-pointer-set"
  /// Every other thread's TLS base was set: it is neither the first instance's nor the global's initial value.
  case tlsBaseSet = "tls-base-set"
  /// Stack pointers are 16-byte aligned and TLS bases aligned as the module's TLS alignment requires.
  case aligned
  /// Every stack range (stack size below the top) and TLS block (TLS size from the base) lies inside the memory.
  case inBounds = "in-bounds"
  /// No thread's stack range or allocated TLS block overlaps the static data (below the end of the static data).
  case clearOfStaticData = "clear-of-static-data"
  /// No stack range or TLS block overlaps the utility page the patch reserved.
  case clearOfUtilityPage = "clear-of-utility-page"
  /// Stack ranges of live threads are pairwise disjoint (distinct tops among them).
  case stacksDistinct = "stacks-distinct"
  /// TLS blocks of live threads are pairwise disjoint, and disjoint from every stack range.
  case tlsDistinct = "tls-distinct"
  /// Right after its start, every new thread's TLS block holds the module's initial TLS image.
  case tlsImage = "tls-image"
  /// A write into one thread's TLS block is not seen in any other thread's block.
  case tlsIsolated = "tls-isolated"
  /// Every thread's destroy, as the marker says, runs without trapping.
  case destroy
  /// After destroy, the thread's stack pointer and TLS base no longer point into the memory it gave back.
  case globalsAfterDestroy = "globals-after-destroy"
  /// Over the rounds, the memory size and the highest address given to a thread reach a steady state.
  case memorySteady = "memory-steady"

  /// What the check proves, in one line.
  public var summary: String {
    switch self {
    case .marker: "the marker records the stack pointer and TLS base globals and a start family verify can drive"
    case .start: "every instance instantiates and runs its start without trapping"
    case .firstKeepsStaticStack: "the first instance keeps the static stack"
    case .stackPointerSet: "every other thread's start gives it a stack pointer of its own"
    case .tlsBaseSet: "every other thread's start gives it a TLS base of its own"
    case .aligned: "stack tops 16-byte aligned, TLS bases aligned to the module's TLS alignment"
    case .inBounds: "stack ranges and TLS blocks lie inside the memory"
    case .clearOfStaticData: "stack ranges and allocated TLS blocks do not overlap the static data"
    case .clearOfUtilityPage: "stack ranges and TLS blocks do not overlap the utility page"
    case .stacksDistinct: "live threads' stack ranges do not overlap"
    case .tlsDistinct: "live threads' TLS blocks overlap neither each other nor any stack"
    case .tlsImage: "a new thread's TLS block holds the initial TLS image right after its start"
    case .tlsIsolated: "a write into one thread's TLS block is not seen in another's"
    case .destroy: "destroy runs as the marker says without trapping"
    case .globalsAfterDestroy: "after destroy, the thread's stack pointer and TLS base leave the memory it gave back"
    case .memorySteady: "over the rounds, memory size and the highest thread address stop growing"
    }
  }
}

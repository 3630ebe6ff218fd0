import MarkerFormat
import WasmKit

/// Family (d) of docs/marker-format.md: the program spawns its own threads through the import the marker's `spawn`
/// names. The host implements it from that description alone: a new thread with the next id, whose instance is
/// entered through the marker's start with `thread_id` and `spawn_arg`; the import returns the id at once (or the
/// marker's `error` when no thread can be made). The thread ends when the entry returns, and then destroys itself
/// as the marker's `destroy` says.
extension ModuleHost {
  /// The spawn signatures this host implements: one i32 (or i64) spawn argument, one i32 result.
  static func honours(_ spawn: ThreadMarker.Spawn) -> Bool {
    spawn.params.count == 1 && ["i32", "i64"].contains(spawn.params[0]) && spawn.results == ["i32"]
  }

  /// Installs the spawn import, when the marker has one.
  func installSpawnImport() {
    guard let spawn = abi.spawn else { return }
    addImports { [weak self] _ in
      guard let owner = self else { return [] }
      return [
        HostImport(module: spawn.module, name: spawn.name) { [weak owner] _, arguments in
          guard let owner else { return [.i32(UInt32(truncatingIfNeeded: spawn.error))] }
          let argument: Int64
          switch arguments.first {
          case .i32(let value)?: argument = Int64(Int32(bitPattern: value))
          case .i64(let value)?: argument = Int64(bitPattern: value)
          default: return [.i32(UInt32(truncatingIfNeeded: spawn.error))]
          }
          return [.i32(owner.spawnThread(argument: argument))]
        }
      ]
    }
  }

  /// Starts a program-spawned thread; its id.
  private func spawnThread(argument: Int64) -> UInt32 {
    let thread = launchSpawned(argument: argument) { _, context, startFailure in
      // The start (the thread's entry) already ran in makeInstance: the thread's whole life.
      guard let context else { return startFailure }
      do throws(HostError) {
        try context.destroySelf()
        return nil
      } catch {
        return error
      }
    }
    return thread.id
  }
}

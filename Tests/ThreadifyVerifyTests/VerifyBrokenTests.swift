import Testing
import ThreadifyVerify

/// `verify` fails, naming its check, on an unpatched module and on modules patched with deliberately broken rule
/// files (BrokenRules/, each extending the bundled wasmgrind set). Each is patched from the same module as the
/// control, which passes: the check fails because of the broken rule, not because of the module.
@Suite("verify: broken rule files fail their check")
struct VerifyBrokenTests {
  /// Each broken rule file and the check it must fail.
  static let broken: [(file: String, check: VerifyCheck)] = [
    ("stack-pointer-not-set", .stackPointerSet),
    ("tls-base-not-set", .tlsBaseSet),
    ("init-tls-not-called", .tlsImage),
    ("destroy-frees-nothing", .memorySteady),
    ("same-stack", .stacksDistinct),
  ]

  @Test("each broken rule file fails its own check; the bundled set it extends passes it", arguments: broken.indices)
  func brokenRuleFile(index: Int) throws {
    let (file, check) = Self.broken[index]
    let module = try VerifyFixtures.minimalTest()
    let report = try VerifyFixtures.verify(try VerifyFixtures.patch(module, broken: file))
    #expect(!report.passed)
    #expect(VerifyFixtures.failed(report).contains(check), "\(file):\n\(report.table)")
    #expect(report.failures.contains { $0.check == check }, "the failure is listed with its detail")
    #expect(report.table.contains("FAILED \(check.rawValue)"))
    let control = try VerifyFixtures.verify(try VerifyFixtures.patch(module, bundled: "wasmgrind"))
    #expect(!VerifyFixtures.failed(control).contains(check), "control:\n\(control.table)")
  }

  @Test("the broken rule files fail different sets of checks")
  func distinctMessages() throws {
    let module = try VerifyFixtures.minimalTest()
    let sets = try Self.broken.map { entry in
      VerifyFixtures.failed(try VerifyFixtures.verify(try VerifyFixtures.patch(module, broken: entry.file)))
    }
    #expect(Set(sets).count == sets.count, "\(sets)")
  }

  @Test("an unpatched module fails the marker check, saying it was not patched")
  func unpatched() throws {
    let report = try VerifyFixtures.verify(try VerifyFixtures.minimalTest())
    #expect(!report.passed)
    #expect(VerifyFixtures.failed(report) == [.marker])
    #expect(report.failures.first?.detail.contains("not patched") == true, "\(report.failures)")
  }

  @Test("a malformed module is an error naming it, not a report")
  func malformed() throws {
    #expect(throws: VerifyError.self) { try VerifyFixtures.verify([0, 0x61, 0x73, 0x6D, 9]) }
  }

  @Test("fewer than 2 rounds or no threads is a usage error")
  func usage() throws {
    let patched = try VerifyFixtures.patch(VerifyFixtures.minimalTest(), bundled: "wasmgrind")
    for (threads, rounds) in [(0, 4), (3, 1)] {
      do {
        _ = try VerifyFixtures.verify(patched, threads: threads, rounds: rounds)
        Issue.record("\(threads) threads × \(rounds) rounds was accepted")
      } catch {
        #expect((error as? VerifyError)?.kind == .usage, "\(error)")
      }
    }
  }
}

import Foundation
import TestSupport
import Testing
import ThreadifyHost
import WasmKit

/// The `wasm_threadlink` scenarios of docs/threadlink.md (`Tests/Fixtures/threadlink-scenarios/`): the Swift host
/// (`Threadlink`) and the JS host (`threadlink.mjs`, in node) must each give every scenario's expected result codes,
/// so that the two answer identically. Every scenario runs on a fresh host.
@Suite(
  "Runtime: wasm_threadlink scenarios, the same answers in both hosts",
  .enabled(
    if: WasmKitPlatform.sharedMemoryAvailable,
    "WasmKit shared memory needs mprotect bounds checking (not under AddressSanitizer)"))
struct ThreadlinkScenarioTests {
  struct Scenario: Decodable {
    let name: String
    let export: String
    /// The four codes the export returns, or nil when the call must fail.
    let codes: [Int]?
    /// What the failure must say.
    let fails: String?
  }
  struct Fixture: Decodable {
    let marker: String
    let scenarios: [Scenario]
  }
  /// One scenario's outcome, as both runners report it.
  struct Result: Decodable, Equatable {
    let name: String
    var codes: [Int]? = nil
    var error: String? = nil
  }

  static let folder = "Tests/Fixtures/threadlink-scenarios"

  static func fixture() throws -> Fixture {
    try JSONDecoder().decode(Fixture.self, from: Data(try Repository.bytes("\(folder)/scenarios.json")))
  }

  static func module() throws -> [UInt8] {
    let text = String(decoding: try Repository.bytes("\(folder)/scenarios.wat"), as: UTF8.self)
    return try HostContractModule.module(text, marker: try fixture().marker)
  }

  /// Whether `result` is what `scenario` expects.
  static func check(_ result: Result, _ scenario: Scenario, host: String) {
    if let codes = scenario.codes {
      #expect(result.codes == codes, "\(host): \(scenario.name): \(result)")
    } else {
      let fails = scenario.fails ?? ""
      #expect(
        result.error?.contains(fails) == true,
        "\(host): \(scenario.name): \(result), expected a failure saying \(fails)")
    }
  }

  @Test func thereAreTheScenariosTheContractNames() throws {
    let names = Set(try Self.fixture().scenarios.map(\.name))
    #expect(names.isSuperset(of: ["create", "join unknown", "nested", "panic"]) && names.count >= 7)
  }

  @Test func theSwiftHostAnswersEveryScenario() throws {
    let bytes = try Self.module()
    for scenario in try Self.fixture().scenarios {
      var configuration = HostConfiguration()
      configuration.timeout = 20
      let host = try ModuleHost(bytes: bytes, name: "scenarios.wasm", configuration: configuration)
      _ = Threadlink(host: host)
      var result = Result(name: scenario.name)
      do {
        let main = try host.startThread()
        let values = try main.call(scenario.export, [])
        guard case .i32(let packed)? = values.first else { throw HostError(.badCall, "no i32 result: \(values)") }
        result.codes = [0, 8, 16, 24].map { Int((packed >> UInt32($0)) & 255) }
      } catch {
        result.error = String(describing: error)
      }
      host.shutdown()
      Self.check(result, scenario, host: "Swift")
    }
  }

  @Test func theJSHostAnswersEveryScenario() async throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    try scratch.write(try Self.module(), to: "scenarios.wasm")
    let script = Repository.url("Tests/ThreadifyTests/Runtime/node/threadlink-scenarios.mjs")
    let result = try await NodeHarness.node(
      [script.path, scratch.path("scenarios.wasm"), Repository.url("\(Self.folder)/scenarios.json").path], limit: 300)
    #expect(result.status == 0, "\(result.stderr)")
    struct Report: Decodable { let results: [Result] }
    let report = try JSONReport.decode(Report.self, from: result, printedBy: script.lastPathComponent)
    let scenarios = try Self.fixture().scenarios
    #expect(report.results.map(\.name) == scenarios.map(\.name))
    for (result, scenario) in zip(report.results, scenarios) { Self.check(result, scenario, host: "JS") }
  }
}

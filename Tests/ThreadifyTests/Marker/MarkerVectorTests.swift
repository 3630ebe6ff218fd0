import Foundation
import MarkerFormat
import TestSupport
import Testing

/// The marker test vectors (`Tests/Fixtures/marker-vectors/`, docs/marker-format.md): the Swift reader and the JS
/// reader (`examples/host/marker.mjs`) must give every valid payload's expected reading and every invalid payload's
/// expected message, so that the two agree on every case.
@Suite struct MarkerVectorTests {
  static let folder = Repository.url("Tests/Fixtures/marker-vectors")

  /// The payload files of `kind` (`valid` or `invalid`), sorted.
  static func payloads(_ kind: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(kind).path)) ?? []
    return names.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }.sorted()
  }

  static func bytes(_ kind: String, _ name: String) throws -> [UInt8] {
    Array(try Data(contentsOf: folder.appendingPathComponent(kind).appendingPathComponent(name)))
  }

  /// JSON text with sorted keys, so that two readings compare by value.
  static func canonical(_ json: [UInt8]) throws -> String {
    let value = try JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed])
    let data = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
    return String(decoding: data, as: UTF8.self)
  }

  static func expectation(for payload: String) -> String {
    String(payload.dropLast(".json".count))
  }

  @Test func thereAreEnoughVectors() {
    #expect(Self.payloads("valid").count >= 15)
    #expect(Self.payloads("invalid").count >= 15)
  }

  @Test(arguments: payloads("valid"))
  func theSwiftReaderReadsAValidPayloadAsExpected(_ name: String) throws {
    let reading = try ThreadMarker(payload: try Self.bytes("valid", name))
    let expected = try Self.bytes("valid", Self.expectation(for: name) + ".expected.json")
    #expect(try Self.canonical(reading.payload) == Self.canonical(expected))
  }

  @Test(arguments: payloads("invalid"))
  func theSwiftReaderRefusesAnInvalidPayloadWithTheExpectedMessage(_ name: String) throws {
    let expected = String(
      decoding: try Self.bytes("invalid", Self.expectation(for: name) + ".expected.txt"), as: UTF8.self)
    let error = #expect(throws: MarkerError.self) { try ThreadMarker(payload: try Self.bytes("invalid", name)) }
    #expect(error?.message == expected.trimmingCharacters(in: .newlines))
  }

  /// Control: the comparison sees a one-value change in a reading.
  @Test func theComparisonSeesAChangedValue() throws {
    var reading = try ThreadMarker(payload: try Self.bytes("valid", "v2-wasm-bindgen.json"))
    let expected = try Self.canonical(try Self.bytes("valid", "v2-wasm-bindgen.expected.json"))
    #expect(try Self.canonical(reading.payload) == expected)
    reading.globals?.tlsAlign = 32
    #expect(try Self.canonical(reading.payload) != expected)
  }

  /// The JS reader, run by node over the same folder, agrees with every expectation (node is required: a missing
  /// node fails this test).
  @Test func theJSReaderAgreesOnEveryVector() async throws {
    let script = Repository.url("Tests/ThreadifyTests/Runtime/node/marker-vectors.mjs")
    let result = try await NodeHarness.node([script.path, Self.folder.path], limit: 120)
    #expect(result.status == 0, "\(result.stderr)")
    struct Report: Decodable {
      let valid: Int
      let invalid: Int
      let failures: [String]
    }
    let line = try #require(result.standardOutput.split(separator: "\n").last, "no report: \(result.stderr)")
    let report = try JSONDecoder().decode(Report.self, from: Data(line.utf8))
    #expect(report.valid == Self.payloads("valid").count)
    #expect(report.invalid == Self.payloads("invalid").count)
    #expect(report.failures.isEmpty, "\(report.failures.joined(separator: "\n"))")
  }
}

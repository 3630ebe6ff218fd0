import Foundation

/// The reports the tests' node scripts print: one JSON object on the last line that starts with `{`, keys in
/// snake_case.
public enum JSONReport {
  /// Decodes the last JSON line `script` printed; a ``TestFailure`` with its output when there is none or it does
  /// not decode.
  public static func decode<Report: Decodable>(
    _ type: Report.Type, from result: ProcessResult, printedBy script: String
  ) throws -> Report {
    guard let line = result.standardOutput.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
      throw TestFailure("\(script) printed no JSON: \(result)")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      return try decoder.decode(Report.self, from: Data(line.utf8))
    } catch {
      throw TestFailure("cannot decode the report of \(script): \(error)\n\(line.prefix(4000))")
    }
  }
}

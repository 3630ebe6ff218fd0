import Foundation
import TestSupport
import Testing

/// `examples/browser/server.mjs`, the static server the browser page needs: every response carries the
/// cross-origin isolation headers, modules go out as `application/wasm`, and no request reaches a file outside
/// the folders it serves (dot segments, encoded ones, a link out of the modules folder, NUL, bad encoding).
@Suite("Browser: the example's static server")
struct BrowserServerTests {
  struct Response: Decodable, Sendable {
    let status: Int
    let type: String?
    let coop: String?
    let coep: String?
    let length: Int
  }

  static let checks = Repository.url("Tests/ThreadifyTests/Browser/node/server-checks.mjs")

  @Test("isolation headers, content types, and nothing served from outside its folders")
  func serverAnswers() async throws {
    let scratch = try ScratchFolder()
    defer { scratch.remove() }
    let modules = scratch.url("modules")
    try FileManager.default.createDirectory(at: modules, withIntermediateDirectories: true)
    let module = try Repository.bytes("examples/build/demo-c-rustc-like.wasm")
    try Data(module).write(to: modules.appendingPathComponent("m.wasm"))
    try Data("hidden".utf8).write(to: modules.appendingPathComponent(".hidden"))
    let outside = scratch.url("secret.wasm")
    try Data("secret".utf8).write(to: outside)
    try FileManager.default.createSymbolicLink(
      at: modules.appendingPathComponent("escape.wasm"), withDestinationURL: outside)

    let result = try await NodeHarness.node([Self.checks.path, modules.path], limit: 30)
    try #require(result.status == 0, "server-checks.mjs: \(result)")
    let answers = try JSONDecoder().decode([String: Response].self, from: Data(result.stdout))

    for (name, answer) in answers where name != "withoutIsolation" {
      #expect(answer.coop == "same-origin" && answer.coep == "require-corp", "\(name): \(answer)")
    }
    let page = try #require(answers["page"])
    #expect(page.status == 200 && page.type?.hasPrefix("text/html") == true)
    #expect(answers["folder"]?.status == 200, "a folder serves its index.html")
    #expect(answers["host"]?.status == 200 && answers["host"]?.type?.hasPrefix("text/javascript") == true)
    let served = try #require(answers["module"])
    #expect(served.status == 200 && served.type == "application/wasm" && served.length == module.count)
    #expect(answers["head"]?.status == 200 && answers["head"]?.length == 0)
    #expect(answers["post"]?.status == 405)
    for name in ["missing", "dotdot", "encodedDotdot", "moduleDotdot", "moduleHidden", "linkOut", "badEncoding", "nul"]
    {
      let answer = try #require(answers[name], "no answer for \(name)")
      #expect(answer.status == 404, "\(name): \(answer)")
    }
    // The control: --without-isolation leaves both headers out (BrowserControlTests shows the page then fails).
    let plain = try #require(answers["withoutIsolation"])
    #expect(plain.status == 200 && plain.coop == nil && plain.coep == nil)
  }
}

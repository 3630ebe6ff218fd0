import Foundation
import PackagePlugin

/// Embeds the package's `rules/*.yaml` into the target as a generated Swift file.
@main
struct EmbedRulesPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let rulesFolder = context.package.directoryURL.appending(path: "rules")
    let ruleFiles = try FileManager.default.contentsOfDirectory(at: rulesFolder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "yaml" }
      .sorted { $0.path < $1.path }
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRuleFiles.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(ruleFiles.count) rule files",
        executable: try context.tool(named: "embed-rules").url,
        arguments: [output.path] + ruleFiles.map(\.path),
        inputFiles: ruleFiles,
        outputFiles: [output]
      )
    ]
  }
}

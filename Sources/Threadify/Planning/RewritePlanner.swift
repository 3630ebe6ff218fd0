import ThreadifyRules
import WasmBinary

/// Applies the rule set's instruction rewrites to the module's own function bodies: finds every match, encodes the
/// replacements and rebuilds only the bodies that have a match.
struct RewritePlanner {
  let module: WasmModule
  let rules: RuleSet
  let scope: TemplateBindings

  /// The rewritten bodies and, per rewrite rule, what it did.
  func plan() throws(PatchError) -> (bodies: [RewrittenBody], summaries: [RewriteSummary]) {
    let instantiator = TemplateInstantiator(scope: scope)
    var sitesByFunction: [FunctionIndex: [(rule: RewriteRule, range: Range<Int>)]] = [:]
    var summaries: [RewriteSummary] = []
    for rule in rules.rewrites {
      guard rule.condition.map(instantiator.holds) ?? true else {
        summaries.append(RewriteSummary(name: rule.name, applied: false, functions: 0, sites: 0))
        continue
      }
      let pattern = InstructionPattern(rule.match.info, try instantiator.immediates(of: rule.match))
      var functions = 0
      var sites = 0
      for offset in 0..<module.functionTypeIndices.count {
        let index = UInt32(module.importedFunctionCount + offset)
        guard let body = module.body(ofFunction: index), body.contains(pattern.info.opcode[0]) else { continue }
        let ranges: [Range<Int>]
        do throws(ModuleError) {
          ranges = try module.occurrences(of: pattern, inFunction: index)
        } catch {
          throw .malformed(error)
        }
        guard !ranges.isEmpty else { continue }
        functions += 1
        sites += ranges.count
        sitesByFunction[index, default: []] += ranges.map { (rule, $0) }
      }
      summaries.append(RewriteSummary(name: rule.name, applied: true, functions: functions, sites: sites))
    }
    let bodies = try sitesByFunction.keys.sorted().map { (index) throws(PatchError) in
      try rewrittenBody(index, sites: sitesByFunction[index]!)
    }
    return (bodies, summaries)
  }

  /// One function's new body: each rule's scratch locals appended once, each site replaced.
  private func rewrittenBody(_ index: FunctionIndex, sites: [(rule: RewriteRule, range: Range<Int>)]) throws(PatchError)
    -> RewrittenBody
  {
    var extraLocals: [ValueType] = []
    var localIndices: [String: [String: UInt32]] = [:]
    var nextLocal = UInt32(module.localCount(ofFunction: index))
    for rule in rules.rewrites where sites.contains(where: { $0.rule.name == rule.name }) {
      var indices: [String: UInt32] = [:]
      for local in rule.locals {
        indices[local.name] = nextLocal
        extraLocals.append(local.type)
        nextLocal += 1
      }
      localIndices[rule.name] = indices
    }
    let replacements = try sites.sorted { $0.range.lowerBound < $1.range.lowerBound }.map {
      (site) throws(PatchError) -> (range: Range<Int>, bytes: [UInt8]) in
      var local = scope
      local.locals = localIndices[site.rule.name] ?? [:]
      return (site.range, try TemplateInstantiator(scope: local).encodeFragment(site.rule.replacement))
    }
    return RewrittenBody(
      index: index,
      rewrite: module.rewrittenBody(ofFunction: index, extraLocals: extraLocals, replacements: replacements))
  }
}

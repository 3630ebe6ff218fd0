import Threadify
import ThreadifyRules
import WasmBinary

/// libFuzzer entry point: read, inspect, patch with the default rules (and with `wasm-bindgen`, whose start is
/// exported instead), write, re-read (see `Fuzz/README.md`). An input that is a rule file followed by a module
/// (``FuzzRules``) loads the rule file and patches the module with it instead.
///
/// Any input may be refused; what must never happen is a crash, or one of the checks below failing:
/// - a module that reads writes back byte for byte when nothing is edited;
/// - when a patch plan exists, applying it succeeds (its own read-back check passes) and the output reads back;
/// - the output is refused as already patched (by the bundled rule sets, which refuse their own marker).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatch(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let bytes = count == 0 ? [] : Array(UnsafeBufferPointer(start: start, count: count))
  FuzzPatch.run(bytes)
  return 0
}

/// libFuzzer calls this once before the first input: the rule sets are loaded here, so that the leak check (which
/// compares allocations before and after each input) does not count the one-time loading against an input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(
  _ argc: UnsafeMutablePointer<CInt>?,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?
) -> CInt {
  FuzzPatch.prepare()
  return 0
}

/// The checks, callable without libFuzzer (tests can replay an input through ``run(_:)``).
public enum FuzzPatch {
  static let inspectionRules = loaded { () throws(RuleError) in try BundledRules.conventions() }
  static let patchRules = loaded { () throws(RuleError) in try BundledRules.patching() }

  /// Loads the rule sets.
  public static func prepare() {
    _ = (inspectionRules, patchRules)
  }

  /// Runs every check on one input; traps when a check fails.
  public static func run(_ bytes: [UInt8]) {
    if let input = FuzzRules.Input(bytes) { return FuzzRules.run(input) }
    let module: WasmModule
    do {
      module = try WasmModule(bytes: bytes)
    } catch {
      return
    }
    check(ModuleEditor(module).write() == bytes, "an unedited module does not write back byte for byte")

    let report = Inspector.inspect(module, rules: inspectionRules)
    _ = report.text

    for rules in patchRules { patch(module, rules: rules, refusesItsOutput: true) }
  }

  /// Plans a patch; when the module is accepted, applies it and checks the output. `refusesItsOutput`: the rule set
  /// must refuse the patched module as already patched (the bundled ones do; a mutated one need not).
  static func patch(_ module: WasmModule, rules: RuleSet, refusesItsOutput: Bool) {
    let plan: PatchPlan
    do {
      plan = try Threadifier.plan(module, rules: rules)
    } catch {
      _ = error.description
      return
    }
    _ = plan.report
    let image: ModuleImage
    let output: [UInt8]
    do {
      image = try Threadifier.image(plan, of: module)
      output = try Threadifier.apply(plan, to: module)
    } catch {
      fatalError("\(rules.name): a plan was made but applying it failed: \(error)")
    }
    check(image.bytes == output, "\(rules.name): the image and the applied bytes differ")
    let patched: WasmModule
    let reread: WasmModule
    do {
      patched = try WasmModule(bytes: output)
      reread = try WasmModule(rereading: ModuleBytes(output), writtenFrom: image, of: module)
    } catch {
      fatalError("\(rules.name): the patched module does not read back: \(error)")
    }
    // The read-back that steps over copied bodies finds what the full read finds.
    check(
      (0..<UInt32(patched.functionCount)).allSatisfy { reread.body(ofFunction: $0) == patched.body(ofFunction: $0) },
      "\(rules.name): the read-back and the full read disagree on function bodies")
    _ = Inspector.inspect(patched, rules: inspectionRules).text
    guard refusesItsOutput else { return }
    do {
      _ = try Threadifier.plan(patched, rules: rules)
      fatalError("\(rules.name): the patched module was accepted for a second patch")
    } catch {
      guard case .refused(flavour: "already-patched", _) = error else {
        fatalError("\(rules.name): the patched module was not refused as already patched: \(error)")
      }
    }
  }

  /// What `load` returns; a bundled rule set that does not load is a build defect.
  static func loaded<Value>(_ load: () throws(RuleError) -> Value) -> Value {
    do {
      return try load()
    } catch {
      fatalError("a bundled rule set does not load: \(error)")
    }
  }

  static func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
  }
}

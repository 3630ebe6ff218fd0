// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "wasm-threadify",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Threadify", targets: ["Threadify"]),
    .executable(name: "wasm-threadify", targets: ["wasm-threadify"]),
    .library(name: "ThreadifyHost", targets: ["ThreadifyHost"]),
    // The libFuzzer target (Fuzz/README.md): a static library, linked with the fuzzer runtime by Fuzz/run.sh.
    .library(name: "ThreadifyFuzzing", type: .static, targets: ["ThreadifyFuzzing"]),
  ],
  dependencies: [
    .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2", traits: ["MultiThread"]),
    .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
  ],
  targets: [
    .target(
      name: "WasmBinary",
      dependencies: ["WasmDWARF", .product(name: "WasmParser", package: "WasmKit")]
    ),
    // Rewrites DWARF through a map of code offsets; depends on nothing.
    .target(name: "WasmDWARF"),
    .target(
      name: "ThreadifyRules",
      dependencies: ["WasmBinary", .product(name: "Yams", package: "Yams")]
    ),
    .target(
      name: "Threadify",
      dependencies: ["WasmBinary", "ThreadifyRules"],
      plugins: ["EmbedRulesPlugin"]
    ),
    .target(
      name: "ThreadifyHost",
      dependencies: [
        "WasmBinary",
        .product(name: "WasmKit", package: "WasmKit"),
        .product(name: "WasmParser", package: "WasmKit"),
      ]
    ),
    .executableTarget(name: "embed-rules"),
    .plugin(name: "EmbedRulesPlugin", capability: .buildTool(), dependencies: ["embed-rules"]),
    .executableTarget(
      name: "wasm-threadify",
      dependencies: [
        "Threadify", "ThreadifyHost", "WasmDWARF", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // Release builds ship without a symbol table (a third smaller; BENCHMARKS.md). The flag is this executable's
      // only: the library products, which other packages may depend on, carry no unsafe flags.
      linkerSettings: [.unsafeFlags(["-Xlinker", "-s"], .when(configuration: .release))]
    ),
    .target(name: "ThreadifyFuzzing", dependencies: ["Threadify", "ThreadifyRules", "WasmBinary"]),
    .testTarget(
      name: "WasmBinaryTests",
      dependencies: [
        "WasmBinary",
        .product(name: "WAT", package: "WasmKit"),
        .product(name: "WasmKit", package: "WasmKit"),
      ]
    ),
    .testTarget(name: "WasmDWARFTests", dependencies: ["WasmDWARF"]),
    .testTarget(name: "ThreadifyRulesTests", dependencies: ["ThreadifyRules"], exclude: ["BrokenRules"]),
    .testTarget(
      name: "ThreadifyTests",
      dependencies: [
        "Threadify",
        "ThreadifyHost",
        .product(name: "WAT", package: "WasmKit"),
        .product(name: "WasmKit", package: "WasmKit"),
      ],
      // Scripts the tests run with node, by path: not resources of the test bundle.
      exclude: ["Browser/node", "Runtime/node"]
    ),
  ]
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "wasm-threadify",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Threadify", targets: ["Threadify"]),
    .executable(name: "wasm-threadify", targets: ["wasm-threadify"]),
    .library(name: "ThreadifyHost", targets: ["ThreadifyHost"]),
    .library(name: "ThreadifyVerify", targets: ["ThreadifyVerify"]),
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
    // The marker section's model and its one strict reader (docs/marker-format.md), shared by the patch and the hosts.
    .target(name: "MarkerFormat"),
    // Rewrites DWARF through a map of code offsets; depends on nothing.
    .target(name: "WasmDWARF"),
    .target(
      name: "ThreadifyRules",
      dependencies: ["WasmBinary", .product(name: "Yams", package: "Yams")]
    ),
    .target(
      name: "Threadify",
      dependencies: ["WasmBinary", "ThreadifyRules", "MarkerFormat"],
      plugins: ["EmbedRulesPlugin"]
    ),
    .target(
      name: "ThreadifyHost",
      dependencies: [
        "WasmBinary",
        "MarkerFormat",
        .product(name: "WasmKit", package: "WasmKit"),
        .product(name: "WasmParser", package: "WasmKit"),
      ]
    ),
    .target(
      name: "ThreadifyVerify",
      dependencies: [
        "Threadify",
        "MarkerFormat",
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
        "Threadify", "ThreadifyHost", "ThreadifyVerify", "MarkerFormat", "WasmDWARF",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // Release builds ship without a symbol table (a third smaller) and, on Linux, as a static executable linked by
      // the toolchain's lld: no dynamic loader, no symbol lookups or relocations at start (BENCHMARKS.md, start-up).
      // The flags are this executable's only: the library products, which other packages may depend on, carry none.
      linkerSettings: [
        .unsafeFlags(["-Xlinker", "-s"], .when(configuration: .release)),
        .unsafeFlags(["-static-executable", "-use-ld=lld"], .when(platforms: [.linux], configuration: .release)),
      ]
    ),
    .target(name: "ThreadifyFuzzing", dependencies: ["Threadify", "ThreadifyRules", "WasmBinary"]),
    // Test support every test target shares: the repository's paths, outside tools, processes with timeouts,
    // validators, scratch folders, the test error type. A test-only target: no product exports it.
    .target(
      name: "TestSupport",
      dependencies: [
        "WasmBinary", .product(name: "WAT", package: "WasmKit"), .product(name: "WasmKit", package: "WasmKit"),
      ],
      path: "Tests/TestSupport"
    ),
    .testTarget(
      name: "WasmBinaryTests",
      dependencies: [
        "WasmBinary",
        "TestSupport",
        .product(name: "WAT", package: "WasmKit"),
        .product(name: "WasmKit", package: "WasmKit"),
      ]
    ),
    .testTarget(
      name: "ThreadifyVerifyTests",
      dependencies: ["ThreadifyVerify", "MarkerFormat", "Threadify", "ThreadifyRules", "WasmBinary", "TestSupport"],
      exclude: ["BrokenRules"]
    ),
    .testTarget(name: "WasmDWARFTests", dependencies: ["WasmDWARF", "TestSupport"]),
    .testTarget(
      name: "ThreadifyRulesTests", dependencies: ["ThreadifyRules", "TestSupport"], exclude: ["BrokenRules"]),
    .testTarget(
      name: "ThreadifyHostTests",
      dependencies: [
        "ThreadifyHost",
        "MarkerFormat",
        "TestSupport",
        .product(name: "WasmKit", package: "WasmKit"),
      ]
    ),
    .testTarget(
      name: "ThreadifyTests",
      dependencies: [
        "Threadify",
        "MarkerFormat",
        "ThreadifyHost",
        "TestSupport",
        .product(name: "WAT", package: "WasmKit"),
        .product(name: "WasmKit", package: "WasmKit"),
      ],
      // Scripts the tests run with node, by path: not resources of the test bundle.
      exclude: ["Browser/node", "Runtime/node"]
    ),
  ]
)

// swift-tools-version:6.1
import PackageDescription

// libFuzzer harnesses for deft-sim's readers of untrusted files, in their own package so the main
// build stays lean. Built and run by scripts/fuzz.sh (with -sanitize=fuzzer,address); see
// docs/hostile-input.md, "Fuzzing". Each harness is an executable whose main is libFuzzer's.
let harnesses = [
  "fuzz-trace-bytes", "fuzz-trace-structured", "fuzz-hwconfig", "fuzz-safetensors", "fuzz-vocab",
  "fuzz-checkpoint", "fuzz-npz", "fuzz-gguf",
]

let package = Package(
  name: "deft-sim-fuzz",
  platforms: [.macOS(.v14)],
  dependencies: [.package(name: "deft-sim", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [.product(name: "DeftSimLibraries", package: "deft-sim")]),
    // zstd for the seed writer only (it unpacks real traces into the structured harness' input).
    .systemLibrary(name: "CZstdSeeds", pkgConfig: "libzstd"),
    .executableTarget(name: "fuzz-seeds", dependencies: ["FuzzSupport", "CZstdSeeds"]),
  ]
    + harnesses.map { .executableTarget(name: $0, dependencies: ["FuzzSupport"]) },
  swiftLanguageModes: [.v6]
)

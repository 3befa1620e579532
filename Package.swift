// swift-tools-version:6.1
import PackageDescription

// Target graph (see docs/architecture.md):
// Randomness (seeded SplitMix64) is re-exported by TensorCore and TraceFormat; TraceFormat also
// links CZlib (zlib, for compressed .npz members).
// CBLAS ──▶ TensorCore ──▶ Model ──▶ Training ──────────────────┐
//                                      ▲                         ▼
// CZstd ──▶ TraceFormat ───────────────┴──▶ Simulator ──▶ Reports ──▶ Sweep ──▶ DeftSimCommands ──▶ deft-sim
// AtomicOutput (+ CRenameExchange): the one atomic writer, used by TraceFormat, Training, Reports.
//
// Build flags: every target builds with SwiftPM's release `-O`, so preconditions, bounds and
// overflow checks run. The one exception, measured (docs/hostile-input.md, "Build flags"):
// `Simulator` turns off dynamic exclusivity enforcement (swift_beginAccess/endAccess around the
// class state of its hot loops), which costs `deft-sim bench replay` 1.44x CPU time under plain
// -O with the current engine (2.27x with the previous one); with it off, replay costs 1.05x of
// a build with every check removed. `bench train` (1.005x, 1.016x) and `bench encode` (1.000x)
// measured the same with and without checks, so no other target keeps an exception. No target
// builds unchecked. Debug builds (`swift test -c debug`, the second pass of `make test`) check
// everything, assertions included.
let hotLoops: [SwiftSetting] = [
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
]

let package = Package(
  name: "deft-sim",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "deft-sim", targets: ["deft-sim"]),
    // For the libFuzzer harnesses of Fuzz/, a package that depends on this one by path.
    .library(
      name: "DeftSimLibraries", targets: ["TraceFormat", "Simulator", "Model", "Training"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // MARK: - System libraries
    .systemLibrary(
      name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    // zlib's inflate/deflate for NumPy's compressed .npz members (np.savez_compressed).
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

    // Atomic exchange of two paths (renameat2 RENAME_EXCHANGE), for AtomicOutput.
    .target(name: "CRenameExchange"),
    // Decode matrix-vector products on 4-bit/8-bit GGUF blocks (AVX2 chosen at run time).
    .target(name: "CQuantKernels"),

    // MARK: - Libraries
    .target(name: "Randomness"),
    .target(name: "AtomicOutput", dependencies: ["CRenameExchange"]),
    .target(name: "TensorCore", dependencies: ["CBLAS", "Randomness"]),
    .target(name: "Model", dependencies: ["TensorCore", "CQuantKernels"]),
    .target(
      name: "TraceFormat", dependencies: ["CZstd", "CZlib", "Randomness", "AtomicOutput"]),
    .target(
      name: "Training", dependencies: ["Model", "TraceFormat", "TensorCore", "AtomicOutput"]),
    .target(name: "Simulator", dependencies: ["TraceFormat"], swiftSettings: hotLoops),
    .target(
      name: "Reports", dependencies: ["Simulator", "AtomicOutput"]),
    // Design-space sweeps: spec, grid, shards, merge, Pareto sets (docs/sweeps.md).
    .target(
      name: "Sweep", dependencies: ["Simulator", "Reports", "TraceFormat", "AtomicOutput"]),
    .target(
      name: "DeftSimCommands",
      dependencies: [
        "Sweep", "Reports", "Simulator", "Training", "Model", "TraceFormat", "TensorCore",
        "AtomicOutput",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(name: "deft-sim", dependencies: ["DeftSimCommands"]),

    // MARK: - Tests
    // Central-difference gradient checks shared by the test targets (not part of the product).
    .target(name: "NumericalGradient", path: "Tests/NumericalGradient"),
    .testTarget(name: "AtomicOutputTests", dependencies: ["AtomicOutput"]),
    .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
    .testTarget(
      name: "ModelTests",
      dependencies: ["Model", "TensorCore", "CQuantKernels", "NumericalGradient"],
      exclude: ["Fixtures"]),
    .testTarget(name: "TraceFormatTests", dependencies: ["TraceFormat"], exclude: ["Golden"]),
    .testTarget(
      name: "TrainingTests",
      dependencies: ["Training", "Model", "TensorCore", "TraceFormat", "NumericalGradient"]),
    .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "TraceFormat"]),
    .testTarget(
      name: "ReportsTests", dependencies: ["Reports", "Simulator", "TraceFormat"],
      exclude: ["Golden"]),
    .testTarget(name: "SweepTests", dependencies: ["Sweep", "Simulator", "TraceFormat"]),
    .testTarget(
      name: "DeftSimCommandsTests",
      dependencies: ["DeftSimCommands", "Training", "TensorCore", "Sweep", "Simulator"]),
  ],
  swiftLanguageModes: [.v6]
)

// swift-tools-version:6.1
import PackageDescription

// Target graph (see docs/architecture.md):
// Randomness (seeded SplitMix64) is re-exported by TensorCore and TraceFormat; TraceFormat also
// links CZlib (zlib, for compressed .npz members).
// CBLAS ──▶ TensorCore ──▶ Model ──▶ Training ──┐
//                                      ▲        ├──▶ Reports ──▶ DeftSimCommands ──▶ deft-sim
// CZstd ──▶ TraceFormat ───────────────┴──▶ Simulator ──┘
let optimize: [SwiftSetting] = [
  .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))
]

let package = Package(
  name: "deft-sim",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "deft-sim", targets: ["deft-sim"])
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

    // MARK: - Libraries
    .target(name: "Randomness", swiftSettings: optimize),
    .target(name: "TensorCore", dependencies: ["CBLAS", "Randomness"], swiftSettings: optimize),
    .target(name: "Model", dependencies: ["TensorCore"], swiftSettings: optimize),
    .target(
      name: "TraceFormat", dependencies: ["CZstd", "CZlib", "Randomness"], swiftSettings: optimize),
    .target(
      name: "Training", dependencies: ["Model", "TraceFormat", "TensorCore"],
      swiftSettings: optimize),
    .target(name: "Simulator", dependencies: ["TraceFormat"], swiftSettings: optimize),
    .target(name: "Reports", dependencies: ["Simulator", "Training"], swiftSettings: optimize),
    .target(
      name: "DeftSimCommands",
      dependencies: [
        "Reports", "Simulator", "Training", "Model", "TraceFormat", "TensorCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: optimize),
    .executableTarget(name: "deft-sim", dependencies: ["DeftSimCommands"]),

    // MARK: - Tests
    // Central-difference gradient checks shared by the test targets (not part of the product).
    .target(name: "NumericalGradient", path: "Tests/NumericalGradient"),
    .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
    .testTarget(
      name: "ModelTests", dependencies: ["Model", "TensorCore", "NumericalGradient"],
      exclude: ["Fixtures"]),
    .testTarget(name: "TraceFormatTests", dependencies: ["TraceFormat"], exclude: ["Golden"]),
    .testTarget(
      name: "TrainingTests",
      dependencies: ["Training", "Model", "TensorCore", "TraceFormat", "NumericalGradient"]),
    .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "TraceFormat"]),
    .testTarget(
      name: "ReportsTests", dependencies: ["Reports", "Simulator", "TraceFormat"],
      exclude: ["Golden"]),
    .testTarget(name: "DeftSimCommandsTests", dependencies: ["DeftSimCommands"]),
  ],
  swiftLanguageModes: [.v6]
)

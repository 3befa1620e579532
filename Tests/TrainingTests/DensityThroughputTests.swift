import Foundation
import Testing
import TraceFormat
import Training

/// Throughput of the density counter and the dataset readers (measurements that also check what
/// they timed: densities counted, every row and question read): run with
/// `DEFT_BENCH=1 swift test -c release --filter DensityThroughput`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DEFT_BENCH"] == "1"))
struct DensityThroughputTests {
  @Test func activationsPerSecond() {
    let units = 1536
    let tokens = 2048
    var state: UInt64 = 1
    let values: [Float] = (0..<(tokens * units)).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Float(Int64(bitPattern: state) >> 40) / Float(1 << 23) * 0.2 - 0.05
    }
    let definitions: [ZeroDefinition] = [
      .exact, .threshold(1e-3), .threshold(1e-2),
      .quantized(bits: 8, scales: [Float](repeating: 0.2 / 127, count: 6)),
    ]
    for (blockUnits, tileTokens) in [(nil, nil), (Optional(8), Optional(16))] as [(Int?, Int?)] {
      var counter = DensityCounter(
        layerCount: 6, units: units, definitions: definitions, blockUnits: blockUnits,
        tileTokens: tileTokens)
      let repeats = 4
      let start = DispatchTime.now().uptimeNanoseconds
      for _ in 0..<repeats {
        for layer in 0..<6 { counter.add(layer: layer, activations: values) }
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      let activations = Double(repeats * 6 * values.count)
      print(
        "density counter, \(definitions.count) definitions, block \(blockUnits ?? 0), tile "
          + "\(tileTokens ?? 0): \(activations / seconds / 1e6) M activations/s")
      #expect(counter.density(layer: 0, definition: 0) > 0)
    }
    var calibrator = ScaleCalibrator(layerCount: 1)
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<24 { calibrator.observe(layer: 0, activations: values) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("scale calibrator: \(Double(24 * values.count) / seconds / 1e6) M activations/s")
  }

  @Test func parsingSpeed() throws {
    let dir = testDataDirectory()
    var start = DispatchTime.now().uptimeNanoseconds
    let rows = try GLUEReader.read(.sst2, split: .train, dataDirectory: dir).count
    var seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("GLUE SST-2 train: \(rows) rows in \(seconds) s")
    #expect(rows == 67_349, "SST-2 train has 67,349 sentences")
    start = DispatchTime.now().uptimeNanoseconds
    let questions = try SQuADReader.readDev(dataDirectory: dir).examples.count
    seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    print("SQuAD dev: \(questions) questions in \(seconds) s")
    #expect(questions == 10_570, "SQuAD v1.1 dev has 10,570 questions")
  }
}

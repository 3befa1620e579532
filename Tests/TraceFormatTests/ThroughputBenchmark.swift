import Foundation
import Testing
import TraceFormat

/// Times generation, writing and reading of an SST-2-dev-sized synthetic trace (872 sequences x
/// 25 tokens x 6 layers x 1536 units). Opt-in: `TRACE_BENCH=1 swift test -c release --filter
/// ThroughputBenchmark`; prints one line per density.
@Test(
  .enabled(if: ProcessInfo.processInfo.environment["TRACE_BENCH"] == "1"),
  arguments: [0.1, 0.3, 0.5, 0.7])
func throughputBenchmark(density: Double) throws {
  let directory = TemporaryDirectory()
  defer { directory.cleanUp() }
  let level =
    Int(ProcessInfo.processInfo.environment["TRACE_LEVEL"] ?? "")
    ?? TraceWriter.defaultCompressionLevel
  let spec = SyntheticTraceSpec(
    model: ModelDimensions(layers: 6, hidden: 384, intermediate: 1536, heads: 12), sequences: 872,
    tokenCounts: 25...25, density: density, seed: 1)
  let trace = SyntheticTrace(spec)
  let clock = ContinuousClock()
  var records: [TraceRecord] = []
  let generate = clock.measure { records = (0..<872).map { trace.record(at: $0) } }
  let path = directory.file("bench.trace")
  var bytes = 0
  let write = try clock.measure {
    let writer = try TraceWriter(path: path, header: trace.header(), compressionLevel: level)
    for record in records { try writer.append(record) }
    try writer.finish()
    bytes = writer.byteCount
  }
  var count = 0
  let read = try clock.measure {
    let reader = try TraceReader(path: path)
    while try reader.next() != nil { count += 1 }
  }
  var summary: TraceSummary?
  let summarise = try clock.measure {
    summary = try TraceSummary.compute(reader: TraceReader(path: path))
  }
  #expect(count == 872 && summary?.recordCount == 872)
  let rawMiB = Double(872 * 25 * 6 * 1536) / 8 / 1_048_576
  func s(_ d: Duration) -> Double {
    Double(d.components.attoseconds) / 1e18 + Double(d.components.seconds)
  }
  let bound = Double(872 * 25 * 6 * 1536) * binaryEntropy(density) / 8
  print(
    "p=\(density) level=\(level) bytes=\(bytes) ratio=\(String(format: "%.4f", Double(bytes) / bound)) "
      + "generate=\(String(format: "%.3f", s(generate)))s write=\(String(format: "%.3f", s(write)))s "
      + "(\(String(format: "%.0f", rawMiB / s(write))) MiB/s of masks) read=\(String(format: "%.3f", s(read)))s "
      + "(\(String(format: "%.0f", rawMiB / s(read))) MiB/s) read+summary=\(String(format: "%.3f", s(summarise)))s"
  )
}

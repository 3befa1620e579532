import Simulator

/// Decode of one trace on one config at one batch size (`--batch-sequences`: sequences decoding
/// concurrently): a point of the report's decode speedup-vs-batch chart. The union of the active
/// units over a batch grows with the batch, so the weight rows a step can skip shrink
/// (docs/simulator-model.md, "Decode: speedup vs density and batch").
public struct DecodeBatchPoint: Codable, Sendable, Equatable {
  public var trace: Int
  public var config: Int
  public var batchSequences: Int
  public var decodeSpeedup: Double
  public var decodeLatencyPerTokenMicroseconds: Double
  public var decodeTokensPerSecond: Double

  public init(
    trace: Int, config: Int, batchSequences: Int, decodeSpeedup: Double,
    decodeLatencyPerTokenMicroseconds: Double, decodeTokensPerSecond: Double
  ) {
    self.trace = trace
    self.config = config
    self.batchSequences = batchSequences
    self.decodeSpeedup = decodeSpeedup
    self.decodeLatencyPerTokenMicroseconds = decodeLatencyPerTokenMicroseconds
    self.decodeTokensPerSecond = decodeTokensPerSecond
  }

  /// The decode phase of every result: `results[i][t][c]` replayed at `batches[i]` sequences;
  /// traces without decode records give no point. Ordered by trace, config, batch.
  public static func points(batches: [Int], results: [[[SimulationResult]]])
    -> [DecodeBatchPoint]
  {
    var points: [DecodeBatchPoint] = []
    for (batch, batchResults) in zip(batches, results) {
      for (t, traceResults) in batchResults.enumerated() {
        for (c, result) in traceResults.enumerated() {
          guard let decode = result.phases?.first(where: { $0.phase == "decode" }) else {
            continue
          }
          points.append(
            DecodeBatchPoint(
              trace: t, config: c, batchSequences: batch, decodeSpeedup: decode.speedup,
              decodeLatencyPerTokenMicroseconds: decode.latencyPerRunMicroseconds,
              decodeTokensPerSecond: decode.tokensPerSecond))
        }
      }
    }
    return points.sorted {
      ($0.trace, $0.config, $0.batchSequences) < ($1.trace, $1.config, $1.batchSequences)
    }
  }
}

import Model
import TensorCore
import TraceFormat

/// Writes the activation patterns of an evaluation pass to a trace file, one record per sequence
/// (its prompt and real tokens; padding is never traced), under the header's zero definition.
public final class TraceRecorder {
  public let writer: TraceWriter
  private let thresholds: [Float]
  private var nextSequence = 0

  public init(path: String, header: TraceHeader) throws(TraceError) {
    writer = try TraceWriter(path: path, header: header)
    thresholds = (0..<header.model.layers).map {
      DensityThreshold.threshold(for: header.zeroDefinition, layer: $0)
    }
  }

  /// Appends the records of one batch: `activations[l]` is layer `l`'s `[N, F]` in `layout`.
  public func append(activations: [Tensor], layout: SequenceLayout) throws(TraceError) {
    precondition(
      activations.count == thresholds.count,
      "\(activations.count) layers, header says \(thresholds.count)")
    for s in 0..<layout.sequenceCount {
      let rows = layout.tracedRows(s)
      let masks = activations.enumerated().map { l, a in
        a.withUnsafeBufferPointer {
          ActivationMaskBuilder.mask(
            $0.baseAddress.unsafelyUnwrapped, units: a.dim(1), rows: rows, threshold: thresholds[l])
        }
      }
      try writer.append(TraceRecord(sequenceIndex: nextSequence, masks: masks))
      nextSequence += 1
    }
  }

  /// Finishes the file (atomic rename into place).
  public func finish() throws(TraceError) { try writer.finish() }
}

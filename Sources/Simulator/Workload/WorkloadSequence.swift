import TraceFormat

/// The tokens one sequence contributes to a workload: one context length per token (the
/// keys/values its self-attention reads, itself included) and, for an encoder–decoder's decoder,
/// the encoder tokens its cross-attention reads.
public struct WorkloadSequence: Sendable, Equatable {
  public var contextLengths: [Int]
  public var crossAttentionLength: Int

  public init(contextLengths: [Int], crossAttentionLength: Int = 0) {
    self.contextLengths = contextLengths
    self.crossAttentionLength = crossAttentionLength
  }

  public var tokens: Int { contextLengths.count }

  /// All tokens of a version-2 record (a prefill, an encoder pass, or a decode record run as one
  /// block).
  public init(record: TraceRecord) {
    self.init(
      contextLengths: record.contextLengths, crossAttentionLength: record.crossAttentionLength)
  }

  /// Decode step `step` of a decode record: one token. A decode batch is one such sequence per
  /// live sequence (M = the live sequences).
  public init(decodeStep step: Int, of record: TraceRecord) {
    self.init(
      contextLengths: [record.contextLengths[step]],
      crossAttentionLength: record.crossAttentionLength)
  }
}

/// The work of one layer of one stack for one workload.
public struct TransformerLayerWork: Sendable, Equatable {
  public var stack: StackRole
  /// Layer index within its stack.
  public var layer: Int
  public var gemms: [WorkloadGEMM]
  /// Vector-unit element operations: softmax, norms, the activation (and a gated MLP's product).
  public var vectorElements: Int
  /// KV-cache elements (keys and values, all KV heads) read from and written to memory.
  public var kvCacheReadElements: Int
  public var kvCacheWriteElements: Int

  public init(
    stack: StackRole, layer: Int, gemms: [WorkloadGEMM] = [], vectorElements: Int = 0,
    kvCacheReadElements: Int = 0, kvCacheWriteElements: Int = 0
  ) {
    self.stack = stack
    self.layer = layer
    self.gemms = gemms
    self.vectorElements = vectorElements
    self.kvCacheReadElements = kvCacheReadElements
    self.kvCacheWriteElements = kvCacheWriteElements
  }
}

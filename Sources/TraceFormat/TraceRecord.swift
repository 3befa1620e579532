/// One record of a trace: the activation mask of every layer of one stack over some tokens of one
/// sequence, and optionally the quantised values of the non-zero activations.
///
/// Version 1: one record per sequence, the encoder's masks over its real tokens (plus virtual
/// prompt tokens under prompt tuning); `phase` is `.encoder` and `contextLengths` is empty (every
/// token attends the whole record plus the prefix). Version 2 adds the phase (which also says
/// whose layers the masks are: the encoder's for `.encoder`, the decoder's otherwise), the
/// context length of every token and, for an encoder–decoder's decoder, the cross-attention
/// length.
public struct TraceRecord: Sendable, Equatable {
  /// Index of the sequence this record belongs to (in the evaluation set).
  public var sequenceIndex: Int
  public var tokenCount: Int
  /// Version 2: encoder, prefill or decode.
  public var phase: TracePhase
  /// Version 2: per token, the number of keys/values its self-attention reads (the KV-cache
  /// length including the token itself for a decoder; the input length plus any prefix for an
  /// encoder). Empty in version 1.
  public var contextLengths: [Int]
  /// Version 2, decoder phases of an encoder–decoder: the encoder tokens every decoder token's
  /// cross-attention reads. 0 otherwise.
  public var crossAttentionLength: Int
  /// One mask per layer of the record's stack, each `tokenCount × intermediate`.
  public var masks: [ActivationMask]
  /// Optional, per layer: the quantised values of the non-zero activations in mask order
  /// (token-major, ascending unit). Present only when the header's `storesValues` is true.
  public var values: [[Int8]]?

  /// A version-1 record.
  public init(sequenceIndex: Int, masks: [ActivationMask], values: [[Int8]]? = nil) {
    self.init(
      sequenceIndex: sequenceIndex, phase: .encoder, contextLengths: [], crossAttentionLength: 0,
      masks: masks, values: values)
  }

  /// A version-2 record; `contextLengths` has one entry per token.
  public init(
    sequenceIndex: Int, phase: TracePhase, contextLengths: [Int], crossAttentionLength: Int = 0,
    masks: [ActivationMask], values: [[Int8]]? = nil
  ) {
    precondition(!masks.isEmpty, "a record needs at least one layer mask")
    let t = masks[0].tokenCount
    precondition(masks.allSatisfy { $0.tokenCount == t }, "all layer masks need the same tokens")
    self.sequenceIndex = sequenceIndex
    self.tokenCount = t
    self.phase = phase
    self.contextLengths = contextLengths
    self.crossAttentionLength = crossAttentionLength
    self.masks = masks
    self.values = values
  }

  /// An encoder record of a version-2 trace: every token attends all `tokenCount` tokens plus
  /// `prefixLength` prefix keys/values.
  public static func encoder(
    sequenceIndex: Int, prefixLength: Int = 0, masks: [ActivationMask], values: [[Int8]]? = nil
  ) -> TraceRecord {
    let t = masks.first?.tokenCount ?? 0
    return TraceRecord(
      sequenceIndex: sequenceIndex, phase: .encoder,
      contextLengths: Array(repeating: t + prefixLength, count: t), masks: masks, values: values)
  }

  /// A prefill record: token i attends the `cachedTokens` already in the KV cache, the tokens
  /// before it and itself (causal attention): `cachedTokens + i + 1`.
  public static func prefill(
    sequenceIndex: Int, cachedTokens: Int = 0, crossAttentionLength: Int = 0,
    masks: [ActivationMask], values: [[Int8]]? = nil
  ) -> TraceRecord {
    let t = masks.first?.tokenCount ?? 0
    return TraceRecord(
      sequenceIndex: sequenceIndex, phase: .prefill,
      contextLengths: (0..<t).map { cachedTokens + $0 + 1 },
      crossAttentionLength: crossAttentionLength, masks: masks, values: values)
  }

  /// A decode record of consecutive steps: step j (0-based) generates one token that attends
  /// `cachedTokens + j + 1` keys/values (the cache before the first step, and itself).
  public static func decode(
    sequenceIndex: Int, cachedTokens: Int, crossAttentionLength: Int = 0,
    masks: [ActivationMask], values: [[Int8]]? = nil
  ) -> TraceRecord {
    let t = masks.first?.tokenCount ?? 0
    return TraceRecord(
      sequenceIndex: sequenceIndex, phase: .decode,
      contextLengths: (0..<t).map { cachedTokens + $0 + 1 },
      crossAttentionLength: crossAttentionLength, masks: masks, values: values)
  }
}

/// The one place that defines the range of every dimension and count a trace header, a record,
/// an architecture JSON or an npz file may carry (docs/trace-format.md, "Limits"). Readers check
/// them before allocating or multiplying, writers before writing, so a well-formed file with an
/// absurd value gets a clear error naming the key instead of a crash or a huge allocation. The
/// ranges are wide enough for every public transformer (Llama-3-405B: 126 layers, hidden 16384,
/// intermediate 53248, vocabulary 128256) and small enough that products of them fit in `Int`.
public enum TraceLimits {
  /// Layers of one stack (encoder or decoder).
  public static let layers: ClosedRange<Int> = 1...1024
  /// Hidden size D.
  public static let hidden: ClosedRange<Int> = 1...(1 << 17)
  /// MLP intermediate size F (units per mask).
  public static let intermediate: ClosedRange<Int> = 1...(1 << 20)
  /// Attention (query) heads, and key/value heads.
  public static let heads: ClosedRange<Int> = 1...1024
  /// Size of one attention head.
  public static let headDimension: ClosedRange<Int> = 1...4096
  /// Vocabulary size (LM head width).
  public static let vocabularySize: ClosedRange<Int> = 1...(1 << 24)
  /// Tokens of one record.
  public static let recordTokens: ClosedRange<Int> = 0...(1 << 20)
  /// Keys/values one token attends (KV-cache length or cross-attention length).
  public static let contextLength: ClosedRange<Int> = 1...(1 << 24)
  /// Decoded mask bytes of one record (all layers): bounds the allocation of a record whose
  /// gap-encoded masks are tiny on disk but claim many tokens.
  public static let recordMaskBytes = 1 << 30
  /// Prompt-tuning tokens and prefix-tuning length.
  public static let promptTokens: ClosedRange<Int> = 0...(1 << 16)
  public static let prefixLength: ClosedRange<Int> = 0...(1 << 16)
  /// LoRA rank (the adapter width is limited by the hidden size).
  public static let loraRank: ClosedRange<Int> = 1...(1 << 16)
  /// Quantisation bits of a `quantized` zero definition.
  public static let quantizationBits: ClosedRange<Int> = 2...32
  /// Bytes of a model or activation name.
  public static let nameBytes = 256
  /// Nesting depth of a JSON document (header, architecture, npz metadata).
  public static let jsonDepth = 32
  /// Records of one npz file (the per-record arrays hold one entry each).
  public static let npzRecords: ClosedRange<Int> = 0...(1 << 24)
  /// Bytes of a JSON member (`meta.json`) of an npz file and of an architecture JSON file.
  public static let jsonFileBytes = 16 << 20
  /// The LoRA target modules a header may name.
  public static let loraTargets: Set<String> = [
    "query", "key", "value", "attention-output", "mlp-up", "mlp-down", "mlp-gate",
  ]
  /// The PEFT methods a header may name.
  public static let peftMethods: Set<String> = [
    "none", "lora", "qlora", "adapter", "prompt", "prefix",
  ]

  /// `a * b`, or nil on overflow (callers report the field).
  @inlinable
  public static func product(_ a: Int, _ b: Int) -> Int? {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    return overflow ? nil : value
  }

  /// The product of all `factors`, or nil on overflow.
  @inlinable
  public static func product(_ factors: [Int]) -> Int? {
    var value = 1
    for factor in factors {
      guard let next = product(value, factor) else { return nil }
      value = next
    }
    return value
  }

  /// "expected an integer in 1...1024, found 2000" for problems.
  static func expected(_ range: ClosedRange<Int>, found: Int) -> String {
    "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(found)"
  }
}

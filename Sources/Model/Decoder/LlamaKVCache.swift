/// Keys (after RoPE) and values of every layer for the positions seen so far, for generation.
public struct LlamaKVCache: Sendable {
  public let capacity: Int
  public let kvDim: Int
  /// `keys[layer]` and `values[layer]`: `[capacity × kvDim]`, rows `0..<count` filled.
  var keys: [[Float]]
  var values: [[Float]]
  public internal(set) var count = 0

  public init(config: LlamaConfig, capacity: Int) {
    precondition(capacity >= 1 && capacity <= config.contextLength, "KV cache capacity")
    self.capacity = capacity
    self.kvDim = config.kvDim
    keys = Array(
      repeating: [Float](repeating: 0, count: capacity * config.kvDim),
      count: config.layers)
    values = keys
  }

  /// Forgets every position (keeps the memory).
  public mutating func reset() { count = 0 }

  public var byteCount: Int { 2 * keys.count * capacity * kvDim * 4 }
}

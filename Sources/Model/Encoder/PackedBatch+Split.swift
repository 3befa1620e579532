extension PackedBatch {
  /// The sequences `range` as a batch of their own.
  public func sequences(_ range: Range<Int>) -> PackedBatch {
    guard let first = range.first else { return PackedBatch([]) }
    let start = offsets[first]
    let end = range.upperBound < sequenceCount ? offsets[range.upperBound] : tokenCount
    var part = self
    part.inputIds = Array(inputIds[start..<end])
    part.tokenTypeIds = Array(tokenTypeIds[start..<end])
    part.lengths = Array(lengths[range])
    part.realLengths = Array(realLengths[range])
    part.offsets = offsets[range].map { $0 - start }
    return part
  }

  /// Splits into at most `parts` consecutive groups of sequences with about equal token counts.
  public func split(into parts: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, sequenceCount))
    var ranges: [Range<Int>] = []
    var start = 0
    var tokens = 0
    for s in 0..<sequenceCount {
      tokens += lengths[s]
      let target = (tokenCount * (ranges.count + 1) + parts - 1) / parts
      if tokens >= target && ranges.count < parts - 1 {
        ranges.append(start..<(s + 1))
        start = s + 1
      }
    }
    if start < sequenceCount { ranges.append(start..<sequenceCount) }
    return ranges
  }
}

/// Did-you-mean suggestions for unknown names (metrics, spec keys, axis key paths).
enum NameSuggestion {
  /// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
  static func closest(to name: String, in candidates: [String]) -> String? {
    let lowered = Array(name.lowercased())
    if name.count >= 3,
      let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(name.lowercased()) })
    {
      return prefixed
    }
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, Array(candidate.lowercased()))
      if distance <= max(2, candidate.count / 3), best.map({ distance < $0.1 }) ?? true {
        best = (candidate, distance)
      }
    }
    return best?.0
  }

  static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}

/// Pareto-optimal sets: a vector is on the front when no other vector is at least as good in
/// every objective and strictly better in one. Equal vectors are both on the front.
public enum ParetoFront {
  /// Whether each objective is minimised or maximised.
  public enum Sense: String, Codable, Sendable {
    case minimise
    case maximise
  }

  /// The indices (ascending) of the non-dominated vectors among `vectors`, each objective with
  /// its `senses` entry. O(n log n + n · front size): vectors are visited in lexicographic order
  /// (a dominating vector always comes first), each checked against the front found so far.
  public static func indices(_ vectors: [[Double]], senses: [Sense]) -> [Int] {
    let keyed = vectors.map { vector in
      precondition(vector.count == senses.count, "one sense per objective")
      return zip(vector, senses).map { $1 == .minimise ? $0 : -$0 }
    }
    let order = keyed.indices.sorted { a, b in
      for (x, y) in zip(keyed[a], keyed[b]) where x != y { return x < y }
      return a < b
    }
    var front: [Int] = []
    for candidate in order {
      if !front.contains(where: { dominates(keyed[$0], keyed[candidate]) }) {
        front.append(candidate)
      }
    }
    return front.sorted()
  }

  /// `a` dominates `b` (all minimised): no worse anywhere, better somewhere.
  public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
    var better = false
    for (x, y) in zip(a, b) {
      if x > y { return false }
      if x < y { better = true }
    }
    return better
  }
}

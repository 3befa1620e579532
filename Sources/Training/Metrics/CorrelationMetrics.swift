/// Pearson and Spearman correlation (computed in Double; 0 for constant or too-short inputs,
/// where the coefficient is undefined and SciPy returns NaN).
public enum CorrelationMetrics {
  public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "pearson: \(x.count) vs \(y.count) values")
    guard x.count >= 2 else { return 0 }
    let n = Double(x.count)
    let meanX = x.reduce(0, +) / n
    let meanY = y.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    var syy = 0.0
    for i in x.indices {
      let dx = x[i] - meanX
      let dy = y[i] - meanY
      sxy += dx * dy
      sxx += dx * dx
      syy += dy * dy
    }
    let denominator = (sxx * syy).squareRoot()
    guard denominator > 0 else { return 0 }
    return max(-1, min(1, sxy / denominator))
  }

  /// Spearman's rho: Pearson of the ranks, ties taking their average rank.
  public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "spearman: \(x.count) vs \(y.count) values")
    return pearson(averageRanks(x), averageRanks(y))
  }

  /// 1-based ranks; tied values share the mean of the ranks they span (SciPy `rankdata` average).
  public static func averageRanks(_ values: [Double]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
      let rank = Double(start + end + 1) / 2  // mean of the 1-based ranks start+1 ... end
      for k in start..<end { ranks[order[k]] = rank }
      start = end
    }
    return ranks
  }
}

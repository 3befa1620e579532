/// Simple vectorisable elementwise kernels over raw buffers.
public enum Elementwise {
  /// `y[i] += x[i]`.
  @inlinable
  public static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int)
  {
    for i in 0..<count { y[i] += x[i] }
  }

  /// `y[i] += alpha · x[i]`.
  @inlinable
  public static func axpy(
    _ alpha: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int
  ) {
    for i in 0..<count { y[i] += alpha * x[i] }
  }

  /// `x[i] *= alpha`.
  @inlinable
  public static func scale(_ x: UnsafeMutablePointer<Float>, by alpha: Float, count: Int) {
    for i in 0..<count { x[i] *= alpha }
  }

  /// Adds `bias[j]` to every row of a `rows × columns` matrix (row stride `columns`).
  @inlinable
  public static func addBias(
    _ bias: UnsafePointer<Float>, to x: UnsafeMutablePointer<Float>, rows: Int, columns: Int
  ) {
    for r in 0..<rows {
      let row = x + r * columns
      for j in 0..<columns { row[j] += bias[j] }
    }
  }

  /// Accumulates the column sums of a `rows × columns` matrix into `sums` (bias gradients).
  @inlinable
  public static func accumulateColumnSums(
    _ x: UnsafePointer<Float>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      let row = x + r * columns
      for j in 0..<columns { sums[j] += row[j] }
    }
  }
}

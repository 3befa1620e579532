import Dispatch

/// Runs independent pieces of work on several threads.
public enum Parallel {
  /// Calls `body(i)` for `i` in `0..<count`, concurrently when `count > 1`. The caller guarantees
  /// that the calls touch disjoint data.
  public static func forEach(_ count: Int, _ body: (Int) -> Void) {
    guard count > 1 else {
      if count == 1 { body(0) }
      return
    }
    withoutActuallyEscaping(body) { escapable in
      let box = UncheckedSendable(escapable)
      DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
    }
  }

  /// `transform(i)` for `i` in `0..<count`, computed concurrently, in order.
  public static func map<T>(_ count: Int, _ transform: (Int) -> T) -> [T] {
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { buffer in
      let out = UncheckedSendable(buffer)
      forEach(count) { i in out.value[i] = transform(i) }
    }
    return results.map { $0.unsafelyUnwrapped }
  }
}

/// Carries a value across a concurrency boundary when the caller guarantees exclusive access.
struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

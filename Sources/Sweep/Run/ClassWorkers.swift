import Dispatch
import Foundation
import Simulator
import TraceFormat

/// The replays of one trace: one ``ReplayAccumulator`` per replay class, fed the same chunk of
/// records on several threads, each thread taking the next class not yet fed (classes differ in
/// cost, e.g. batch sizes, so a fixed split would leave threads idle). Each accumulator is only
/// ever touched by one thread at a time, and records reach it in trace order, so results do not
/// depend on the thread count or the schedule.
final class ClassWorkers: @unchecked Sendable {
  private let accumulators: [ReplayAccumulator]
  private let threads: Int
  private let lock = NSLock()
  /// The failure of the lowest class index (the same error whatever the schedule).
  private var failure: (index: Int, error: SimulationError)?
  private var next = 0

  init(_ accumulators: [ReplayAccumulator], threads: Int) {
    self.accumulators = accumulators
    self.threads = max(1, min(threads, accumulators.count))
  }

  /// Adds `records` to every accumulator; throws the failure of the first class (by index).
  func feed(_ records: [TraceRecord]) throws(SimulationError) {
    guard !accumulators.isEmpty else { return }
    next = 0
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
      while let c = take() {
        do throws(SimulationError) {
          for record in records { try accumulators[c].add(record) }
        } catch {
          lock.lock()
          if failure.map({ $0.index > c }) ?? true { failure = (c, error) }
          lock.unlock()
        }
      }
    }
    if let failure { throw failure.error }
  }

  /// The next class to feed, nil when every class has been taken.
  private func take() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < accumulators.count else { return nil }
    next += 1
    return next - 1
  }

  /// The result of every class, in class order (computed on the worker threads).
  func results() -> [SimulationResult] {
    let slots = ResultBox(count: accumulators.count)
    DispatchQueue.concurrentPerform(iterations: threads) { worker in
      var c = worker
      while c < accumulators.count {
        slots.set(c, accumulators[c].result())
        c += threads
      }
    }
    return slots.values()
  }
}

private final class ResultBox: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [SimulationResult?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: SimulationResult) {
    lock.lock()
    slots[index] = value
    lock.unlock()
  }

  func values() -> [SimulationResult] {
    lock.lock()
    defer { lock.unlock() }
    return slots.map { slot in
      guard let slot else { preconditionFailure("a replay class has no result") }
      return slot
    }
  }
}

import Foundation

/// A one-line progress bar on standard error: redrawn in place on a terminal, a few plain lines
/// otherwise (CI logs).
struct ProgressBar {
  let label: String
  let total: Int
  private let start = DispatchTime.now().uptimeNanoseconds
  private let isTerminal = isatty(STDERR_FILENO) == 1
  private var lastPrintedTenth = -1

  init(label: String, total: Int) {
    self.label = label
    self.total = max(1, total)
  }

  /// Shows `done` of `total`, with an optional status such as the current loss.
  mutating func update(_ done: Int, status: String = "") {
    let fraction = Double(done) / Double(total)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let eta = done > 0 ? elapsed / fraction - elapsed : 0
    let width = 24
    let filled = Int(fraction * Double(width))
    let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
    let line = String(
      format: "%@ [%@] %d/%d %@ %.0fs elapsed, ETA %.0fs", label, bar, done, total, status,
      elapsed, eta)
    if isTerminal {
      FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
      if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
    } else {
      let tenth = Int(fraction * 10)
      if tenth != lastPrintedTenth || done >= total {
        lastPrintedTenth = tenth
        FileHandle.standardError.write(Data((line + "\n").utf8))
      }
    }
  }
}

import Foundation
import Training

/// The console lines of a decoder SQuAD evaluation.
enum DecoderEvalReport {
  static func lines(_ result: DecoderSQuADEvaluation.Result, seconds: Double) -> [String] {
    var lines = [
      String(
        format:
          "SQuAD v1.1 held-out articles, %d questions (%d skipped as too long): EM %.2f  F1 %.2f",
        result.score.questionCount, result.skipped, result.score.exactMatchPercent,
        result.score.f1Percent),
      String(
        format:
          "prefill %.1f tokens/s (%d tokens), decode %.1f tokens/s (%d tokens), %.1f s in all",
        Double(result.promptTokens) / max(result.prefillSeconds, 1e-9), result.promptTokens,
        Double(result.generatedTokens) / max(result.decodeSeconds, 1e-9), result.generatedTokens,
        seconds),
      "gate density silu(W_gate x)   prefill   decode",
    ]
    for (i, label) in result.densityLabels.enumerated() {
      let padded = label.padding(toLength: 26, withPad: " ", startingAt: 0)
      lines.append(
        "  " + padded
          + String(
            format: " %7.2f%%  %7.2f%%", 100 * result.prefillDensity[i],
            100 * result.decodeDensity[i]))
    }
    for sample in result.samples.prefix(5) {
      lines.append("  Q: \(sample.question)  → \(sample.prediction)  (gold: \(sample.gold))")
    }
    return lines
  }
}

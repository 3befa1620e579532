import Foundation
import Training

/// The console lines and metrics.json object of a decoder SST-2 evaluation.
enum DecoderSST2Report {
  static func lines(_ r: DecoderSST2Evaluation.Result) -> [String] {
    var lines = [
      String(
        format: "SST-2 dev, %d reviews (%d skipped as too long): accuracy %.2f %% (%d correct), "
          + "%d predicted positive", r.count, r.skipped, r.accuracyPercent, r.correct,
        r.predictedPositive),
      "label tokens: "
        + zip(DecoderSST2Prompt.labelWords, r.labelTokens).map { "\($0)=\($1)" }.joined(
          separator: " "),
      String(
        format: "prefill %d tokens in %.1f s (%.1f tokens/s)", r.promptTokens, r.seconds,
        Double(r.promptTokens) / max(r.seconds, 1e-9)),
      "gate density silu(W_gate x)   prefill",
    ]
    for (i, label) in r.densityLabels.enumerated() {
      let padded = label.padding(toLength: 26, withPad: " ", startingAt: 0)
      lines.append("  " + padded + String(format: " %7.2f%%", 100 * r.prefillDensity[i]))
    }
    for sample in r.samples.prefix(5) {
      lines.append(
        "  \(sample.sentence.prefix(60))…  → \(sample.prediction)  (gold: \(sample.gold))")
    }
    return lines
  }

  static func object(_ r: DecoderSST2Evaluation.Result) -> [String: Any] {
    [
      "task": "sst2", "accuracy": r.accuracyPercent, "correct": r.correct, "examples": r.count,
      "skipped": r.skipped, "predicted_positive": r.predictedPositive,
      "label_tokens": r.labelTokens.map(Int.init), "prompt_tokens": r.promptTokens,
      "eval_seconds": r.seconds, "trace_zero_definition": r.traceDefinition,
      "density_prefill": Dictionary(uniqueKeysWithValues: zip(r.densityLabels, r.prefillDensity)),
    ]
  }
}

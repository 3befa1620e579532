import Foundation
import Testing

/// `eval --predictions-out`: one row per evaluation example whose `correct` column agrees with
/// the accuracy in metrics.json, written for the real SST-2 dev set after a tiny training run.
@Suite(.serialized) struct EvalPredictionsCommandTests {
  @Test func predictionsAgreeWithTheAccuracy() throws {
    let dir = NSTemporaryDirectory() + "deft-sim-predictions-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let train = try BuiltBinary.run(
      shell: "train --task sst2 --max-steps 2 --train-limit 32 --batch-size 16 --eval-limit 8 "
        + "--threads 1 --out '\(dir)/run'")
    #expect(train.status == 0, "\(train.stderr)")
    let eval = try BuiltBinary.run(
      shell: "eval --run '\(dir)/run' --eval-limit 40 --threads 1 "
        + "--predictions-out '\(dir)/predictions.csv' --metrics-out '\(dir)/metrics.json'")
    #expect(eval.status == 0, "\(eval.stderr)")
    let lines = try String(contentsOfFile: dir + "/predictions.csv", encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.first == "example,source_line,label,prediction,correct")
    let rows = lines.dropFirst().map { $0.split(separator: ",").map(String.init) }
    #expect(rows.count == 40)
    // Example i is line i + 2 of dev.tsv (line 1 is the header).
    #expect(rows.enumerated().allSatisfy { i, r in r[0] == "\(i)" && r[1] == "\(i + 2)" })
    #expect(
      rows.allSatisfy { r in r[4] == (r[2] == r[3] ? "1" : "0") && ["0", "1"].contains(r[3]) })
    let correct = rows.filter { $0[4] == "1" }.count
    let metrics =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: dir + "/metrics.json"))) as? [String: Any]
    let evaluation = metrics?["evaluation"] as? [String: Any]
    let values = (evaluation?["metrics"] as? [String: Any])?["valuesPercent"] as? [String: Double]
    let accuracy = try #require(values?["accuracy"])
    #expect(abs(accuracy - Double(correct) / 40 * 100) < 1e-9, "\(accuracy) vs \(correct)/40")
    #expect((evaluation?["predictions"]) == nil, "predictions stay out of metrics.json")

    // An unwritable path is found before anything is evaluated: one error line naming it.
    let bad = try BuiltBinary.run(
      shell: "eval --run '\(dir)/run' --predictions-out /proc/deft-sim-predictions.csv")
    #expect(bad.status == 1)
    let errors = bad.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    #expect(
      errors.count == 1 && errors[0].contains("/proc/deft-sim-predictions.csv"), "\(bad.stderr)")
  }
}

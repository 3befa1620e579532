import ArgumentParser
import Foundation

/// `--data DIR`, shared by every command that reads GLUE or SQuAD.
struct DataOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Directory holding glue/ and squad/.",
      discussion: "Defaults to $DEFT_DATA_DIR, else ../shared/data."),
    completion: .directory)
  var data: String?

  /// SST-2 dev sentences (temporary reader until the Training data readers land).
  func sst2DevSentences() throws -> [String] {
    let dir = data ?? ProcessInfo.processInfo.environment["DEFT_DATA_DIR"] ?? "../shared/data"
    let text = try String(contentsOfFile: dir + "/glue/SST-2/dev.tsv", encoding: .utf8)
    return text.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) }
  }
}

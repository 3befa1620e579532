import ArgumentParser
import Foundation
import Training

/// `--data DIR`, shared by every command that reads GLUE or SQuAD.
struct DataOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Directory holding glue/ and squad/.",
      discussion: "Defaults to $DEFT_DATA_DIR, else ../shared/data."),
    completion: .directory)
  var data: String?

  /// The resolved data directory.
  func directory() throws -> String { try DataLocator.resolve(explicit: data) }

  /// SST-2 dev sentences.
  func sst2DevSentences() throws -> [String] {
    try GLUEReader.read(.sst2, split: .dev, dataDirectory: directory()).map(\.textA)
  }
}

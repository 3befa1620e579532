import Foundation

/// A Hugging Face BERT-family model directory: `config.json`, `model.safetensors`, `vocab.txt`.
public struct PretrainedModel {
  public let directory: String
  /// The model's name: the first line of `deft-sim-name` in the directory (written by the model
  /// fetch), else config.json's `_name_or_path`, else the directory name.
  public let name: String
  public let config: BertConfig
  public let tokenizer: WordPieceTokenizer
  public let encoder: BertEncoder

  /// Loads and validates everything in `directory`.
  public init(directory: String) throws(ModelError) {
    let fm = FileManager.default
    var isDir: ObjCBool = false
    guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
      throw .fileUnreadable(path: directory, reason: "not a directory")
    }
    let configPath = directory + "/config.json"
    let vocabPath = directory + "/vocab.txt"
    guard fm.fileExists(atPath: vocabPath) else { throw .missingVocabulary(directory: directory) }
    let config = try BertConfig(path: configPath)
    let vocabulary = try Vocabulary(path: vocabPath)
    // Token ids index the word-embedding table, which has vocab_size rows.
    guard vocabulary.count <= config.vocabSize else {
      throw .vocabulary(
        path: vocabPath, line: config.vocabSize + 1,
        problem: "\(vocabulary.count) tokens, but \(configPath) says vocab_size "
          + "\(config.vocabSize): ids from this line on have no embedding row. Hint: vocab.txt "
          + "and config.json come from different models, or vocab.txt has extra lines")
    }
    let weights = try SafeTensorsFile(path: directory + "/model.safetensors")
    self.directory = directory
    self.name = Self.name(directory: directory, configPath: configPath)
    self.config = config
    self.tokenizer = try WordPieceTokenizer(vocabulary: vocabulary, lowercase: true)
    self.encoder = try BertEncoder(config: config, weights: weights)
  }

  static func name(directory: String, configPath: String) -> String {
    if let text = try? String(contentsOfFile: directory + "/deft-sim-name", encoding: .utf8),
      let line = text.split(separator: "\n").first, !line.isEmpty
    {
      return String(line)
    }
    if let data = FileManager.default.contents(atPath: configPath),
      let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let name = json["_name_or_path"] as? String, !name.isEmpty
    {
      return name
    }
    return URL(fileURLWithPath: directory).lastPathComponent
  }
}

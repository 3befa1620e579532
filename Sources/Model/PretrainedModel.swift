import Foundation

/// A Hugging Face BERT-family model directory: `config.json`, `model.safetensors`, `vocab.txt`.
public struct PretrainedModel {
  public let directory: String
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
    let weights = try SafeTensorsFile(path: directory + "/model.safetensors")
    self.directory = directory
    self.config = config
    self.tokenizer = try WordPieceTokenizer(vocabulary: vocabulary, lowercase: true)
    self.encoder = try BertEncoder(config: config, weights: weights)
  }
}

import Foundation

/// The fields of a Hugging Face `config.json` that a BERT-family encoder needs.
public struct BertConfig: Sendable, Equatable, Codable {
  public var modelType: String
  public var vocabSize: Int
  public var hiddenSize: Int
  public var numHiddenLayers: Int
  public var numAttentionHeads: Int
  public var intermediateSize: Int
  public var maxPositionEmbeddings: Int
  public var typeVocabSize: Int
  public var layerNormEps: Float
  public var hiddenDropoutProb: Float
  public var attentionProbsDropoutProb: Float
  public var hiddenAct: String

  public var headSize: Int { hiddenSize / numAttentionHeads }

  public init(
    modelType: String = "bert", vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int,
    numAttentionHeads: Int, intermediateSize: Int, maxPositionEmbeddings: Int = 512,
    typeVocabSize: Int = 2, layerNormEps: Float = 1e-12, hiddenDropoutProb: Float = 0.1,
    attentionProbsDropoutProb: Float = 0.1, hiddenAct: String = "gelu"
  ) {
    self.modelType = modelType
    self.vocabSize = vocabSize
    self.hiddenSize = hiddenSize
    self.numHiddenLayers = numHiddenLayers
    self.numAttentionHeads = numAttentionHeads
    self.intermediateSize = intermediateSize
    self.maxPositionEmbeddings = maxPositionEmbeddings
    self.typeVocabSize = typeVocabSize
    self.layerNormEps = layerNormEps
    self.hiddenDropoutProb = hiddenDropoutProb
    self.attentionProbsDropoutProb = attentionProbsDropoutProb
    self.hiddenAct = hiddenAct
  }

  /// The sizes deft-sim accepts from a `config.json` (docs/hostile-input.md): far above any
  /// BERT-family model, and low enough that the products sizing the weights cannot overflow.
  public enum Limits {
    public static let vocabSize = 1...(1 << 22)
    public static let hiddenSize = 1...65_536
    public static let numHiddenLayers = 1...1024
    public static let numAttentionHeads = 1...1024
    public static let intermediateSize = 1...(1 << 18)
    public static let maxPositionEmbeddings = 1...65_536
    public static let typeVocabSize = 1...1024
  }

  /// Reads and validates `config.json`.
  public init(path: String) throws(ModelError) {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
      throw .fileUnreadable(path: path, reason: error.localizedDescription)
    }
    guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw .config(path: path, key: "(root)", problem: "not a JSON object")
    }
    func int(_ key: String, _ limit: ClosedRange<Int>, default value: Int? = nil)
      throws(ModelError) -> Int
    {
      guard let raw = json[key] else {
        if let value { return value }
        throw .config(path: path, key: key, problem: "missing")
      }
      // Range-checked as a Double first: converting a huge or fractional number to Int traps.
      guard let n = raw as? NSNumber, case let d = n.doubleValue, d == d.rounded(),
        d >= Double(limit.lowerBound), d <= Double(limit.upperBound)
      else {
        throw .config(
          path: path, key: key,
          problem: "expected an integer in \(limit.lowerBound)...\(limit.upperBound), found \(raw)")
      }
      return Int(d)
    }
    func float(_ key: String, below bound: Double, default value: Float) throws(ModelError)
      -> Float
    {
      guard let raw = json[key] else { return value }
      guard let n = raw as? NSNumber, n.doubleValue >= 0, n.doubleValue < bound else {
        throw .config(
          path: path, key: key, problem: "expected a number in [0, \(bound)), found \(raw)")
      }
      return n.floatValue
    }
    let modelType = (json["model_type"] as? String) ?? ""
    guard modelType == "bert" else { throw .unsupportedModelType(path: path, found: modelType) }
    let act = (json["hidden_act"] as? String) ?? "gelu"
    guard act == "gelu" else {
      throw .config(
        path: path, key: "hidden_act", problem: "'\(act)' is not supported (expected 'gelu')")
    }
    self.init(
      modelType: modelType, vocabSize: try int("vocab_size", Limits.vocabSize),
      hiddenSize: try int("hidden_size", Limits.hiddenSize),
      numHiddenLayers: try int("num_hidden_layers", Limits.numHiddenLayers),
      numAttentionHeads: try int("num_attention_heads", Limits.numAttentionHeads),
      intermediateSize: try int("intermediate_size", Limits.intermediateSize),
      maxPositionEmbeddings: try int(
        "max_position_embeddings", Limits.maxPositionEmbeddings, default: 512),
      typeVocabSize: try int("type_vocab_size", Limits.typeVocabSize, default: 2),
      layerNormEps: try float("layer_norm_eps", below: 1, default: 1e-12),
      hiddenDropoutProb: try float("hidden_dropout_prob", below: 1, default: 0.1),
      attentionProbsDropoutProb: try float(
        "attention_probs_dropout_prob", below: 1, default: 0.1),
      hiddenAct: act)
    guard hiddenSize % numAttentionHeads == 0 else {
      throw .config(
        path: path, key: "num_attention_heads",
        problem: "\(numAttentionHeads) does not divide hidden_size \(hiddenSize)")
    }
  }
}

import ArgumentParser
import Foundation
import Model
import TensorCore

/// `deft-sim encode`: tokenise and encode one text (or pair) and print what the encoder sees.
struct Encode: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Encode a sentence (or pair) and print token ids, hidden values and MLP activations.",
    discussion: """
      The JSON output has the keys of the Hugging Face golden file used by the tests
      (input_ids, token_type_ids, tokens, last_hidden_token0_first8,
      last_hidden_lasttoken_first8, and per layer mlp_act_sum, mlp_act_sumsq,
      mlp_act_count_abs_gt_1e-2).
      """)

  @OptionGroup var model: ModelOptions

  @Option(help: "The text to encode.")
  var text: String

  @Option(help: "An optional second text, encoded as [CLS] A [SEP] B [SEP].")
  var textPair: String?

  @Option(help: "Truncate to this many tokens (longest first for pairs).")
  var maxLength: Int = 512

  @Flag(help: "Print JSON instead of a table.")
  var json = false

  @Flag(
    help: "Decoders only: wrap the text in the chat template (one user turn, generation prompt).")
  var chat = false

  func run() throws {
    try RawArguments.validateUTF8()
    if DecoderLocator.isDecoder(model.model) {
      let decoder = try LlamaModel.load(try DecoderLocator.resolve(model.model))
      let ids = decoder.encode(text, chat: chat)
      guard !ids.isEmpty, ids.count <= min(maxLength, decoder.config.contextLength) else {
        throw ValidationError(
          "the text has \(ids.count) tokens; expected 1...\(min(maxLength, decoder.config.contextLength))"
        )
      }
      let summary = DecoderSummary(model: decoder, ids: ids)
      print(json ? try summary.jsonString() : summary.table())
      return
    }
    guard !chat else {
      throw ValidationError("--chat needs a decoder (--model smollm2 or a .gguf)")
    }
    let loaded = try model.load()
    let positions = loaded.config.maxPositionEmbeddings
    guard (2...positions).contains(maxLength) else {
      throw ValidationError(
        "--max-length must be in 2...\(positions) (the model's max_position_embeddings), got "
          + "\(maxLength)")
    }
    let encoding = loaded.tokenizer.encode(text, textPair, maxLength: maxLength)
    let output = loaded.encoder.forward(PackedBatch([encoding]))
    let summary = EncodingSummary(encoding: encoding, output: output)
    if json {
      print(try summary.jsonString())
    } else {
      print(summary.table())
    }
  }
}

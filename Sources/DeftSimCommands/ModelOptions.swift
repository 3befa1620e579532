import ArgumentParser
import Model

/// `--model DIR`, shared by every command that loads the encoder.
struct ModelOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Hugging Face BERT model directory (config.json, model.safetensors, vocab.txt), or a "
        + "decoder: `smollm2` (fetched by `make model`) or a path to a Llama-family .gguf.",
      discussion: "Defaults to $DEFT_MODEL_DIR, else the encoder fetched by `make model`."),
    completion: .directory)
  var model: String?

  func load() throws -> PretrainedModel {
    try PretrainedModel(directory: try ModelLocator.resolve(explicit: model))
  }
}

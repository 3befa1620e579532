import Foundation
import Model

/// What `deft-sim encode --model smollm2` reports: the keys of the SmolLM2 golden file.
struct DecoderSummary: Encodable {
  struct Stats: Encodable {
    var sum: Double
    var sumsq: Double
    var countAbove1e2: Int
    var countAbove1e1: Int
    var numel: Int
    enum CodingKeys: String, CodingKey {
      case sum, sumsq, numel
      case countAbove1e2 = "count_abs_gt_1e-2"
      case countAbove1e1 = "count_abs_gt_1e-1"
    }
    init(_ m: DecoderActivationStatistics.Moments) {
      sum = m.sum
      sumsq = m.sumOfSquares
      countAbove1e2 = m.countAbove1e2
      countAbove1e1 = m.countAbove1e1
      numel = m.count
    }
  }
  struct Layer: Encodable {
    var gateAct: Stats
    var downInput: Stats
    enum CodingKeys: String, CodingKey {
      case gateAct = "gate_act"
      case downInput = "down_input"
    }
  }

  var inputIds: [Int32]
  var tokens: [String]
  var logitsLastFirst8: [Float]
  var logitsLastArgmax: Int
  var finalHiddenLastFirst8: [Float]
  var layers: [Layer]

  enum CodingKeys: String, CodingKey {
    case tokens, layers
    case inputIds = "input_ids"
    case logitsLastFirst8 = "logits_last_first8"
    case logitsLastArgmax = "logits_last_argmax"
    case finalHiddenLastFirst8 = "final_hidden_last_first8"
  }

  init(model: LlamaModel, ids: [Int32]) {
    var stats = [DecoderActivationStatistics](
      repeating: DecoderActivationStatistics(), count: model.config.layers)
    var cache = LlamaKVCache(config: model.config, capacity: ids.count)
    let hidden = model.decoder.forward(ids, cache: &cache) { layer, gate, down in
      stats[layer].add(gate: gate, downInput: down)
    }
    let h = model.config.hidden
    let last = hidden[((ids.count - 1) * h)..<(ids.count * h)]
    let logits = model.decoder.logits(last)
    inputIds = ids
    tokens = model.tokenizer.tokenTexts(ids)
    logitsLastFirst8 = Array(logits.prefix(8))
    var best = 0
    for j in logits.indices where logits[j] > logits[best] { best = j }
    logitsLastArgmax = best
    finalHiddenLastFirst8 = Array(last.prefix(8))
    layers = stats.map { Layer(gateAct: Stats($0.gate), downInput: Stats($0.downInput)) }
  }

  func jsonString() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  func table() -> String {
    var lines = ["tokens: " + tokens.joined(separator: " ")]
    lines.append("input_ids: " + inputIds.map(String.init).joined(separator: " "))
    lines.append("last-position argmax: \(logitsLastArgmax)")
    lines.append("layer  gate_act_sum  gate |a|>1e-2  down_input_sum  down |a|>1e-2")
    for (l, layer) in layers.enumerated() {
      let n = Double(max(1, layer.gateAct.numel))
      lines.append(
        String(
          format: "%5d  %12.4f  %12.2f%%  %14.4f  %12.2f%%", l, layer.gateAct.sum,
          100 * Double(layer.gateAct.countAbove1e2) / n, layer.downInput.sum,
          100 * Double(layer.downInput.countAbove1e2) / n))
    }
    return lines.joined(separator: "\n")
  }
}

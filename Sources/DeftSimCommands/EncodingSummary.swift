import Foundation
import Model
import TensorCore

/// What `deft-sim encode` reports about one encoded sequence.
struct EncodingSummary: Codable {
  var inputIds: [Int32]
  var tokenTypeIds: [Int32]
  var tokens: [String]
  var lastHiddenToken0First8: [Float]
  var lastHiddenLastTokenFirst8: [Float]
  var mlpActSum: [Double]
  var mlpActSumsq: [Double]
  var mlpActCountAbsGt1em2: [Int]
  /// Units per token of the MLP intermediate layer (not part of the JSON).
  var intermediateSize = 0

  enum CodingKeys: String, CodingKey {
    case inputIds = "input_ids"
    case tokenTypeIds = "token_type_ids"
    case tokens
    case lastHiddenToken0First8 = "last_hidden_token0_first8"
    case lastHiddenLastTokenFirst8 = "last_hidden_lasttoken_first8"
    case mlpActSum = "mlp_act_sum"
    case mlpActSumsq = "mlp_act_sumsq"
    case mlpActCountAbsGt1em2 = "mlp_act_count_abs_gt_1e-2"
  }

  init(encoding: Encoding, output: EncoderOutput) {
    let d = output.hidden.dim(1)
    let n = encoding.count
    let h = output.hidden.scalars
    inputIds = encoding.inputIds
    tokenTypeIds = encoding.tokenTypeIds
    tokens = encoding.tokens
    lastHiddenToken0First8 = Array(h[0..<min(8, d)])
    lastHiddenLastTokenFirst8 = Array(h[(n - 1) * d..<(n - 1) * d + min(8, d)])
    mlpActSum = output.mlpActivations.map { $0.scalars.reduce(0) { $0 + Double($1) } }
    mlpActSumsq = output.mlpActivations.map { $0.scalars.reduce(0) { $0 + Double($1 * $1) } }
    mlpActCountAbsGt1em2 = output.mlpActivations.map { $0.scalars.count { abs($0) > 1e-2 } }
    intermediateSize = output.mlpActivations.first?.dim(1) ?? 0
  }

  func jsonString() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  func table() -> String {
    var lines = ["tokens: " + tokens.joined(separator: " ")]
    lines.append("input_ids: " + inputIds.map(String.init).joined(separator: " "))
    lines.append("layer  mlp_act_sum  mlp_act_sumsq  count |a|>1e-2  density |a|>1e-2")
    for (l, sum) in mlpActSum.enumerated() {
      let count = mlpActCountAbsGt1em2[l]
      let density = Double(count) / Double(max(1, tokens.count * intermediateSize))
      lines.append(
        String(
          format: "%5d  %11.4f  %13.4f  %14d  %15.2f%%", l, sum, mlpActSumsq[l], count,
          100 * density))
    }
    return lines.joined(separator: "\n")
  }
}

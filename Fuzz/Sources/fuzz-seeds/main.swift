import CZstdSeeds
import Foundation
import FuzzSupport
import Model
import TensorCore
import TraceFormat
import Training

// Writes the seed corpus of every harness: `fuzz-seeds CORPUS_DIR HWCONFIG_DIR [TRACE…]` (extra
// trace files, e.g. version-2 ones from `deft-sim trace synth --arch`, become trace seeds too).
// The seeds are committed (Fuzz/Corpus); run this again when a format changes.
let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
  FileHandle.standardError.write(Data("usage: fuzz-seeds CORPUS_DIR HWCONFIG_DIR [TRACE…]\n".utf8))
  exit(64)
}
let corpus = arguments[1]
let hwconfigs = arguments[2]

func write(_ harness: String, _ name: String, _ bytes: [UInt8]) throws {
  let directory = corpus + "/" + harness
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  try Data(bytes).write(to: URL(fileURLWithPath: directory + "/seed-" + name))
}

/// Writes `bytes` as a raw-trace seed and its header and payloads as a structured seed, after
/// checking that the harness' framing gives back a trace with the same records.
func writeTraceSeeds(_ name: String, _ bytes: [UInt8], scratch: String) throws {
  try write("fuzz-trace-bytes", name, bytes)
  let parts = unpack(bytes)
  let input = StructuredTrace.input(header: parts.header, payloads: parts.payloads)
  try write("fuzz-trace-structured", name, input)
  try Data(StructuredTrace.file(input)).write(to: URL(fileURLWithPath: scratch))
  let reader = try TraceReader(path: scratch)
  var records = 0
  while try reader.next() != nil { records += 1 }
  precondition(records == parts.payloads.count, "structured \(name): \(records) records read")
}

/// The header JSON and decompressed payloads of a trace file (for the structured harness).
func unpack(_ file: [UInt8]) -> (header: [UInt8], payloads: [[UInt8]]) {
  func u32(_ at: Int) -> Int {
    (0..<4).reduce(0) { $0 | Int(file[at + $1]) << (8 * $1) }
  }
  let headerLength = u32(12)
  let header = Array(file[16..<(16 + headerLength)])
  var offset = 16 + headerLength + 4
  var payloads: [[UInt8]] = []
  while offset + 20 <= file.count, file[offset] == 0x52 {  // "RCRD"
    let compressed = u32(offset + 8)
    let size = u32(offset + 12)
    var payload = [UInt8](repeating: 0, count: size)
    let source = Array(file[(offset + 20)..<(offset + 20 + compressed)])
    let written = payload.withUnsafeMutableBytes { out in
      source.withUnsafeBytes { ZSTD_decompress(out.baseAddress, size, $0.baseAddress, compressed) }
    }
    precondition(written == size, "zstd: \(written) of \(size) bytes")
    payloads.append(payload)
    offset += 20 + compressed
  }
  return (header, payloads)
}

// Traces: small synthetic ones (masks only; with values; prompt tokens and LoRA in the header).
let scratch = NSTemporaryDirectory() + "/deft-sim-fuzz-seeds-\(getpid()).trace"
for (name, values, promptTokens, layers, units) in [
  ("masks", false, 0, 2, 64), ("values", true, 0, 3, 40), ("prompt", false, 4, 1, 130),
] {
  let spec = SyntheticTraceSpec(
    model: ModelDimensions(
      name: "seed", layers: layers, hidden: 16, intermediate: units, heads: 2),
    sequences: 3, tokenCounts: 5...12, density: name == "prompt" ? 0.7 : 0.3,
    blockCorrelation: 0.25, blockSize: 4, storesValues: values, seed: 3)
  let synthetic = SyntheticTrace(spec)
  var header = synthetic.header(toolVersion: "seed", provenance: ["command": "fuzz-seeds"])
  header.peft = PEFTDescription(
    method: promptTokens > 0 ? "prompt" : "lora", loraRank: promptTokens > 0 ? nil : 4,
    loraAlpha: promptTokens > 0 ? nil : 8,
    loraTargets: promptTokens > 0 ? nil : ["query", "value"],
    promptTokens: promptTokens)
  let writer = try TraceWriter(path: scratch, header: header)
  for index in 0..<spec.sequences {
    var record = synthetic.record(at: index)
    if promptTokens > 0 && record.tokenCount < promptTokens { continue }
    record.sequenceIndex = index
    try writer.append(record)
  }
  try writer.finish()
  try writeTraceSeeds(
    name, [UInt8](try Data(contentsOf: URL(fileURLWithPath: scratch))), scratch: scratch)
}
for path in arguments.dropFirst(3) {
  let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
  try writeTraceSeeds(
    name, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), scratch: scratch)
}
try? FileManager.default.removeItem(atPath: scratch)

// Hardware configs: the shipped ones.
for name in try FileManager.default.contentsOfDirectory(atPath: hwconfigs).sorted()
where name.hasSuffix(".json") {
  try write(
    "fuzz-hwconfig", name,
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: hwconfigs + "/" + name))))
}

// Safetensors: every dtype, metadata, an empty tensor.
func safetensors(_ header: String, data: [UInt8]) -> [UInt8] {
  var json = Array(header.utf8)
  while json.count % 8 != 0 { json.append(0x20) }
  var out: [UInt8] = []
  withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
  return out + json + data
}
try write(
  "fuzz-safetensors", "dtypes",
  safetensors(
    #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"#
      + #""b":{"dtype":"F16","shape":[2],"data_offsets":[16,20]},"#
      + #""c":{"dtype":"BF16","shape":[2],"data_offsets":[20,24]},"#
      + #""d":{"dtype":"I64","shape":[1],"data_offsets":[24,32]},"#
      + #""e":{"dtype":"F32","shape":[0,3],"data_offsets":[32,32]}}"#,
    data: (0..<32).map { UInt8($0 * 7 & 0xFF) }))
try write(
  "fuzz-safetensors", "one",
  safetensors(
    #"{"embeddings.word_embeddings.weight":{"dtype":"F32","shape":[1,3],"data_offsets":[0,12]}}"#,
    data: [0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64]))

// Vocabularies and text.
let vocabulary =
  "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nthe\nquick\n##ly\nrun\n##ning\nfox\n,\n!\nnaive\n"
try write(
  "fuzz-vocab", "lf", Array(vocabulary.utf8) + [0] + Array("The quickly running fox, naïve!".utf8))
try write(
  "fuzz-vocab", "crlf",
  Array(vocabulary.replacingOccurrences(of: "\n", with: "\r\n").utf8) + [0]
    + Array("running RUN the   fox 東京".utf8))

// Checkpoints: a deft-sim checkpoint with its metadata and optimiser state.
let configuration = TrainingConfiguration(
  task: "sst2", peft: PEFTConfiguration(method: .lora, loraRank: 2), maxSteps: 2, batchSize: 4)
let checkpoint = CheckpointFile(
  tensors: [
    ("lora.A", Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])),
    ("adamw.exp_avg.lora.A", Tensor(shape: [2, 3], scalars: [0, 0, 1, 0, 0, 1])),
    ("adamw.exp_avg_sq.lora.A", Tensor(shape: [2, 3], scalars: [1, 1, 1, 1, 1, 1])),
  ],
  metadata: CheckpointMetadata.strings(
    configuration: configuration, modelName: "seed", toolVersion: "seed",
    losses: LossHistory(task: [0.7, 0.6], density: [0, 0])))
try write("fuzz-checkpoint", "deft-sim", checkpoint.encoded())
print("wrote seeds into \(corpus)")

// GGUF: a byte-level BPE vocabulary with merges, Llama metadata, tensors of every type.
let ggufTokens = [
  "<|endoftext|>", "H", "e", "l", "o", "Ġ", "w", "r", "d", "He", "ll", "Ġw", "Hell",
]
try write(
  "fuzz-gguf", "tiny-llama",
  GGUFSeed.file(
    metadata: [
      ("general.architecture", .string("llama")),
      ("general.alignment", .uint32(32)),
      ("llama.block_count", .uint32(1)),
      ("llama.embedding_length", .uint32(32)),
      ("llama.feed_forward_length", .uint32(64)),
      ("llama.attention.head_count", .uint32(2)),
      ("llama.attention.head_count_kv", .uint32(1)),
      ("llama.attention.layer_norm_rms_epsilon", .float32(1e-5)),
      ("llama.rope.freq_base", .float32(100_000)),
      ("llama.context_length", .uint32(64)),
      ("tokenizer.ggml.model", .string("gpt2")),
      ("tokenizer.ggml.tokens", .strings(ggufTokens)),
      ("tokenizer.ggml.token_type", .int32s(ggufTokens.map { _ in 1 })),
      ("tokenizer.ggml.merges", .strings(["H e", "l l", "Ġ w", "He ll"])),
      ("tokenizer.ggml.bos_token_id", .uint32(0)),
      ("tokenizer.ggml.eos_token_id", .uint32(0)),
    ],
    tensors: [
      ("output_norm.weight", [4], 0, (0..<16).map { UInt8($0 * 11 & 0xFF) }),
      ("f16", [2], 1, [0, 60, 0, 188]),
      ("q4_0", [32], 2, [0, 56] + (0..<16).map { UInt8($0 * 17 & 0xFF) }),
      ("q4_1", [32], 3, [0, 56, 0, 184] + (0..<16).map { UInt8($0 * 13 & 0xFF) }),
      ("q8_0", [32], 8, [0, 48] + (0..<32).map { UInt8($0 * 5 & 0xFF) }),
    ]))

import TensorCore

/// A BERT-family encoder with hand-written layers on OpenBLAS.
// N packed rows, D hidden, F intermediate, L layers
public final class BertEncoder {
  public let config: BertConfig
  public let embeddings: Embeddings
  public let layers: [EncoderLayer]
  /// `pooler.dense` from the checkpoint, when present.
  public let pooler: Linear?

  public init(config: BertConfig, embeddings: Embeddings, layers: [EncoderLayer], pooler: Linear?) {
    self.config = config
    self.embeddings = embeddings
    self.layers = layers
    self.pooler = pooler
  }

  /// Every parameter with its checkpoint name.
  public var parameters: [Parameter] {
    var all = [
      embeddings.word, embeddings.position, embeddings.tokenType, embeddings.norm.gamma,
      embeddings.norm.beta,
    ]
    for layer in layers {
      for linear in layer.linears {
        all.append(linear.weight)
        if let b = linear.bias { all.append(b) }
      }
      all += [layer.attentionNorm.gamma, layer.attentionNorm.beta]
      all += [layer.outputNorm.gamma, layer.outputNorm.beta]
    }
    if let pooler {
      all.append(pooler.weight)
      if let b = pooler.bias { all.append(b) }
    }
    return all
  }

  /// QLoRA: stores every frozen linear weight of the encoder layers as NF4.
  public func quantizeLinearWeights(blockSize: Int) {
    for layer in layers {
      for linear in layer.linears { linear.quantizeWeight(blockSize: blockSize) }
    }
  }

  /// Bytes of all weights as stored (NF4 weights at ½ byte per value plus scales).
  public var weightStorageBytes: Int {
    let linearWeights = Set(layers.flatMap(\.linears).map { ObjectIdentifier($0.weight) })
    let others = parameters.filter { !linearWeights.contains(ObjectIdentifier($0)) }
    return others.reduce(0) { $0 + $1.value.count * 4 }
      + layers.flatMap(\.linears).reduce(0) { $0 + $1.weightStorageBytes }
  }

  /// Inference forward pass over a packed batch: the last hidden state `[N, D]` and, per layer,
  /// the MLP intermediate activations after GELU `[N, F]` for every row (prompt tokens first
  /// when `peft` has prompt tuning; see `SequenceLayout`).
  ///
  /// With `threads > 1` the sequences are split into groups of about equal token counts that run
  /// concurrently (call `BLAS.setThreadCount(1)` first so the groups do not compete for BLAS
  /// threads); results are identical in layout to a single-threaded pass.
  public func forward(_ batch: PackedBatch, peft: PEFTModules? = nil, threads: Int = 1)
    -> EncoderOutput
  {
    let modules = peft ?? PEFTModules(layerCount: layers.count)
    let groups = batch.split(into: threads)
    guard groups.count > 1 else {
      return run(batch, peft: modules, options: EncoderPassOptions()).output
    }
    let parts = Parallel.map(groups.count) {
      run(batch.sequences(groups[$0]), peft: modules, options: EncoderPassOptions()).output
    }
    return EncoderOutput(concatenating: parts)
  }
}

/// The result of an encoder forward pass, in the rows of its `SequenceLayout`.
public struct EncoderOutput: Sendable {
  /// Last hidden state `[N, D]`.
  public var hidden: Tensor
  /// Per layer, the MLP activations after GELU `[N, F]` (zeros for a skipped MLP block).
  public var mlpActivations: [Tensor]

  public init(hidden: Tensor, mlpActivations: [Tensor]) {
    self.hidden = hidden
    self.mlpActivations = mlpActivations
  }

  /// Rows of `parts` one after another (the parts of a split batch, in order).
  public init(concatenating parts: [EncoderOutput]) {
    func concat(_ tensors: [Tensor]) -> Tensor {
      let columns = tensors[0].dim(1)
      var scalars: [Float] = []
      scalars.reserveCapacity(tensors.reduce(0) { $0 + $1.count })
      for t in tensors { scalars += t.scalars }
      return Tensor(shape: [scalars.count / columns, columns], scalars: scalars)
    }
    hidden = concat(parts.map(\.hidden))
    mlpActivations = (0..<parts[0].mlpActivations.count).map { l in
      concat(parts.map { $0.mlpActivations[l] })
    }
  }
}

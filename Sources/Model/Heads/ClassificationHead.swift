import TensorCore

/// BERT's sequence-classification head: the `[CLS]` row through the pooler (`tanh(W_p·h + b_p)`,
/// initialised from the checkpoint's `pooler.dense` when present), dropout, then a linear layer to
/// `classes` logits (one output for regression). Both layers train. Without a pooler the head is
/// `[CLS]` → dropout → linear.
/// How a fresh classifier layer is drawn.
public enum HeadInitialization: String, Sendable, Codable, CaseIterable {
  /// Weight normal(0, 0.02), bias 0 (BERT's initialisation).
  case bert
  /// Weight and bias uniform in ±1/√in (PyTorch's `nn.Linear` default).
  case pytorchLinear = "pytorch-linear"
}

// B sequences, D hidden, C classes
public final class ClassificationHead {
  public let pooler: Linear?
  public let classifier: Linear
  /// Dropout (the encoder's hidden rate) before the linear layer during training.
  public let dropoutBeforeClassifier: Bool
  public var classes: Int { classifier.outFeatures }

  public init(pooler: Linear?, classifier: Linear, dropoutBeforeClassifier: Bool = true) {
    self.pooler = pooler
    self.classifier = classifier
    self.dropoutBeforeClassifier = dropoutBeforeClassifier
  }

  /// A trainable head for `encoder`: the pooler copied from the checkpoint (or drawn like BERT's
  /// initialisation, normal with standard deviation 0.02, when absent) and a fresh classifier
  /// (`.bert`: normal(0, 0.02) weight, zero bias; `.pytorchLinear`: weight and bias uniform in
  /// ±1/√in, PyTorch's `nn.Linear` default).
  public convenience init(
    encoder: BertEncoder, classes: Int, usePooler: Bool = true,
    initialization: HeadInitialization = .bert, dropoutBeforeClassifier: Bool = true, seed: UInt64
  ) {
    let d = encoder.config.hiddenSize
    var g = SplitMix64.stream(seed: seed, label: 0x4845_4144)  // "HEAD"
    func normal(_ shape: [Int]) -> Tensor {
      Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in 0.02 * g.nextNormal() })
    }
    let poolerWeight = encoder.pooler?.weight.value ?? normal([d, d])
    let poolerBias = encoder.pooler?.bias?.value ?? Tensor(zeros: [d])
    func uniform(_ shape: [Int]) -> Tensor {
      let bound = 1 / Float(d).squareRoot()
      return Tensor(
        shape: shape,
        scalars: (0..<shape.reduce(1, *)).map { _ in (2 * g.nextUniform() - 1) * bound })
    }
    let weight: Tensor
    let bias: Tensor
    switch initialization {
    case .bert:
      weight = normal([classes, d])
      bias = Tensor(zeros: [classes])
    case .pytorchLinear:
      weight = uniform([classes, d])
      bias = uniform([classes])
    }
    self.init(
      pooler: usePooler
        ? Linear(
          weight: Parameter(name: "pooler.dense.weight", value: poolerWeight, isTrainable: true),
          bias: Parameter(name: "pooler.dense.bias", value: poolerBias, isTrainable: true)) : nil,
      classifier: Linear(
        weight: Parameter(
          name: "classifier.weight", value: weight, isTrainable: true),
        bias: Parameter(name: "classifier.bias", value: bias, isTrainable: true)
      ), dropoutBeforeClassifier: dropoutBeforeClassifier)
  }

  public var parameters: [Parameter] {
    [pooler?.weight, pooler?.bias, classifier.weight, classifier.bias].compactMap { $0 }
  }

  /// Logits `[B, C]` of the `[CLS]` rows of `hidden[N, D]`.
  public func forward(
    hidden: Tensor, layout: SequenceLayout, dropout: StepDropout?, firstSequence: Int,
    keepCache: Bool
  ) -> (logits: Tensor, cache: ClassificationHeadCache?) {
    let d = classifier.inFeatures
    let b = layout.sequenceCount
    var cls = Tensor(uninitialized: [b, d])
    cls.withUnsafeMutableBufferPointer { cb in
      hidden.withUnsafeBufferPointer { hb in
        for s in 0..<b {
          (cb.baseAddress.unsafelyUnwrapped + s * d).update(
            from: hb.baseAddress.unsafelyUnwrapped + layout.clsRow(s) * d, count: d)
        }
      }
    }
    var pooled = cls
    var mask: [Float]?
    if let pooler {
      cls.withUnsafeBufferPointer { cb in
        pooled.withUnsafeMutableBufferPointer { pb in
          let p = pb.baseAddress.unsafelyUnwrapped
          pooler.forward(cb.baseAddress.unsafelyUnwrapped, ldx: d, rows: b, into: p, ldy: d)
          Activations.tanhForward(p, p, count: b * d)
        }
      }
    }
    var input = pooled
    if dropoutBeforeClassifier, let dropout = dropout?.hidden, dropout.isActive {
      let m = dropout.mask(
        site: DropoutSite.classifier, firstRow: firstSequence, rows: b, columns: d)
      input.withUnsafeMutableBufferPointer { ib in
        m.withUnsafeBufferPointer {
          Dropout.apply(
            $0.baseAddress.unsafelyUnwrapped, to: ib.baseAddress.unsafelyUnwrapped, count: b * d)
        }
      }
      mask = m
    }
    var logits = Tensor(uninitialized: [b, classes])
    input.withUnsafeBufferPointer { ib in
      logits.withUnsafeMutableBufferPointer { lb in
        classifier.forward(
          ib.baseAddress.unsafelyUnwrapped, ldx: d, rows: b, into: lb.baseAddress.unsafelyUnwrapped,
          ldy: classes)
      }
    }
    let cache =
      keepCache
      ? ClassificationHeadCache(cls: cls, pooled: pooled, classifierInput: input, dropoutMask: mask)
      : nil
    return (logits, cache)
  }

  /// From `dLogits[B, C]`, accumulates head gradients and returns `dHidden[N, D]` (non-zero only
  /// at the `[CLS]` rows).
  public func backward(
    _ cache: ClassificationHeadCache, gradLogits: Tensor, layout: SequenceLayout,
    gradients: GradientStore
  ) -> Tensor {
    let d = classifier.inFeatures
    let b = layout.sequenceCount
    var dPooled = Tensor(uninitialized: [b, d])
    var dCLS = Tensor(uninitialized: [b, d])
    var dHidden = Tensor(zeros: [layout.rowCount, d])
    gradLogits.withUnsafeBufferPointer { gb in
      cache.classifierInput.withUnsafeBufferPointer { ib in
        dPooled.withUnsafeMutableBufferPointer { pb in
          let dp = pb.baseAddress.unsafelyUnwrapped
          classifier.backward(
            input: ib.baseAddress, ldx: d, gradOutput: gb.baseAddress.unsafelyUnwrapped,
            ldy: classes, rows: b, gradInput: dp, lddx: d, accumulateInput: false,
            gradients: gradients)
          if let mask = cache.dropoutMask {
            mask.withUnsafeBufferPointer {
              Dropout.apply($0.baseAddress.unsafelyUnwrapped, to: dp, count: b * d)
            }
          }
          guard let pooler else {
            dCLS.withUnsafeMutableBufferPointer {
              $0.baseAddress.unsafelyUnwrapped.update(from: dp, count: b * d)
            }
            return
          }
          cache.pooled.withUnsafeBufferPointer {
            Activations.tanhBackward(
              output: $0.baseAddress.unsafelyUnwrapped, gradOutput: dp, gradInput: dp, count: b * d)
          }
          cache.cls.withUnsafeBufferPointer { cb in
            dCLS.withUnsafeMutableBufferPointer { db in
              pooler.backward(
                input: cb.baseAddress, ldx: d, gradOutput: dp, ldy: d, rows: b,
                gradInput: db.baseAddress.unsafelyUnwrapped, lddx: d, accumulateInput: false,
                gradients: gradients)
            }
          }
        }
      }
    }
    dHidden.withUnsafeMutableBufferPointer { hb in
      dCLS.withUnsafeBufferPointer { db in
        for s in 0..<b {
          (hb.baseAddress.unsafelyUnwrapped + layout.clsRow(s) * d).update(
            from: db.baseAddress.unsafelyUnwrapped + s * d, count: d)
        }
      }
    }
    return dHidden
  }
}

/// What a classification head forward pass keeps for its backward pass.
public struct ClassificationHeadCache {
  var cls: Tensor
  var pooled: Tensor
  var classifierInput: Tensor
  var dropoutMask: [Float]?
}

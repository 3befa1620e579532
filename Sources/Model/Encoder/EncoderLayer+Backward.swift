import TensorCore

extension EncoderLayer {
  /// Backward pass of ``forward``: given `dY[N, D]` (and optionally an extra gradient on the MLP
  /// activations `[N, F]`, e.g. from the density loss), accumulates the gradients of the
  /// parameters `gradients` holds and returns `dX[N, D]` (nil when `needInputGradient` is false).
  public func backward(
    _ cache: EncoderLayerCache, gradOutput: Tensor, gradActivations: Tensor?,
    layout: SequenceLayout, peft: LayerPEFT, needInputGradient: Bool, gradients: GradientStore
  ) -> Tensor? {
    let n = layout.rowCount
    let d = hiddenSize
    let f = intermediateSize
    func ptr(_ t: Tensor) -> UnsafePointer<Float> {
      t.withUnsafeBufferPointer { $0.baseAddress.unsafelyUnwrapped }
    }
    // Keep every cached tensor alive and addressable for the whole pass.
    return withExtendedLifetime(cache) {
      // dz2 = LN2ᵀ(dY)
      var dResidual2 = gradOutput
      dResidual2.withUnsafeMutableBufferPointer { g in
        outputNorm.backward(
          input: ptr(cache.outputResidual), gradOutput: g.baseAddress.unsafelyUnwrapped,
          gradInput: g.baseAddress.unsafelyUnwrapped, rows: n, statistics: cache.outputStatistics,
          gradients: gradients)
      }
      var dNormed1 = dResidual2  // residual path into y1
      var dMLP = dResidual2
      dMLP.withUnsafeMutableBufferPointer { mb in
        let dm = mb.baseAddress.unsafelyUnwrapped
        if let adapter = peft.adapter, let ac = cache.adapter {
          adapter.backward(ac, grad: dm, rows: n, gradients: gradients)
        }
        guard !cache.skippedMLP else { return }
        if let gate = peft.gate, let ungated = cache.ungatedMLPOutput {
          let g = gate.value
          if let gg = gradients.buffer(for: gate.logit) {
            let u = ptr(ungated)
            var dg: Double = 0
            for i in 0..<(n * d) { dg += Double(dm[i]) * Double(u[i]) }
            gg[0] += Float(dg) * g * (1 - g)
          }
          Elementwise.scale(dm, by: g, count: n * d)
        }
        if let mask = cache.mlpOutputMask {
          mask.withUnsafeBufferPointer {
            Dropout.apply($0.baseAddress.unsafelyUnwrapped, to: dm, count: n * d)
          }
        }
        // da = dm·W2 (+ LoRA) (+ extra); du = GELU'(u) ⊙ da; dy1 += du·W1 (+ LoRA)
        var dActivation = gradActivations ?? Tensor(zeros: [n, f])
        dActivation.withUnsafeMutableBufferPointer { ab in
          let da = ab.baseAddress.unsafelyUnwrapped
          let a = ptr(cache.activation)
          projectionBackward(
            .mlpDown, input: a, ldx: f, gradOutput: dm, ldy: d, rows: n, gradInput: da, lddx: f,
            accumulate: true, cache: cache, peft: peft, gradients: gradients)
          GELU.backward(
            input: ptr(cache.preActivation), gradOutput: da, gradInput: da, count: n * f)
          dNormed1.withUnsafeMutableBufferPointer { yb in
            let dy1 = yb.baseAddress.unsafelyUnwrapped
            let y1 = ptr(cache.attentionNormed)
            projectionBackward(
              .mlpUp, input: y1, ldx: d, gradOutput: da, ldy: f, rows: n, gradInput: dy1, lddx: d,
              accumulate: true, cache: cache, peft: peft, gradients: gradients)
          }
        }
      }
      // dz1 = LN1ᵀ(dy1); dx = dz1 + attention path
      dNormed1.withUnsafeMutableBufferPointer { g in
        attentionNorm.backward(
          input: ptr(cache.attentionResidual), gradOutput: g.baseAddress.unsafelyUnwrapped,
          gradInput: g.baseAddress.unsafelyUnwrapped, rows: n,
          statistics: cache.attentionStatistics, gradients: gradients)
      }
      let dResidual1 = dNormed1
      var dh = dResidual1
      var dContext = Tensor(uninitialized: [n, d])
      dh.withUnsafeMutableBufferPointer { hb in
        let dhp = hb.baseAddress.unsafelyUnwrapped
        if let mask = cache.attentionOutputMask {
          mask.withUnsafeBufferPointer {
            Dropout.apply($0.baseAddress.unsafelyUnwrapped, to: dhp, count: n * d)
          }
        }
        dContext.withUnsafeMutableBufferPointer { cb in
          let dc = cb.baseAddress.unsafelyUnwrapped
          let c = ptr(cache.context)
          projectionBackward(
            .attentionOutput, input: c, ldx: d, gradOutput: dhp, ldy: d, rows: n, gradInput: dc,
            lddx: d, accumulate: false, cache: cache, peft: peft, gradients: gradients)
        }
      }
      var dqkv = Tensor(uninitialized: [n, 3 * d])
      dContext.withUnsafeBufferPointer { cb in
        dqkv.withUnsafeMutableBufferPointer { qb in
          attention.contextBackward(
            cache.attention, qkv: ptr(cache.qkv), layout: layout, prefix: peft.prefix,
            gradContext: cb.baseAddress.unsafelyUnwrapped, into: qb.baseAddress.unsafelyUnwrapped,
            gradients: gradients)
        }
      }
      var dx: Tensor? = needInputGradient ? dResidual1 : nil
      let x = ptr(cache.input)
      dqkv.withUnsafeBufferPointer { qb in
        let dq = qb.baseAddress.unsafelyUnwrapped
        func projectAll(_ out: UnsafeMutablePointer<Float>?) {
          for (target, offset) in [(LoRATarget.query, 0), (.key, d), (.value, 2 * d)] {
            projectionBackward(
              target, input: x, ldx: d, gradOutput: dq + offset, ldy: 3 * d, rows: n,
              gradInput: out, lddx: d, accumulate: true, cache: cache, peft: peft,
              gradients: gradients)
          }
        }
        if dx != nil {
          dx?.withUnsafeMutableBufferPointer { projectAll($0.baseAddress.unsafelyUnwrapped) }
        } else {
          projectAll(nil)
        }
      }
      return dx
    }
  }

  /// Backward of one projection and its LoRA (if any): the frozen layer's input gradient written
  /// (or, with `accumulate`, added) into `gradInput`, the LoRA's added to it, and the gradients
  /// of whatever trains.
  func projectionBackward(
    _ target: LoRATarget, input: UnsafePointer<Float>, ldx: Int, gradOutput: UnsafePointer<Float>,
    ldy: Int, rows: Int, gradInput: UnsafeMutablePointer<Float>?, lddx: Int, accumulate: Bool,
    cache: EncoderLayerCache, peft: LayerPEFT, gradients: GradientStore
  ) {
    linear(target).backward(
      input: input, ldx: ldx, gradOutput: gradOutput, ldy: ldy, rows: rows, gradInput: gradInput,
      lddx: lddx, accumulateInput: accumulate, gradients: gradients)
    if let lora = peft.lora[target], let loraCache = cache.lora[target] {
      lora.backward(
        loraCache, gradOutput: gradOutput, ldy: ldy, rows: rows, gradInput: gradInput, lddx: lddx,
        gradients: gradients)
    }
  }
}

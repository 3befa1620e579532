import TensorCore

extension EncoderLayer {
  /// Forward pass over `layout`'s rows: the layer output `[N, D]`, the MLP activations after GELU
  /// `[N, F]` (zeros when the MLP is skipped) and, with `keepCache`, the backward cache.
  public func forward(
    _ x: Tensor, layout: SequenceLayout, peft: LayerPEFT, options o: LayerPassOptions
  ) -> (output: Tensor, activations: Tensor, cache: EncoderLayerCache?) {
    let n = layout.rowCount
    let d = hiddenSize
    let f = intermediateSize
    let l = o.layerIndex
    let keep = o.keepCache
    var loraCaches: [LoRATarget: LoRACache] = [:]
    func lora(
      _ target: LoRATarget, _ input: UnsafePointer<Float>, ldx: Int,
      _ out: UnsafeMutablePointer<Float>, ldy: Int
    ) {
      guard let module = peft.lora[target] else { return }
      loraCaches[target] = module.forward(
        input, ldx: ldx, rows: n, into: out, ldy: ldy, dropout: o.dropout?.rate(module.dropoutRate),
        site: DropoutSite.lora(layer: l, target: target), firstRow: o.firstRow, keepCache: keep)
    }
    func hiddenDropout(_ site: UInt64, _ t: inout Tensor) -> [Float]? {
      guard let dropout = o.dropout?.hidden, dropout.isActive else { return nil }
      let mask = dropout.mask(site: site, firstRow: o.firstRow, rows: n, columns: d)
      t.withUnsafeMutableBufferPointer { tb in
        mask.withUnsafeBufferPointer {
          Dropout.apply(
            $0.baseAddress.unsafelyUnwrapped, to: tb.baseAddress.unsafelyUnwrapped, count: n * d)
        }
      }
      return mask
    }

    // Attention: qkv = x·[Wq;Wk;Wv]ᵀ + b (+ LoRA), ctx = attention(qkv)
    var qkv = Tensor(uninitialized: [n, 3 * d])
    var context = Tensor(uninitialized: [n, d])
    var attentionCache: AttentionCache?
    x.withUnsafeBufferPointer { xb in
      let xp = xb.baseAddress.unsafelyUnwrapped
      qkv.withUnsafeMutableBufferPointer { qb in
        let q = qb.baseAddress.unsafelyUnwrapped
        attention.projections(xp, rows: n, into: q)
        lora(.query, xp, ldx: d, q, ldy: 3 * d)
        lora(.key, xp, ldx: d, q + d, ldy: 3 * d)
        lora(.value, xp, ldx: d, q + 2 * d, ldy: 3 * d)
        context.withUnsafeMutableBufferPointer { cb in
          attentionCache = attention.context(
            qkv: q, layout: layout, prefix: peft.prefix, dropout: o.dropout?.attention,
            site: DropoutSite.attentionProbabilities(layer: l), firstRow: o.firstRow,
            into: cb.baseAddress.unsafelyUnwrapped, keepCache: keep)
        }
      }
    }
    // z1 = x + dropout(ctx·Woᵀ + bo); y1 = LN(z1)
    var residual1 = Tensor(uninitialized: [n, d])
    context.withUnsafeBufferPointer { cb in
      residual1.withUnsafeMutableBufferPointer { rb in
        let c = cb.baseAddress.unsafelyUnwrapped
        let r = rb.baseAddress.unsafelyUnwrapped
        attentionOutput.forward(c, ldx: d, rows: n, into: r, ldy: d)
        lora(.attentionOutput, c, ldx: d, r, ldy: d)
      }
    }
    let mask1 = hiddenDropout(DropoutSite.attentionOutput(layer: l), &residual1)
    var stats1: LayerNormStatistics? = keep ? LayerNormStatistics(rows: 0) : nil
    let normed1 = Self.addAndNormalize(
      &residual1, residual: x, norm: attentionNorm, statistics: &stats1)

    // MLP: a = GELU(y1·W1ᵀ + b1), m = dropout(a·W2ᵀ + b2) · g
    var preActivation = Tensor(zeros: [0])
    var activation: Tensor
    var mlp = Tensor(zeros: [n, d])
    var mask2: [Float]?
    var ungated: Tensor?
    if o.skipMLP {
      activation = Tensor(zeros: [n, f])
    } else {
      var u = Tensor(uninitialized: [n, f])
      normed1.withUnsafeBufferPointer { yb in
        u.withUnsafeMutableBufferPointer { ub in
          let y = yb.baseAddress.unsafelyUnwrapped
          let up = ub.baseAddress.unsafelyUnwrapped
          intermediate.forward(y, ldx: d, rows: n, into: up, ldy: f)
          lora(.mlpUp, y, ldx: d, up, ldy: f)
        }
      }
      if keep {
        activation = Tensor(uninitialized: [n, f])
        u.withUnsafeBufferPointer { ub in
          activation.withUnsafeMutableBufferPointer {
            GELU.forward(
              ub.baseAddress.unsafelyUnwrapped, $0.baseAddress.unsafelyUnwrapped, count: n * f)
          }
        }
        preActivation = u
      } else {
        u.withUnsafeMutableBufferPointer {
          GELU.forward(
            $0.baseAddress.unsafelyUnwrapped, $0.baseAddress.unsafelyUnwrapped, count: n * f)
        }
        activation = u
      }
      activation.withUnsafeBufferPointer { ab in
        mlp.withUnsafeMutableBufferPointer { mb in
          let a = ab.baseAddress.unsafelyUnwrapped
          let m = mb.baseAddress.unsafelyUnwrapped
          output.forward(a, ldx: f, rows: n, into: m, ldy: d)
          lora(.mlpDown, a, ldx: f, m, ldy: d)
        }
      }
      mask2 = hiddenDropout(DropoutSite.mlpOutput(layer: l), &mlp)
      if let gate = peft.gate {
        if keep { ungated = mlp }
        let g = gate.value
        mlp.withUnsafeMutableBufferPointer {
          Elementwise.scale($0.baseAddress.unsafelyUnwrapped, by: g, count: n * d)
        }
      }
    }
    // Adapter on the MLP output, then z2 = y1 + m; y2 = LN(z2)
    var adapterCache: AdapterCache?
    mlp.withUnsafeMutableBufferPointer { mb in
      adapterCache = peft.adapter?.forward(
        mb.baseAddress.unsafelyUnwrapped, rows: n, keepCache: keep)
    }
    var stats2: LayerNormStatistics? = keep ? LayerNormStatistics(rows: 0) : nil
    let out = Self.addAndNormalize(&mlp, residual: normed1, norm: outputNorm, statistics: &stats2)
    guard keep, let attentionCache, let stats1, let stats2 else { return (out, activation, nil) }
    let cache = EncoderLayerCache(
      input: x, qkv: qkv, attention: attentionCache, context: context,
      attentionOutputMask: mask1, attentionResidual: residual1, attentionStatistics: stats1,
      attentionNormed: normed1, preActivation: preActivation, activation: activation,
      mlpOutputMask: mask2, ungatedMLPOutput: ungated, adapter: adapterCache,
      outputResidual: mlp, outputStatistics: stats2, lora: loraCaches, skippedMLP: o.skipMLP)
    return (out, activation, cache)
  }

  /// `z += residual` in place (z becomes the LayerNorm input the backward pass needs), then
  /// `LN(z)` as a new tensor; fills `statistics` when given.
  static func addAndNormalize(
    _ z: inout Tensor, residual: Tensor, norm: LayerNorm, statistics: inout LayerNormStatistics?
  ) -> Tensor {
    let rows = z.dim(0)
    var out = Tensor(uninitialized: z.shape)
    z.withUnsafeMutableBufferPointer { zb in
      let zp = zb.baseAddress.unsafelyUnwrapped
      residual.withUnsafeBufferPointer {
        Elementwise.add($0.baseAddress.unsafelyUnwrapped, into: zp, count: zb.count)
      }
      out.withUnsafeMutableBufferPointer {
        norm.forward(
          zp, into: $0.baseAddress.unsafelyUnwrapped, rows: rows, statistics: &statistics)
      }
    }
    return out
  }
}

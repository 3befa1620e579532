import TensorCore
import Testing
import Training

@Suite struct AdamWTests {
  /// Two steps at lr 0.01, weight decay 0.01, computed by hand / NumPy in float64:
  /// step 1: p = 0.5·(1 − 1e-4) − 0.01·m̂/(√v̂ + ε) with m̂ = g, v̂ = g², so each non-zero-gradient
  /// weight moves by 0.01 against the sign of its gradient.
  @Test func twoStepsMatchHandComputation() {
    let w = Parameter(
      name: "lora.A", value: Tensor(shape: [3], scalars: [0.5, -1.0, 2.0]), isTrainable: true)
    let frozen = Parameter(name: "base", value: Tensor(shape: [2], scalars: [1, 2]))
    let optimizer = AdamW(parameters: [w, frozen])
    #expect(optimizer.parameters.map(\.name) == ["lora.A"])
    w.gradient = Tensor(shape: [3], scalars: [0.1, -0.2, 0.0])
    optimizer.step(learningRate: 0.01)
    expectClose(w.value.scalars, [0.4899500010, -0.9899000005, 1.9998000000], 1e-6)
    w.gradient = Tensor(shape: [3], scalars: [-0.3, 0.4, 1.0])
    optimizer.step(learningRate: 0.01)
    expectClose(w.value.scalars, [0.4948429041, -0.9934620457, 1.9921586519], 1e-6)
    #expect(optimizer.stepCount == 2)
    #expect(frozen.value.scalars == [1, 2])
    let state = Dictionary(
      uniqueKeysWithValues: optimizer.stateTensors().map { ($0.name, $0.tensor) })
    expectClose(state["adamw.exp_avg.lora.A"]?.scalars ?? [], [-0.021, 0.022, 0.1], 1e-7)
    // 1 − β2 in Float is 0.00100005, hence the looser tolerance.
    expectClose(
      state["adamw.exp_avg_sq.lora.A"]?.scalars ?? [], [9.999e-05, 0.00019996, 0.001], 2e-8)
  }

  @Test func noDecayByName() {
    let bias = Parameter(
      name: "classifier.bias", value: Tensor(shape: [1], scalars: [1]), isTrainable: true)
    let weight = Parameter(
      name: "classifier.weight", value: Tensor(shape: [1], scalars: [1]), isTrainable: true)
    let optimizer = AdamW(
      parameters: [bias, weight],
      configuration: AdamWConfiguration(
        weightDecay: 0.5, noDecayNameSubstrings: AdamWConfiguration.biasAndLayerNormSubstrings))
    #expect(optimizer.decays == [false, true])
    optimizer.step(learningRate: 0.1)  // zero gradients: only the decay moves weights
    #expect(bias.value.scalars == [1])
    #expect(abs(weight.value.scalars[0] - 0.95) < 1e-7)
  }

  @Test func deterministicAndRestorable() throws {
    func run(steps: Int) -> (Parameter, AdamW) {
      let p = Parameter(
        name: "p", value: Tensor(shape: [4], scalars: [1, 2, 3, 4]), isTrainable: true)
      let o = AdamW(parameters: [p])
      for s in 0..<steps {
        p.gradient = Tensor(shape: [4], scalars: [0.1, -0.2, 0.3, Float(s)])
        o.step(learningRate: 1e-2)
      }
      return (p, o)
    }
    let (a, optimizerA) = run(steps: 3)
    let (b, _) = run(steps: 3)
    #expect(a.value == b.value)
    // Restoring the state of step 3 into a fresh optimiser continues identically.
    let (c, optimizerC) = run(steps: 0)
    c.value = a.value
    try optimizerC.restoreState(
      stepCount: 3,
      tensors: Dictionary(
        uniqueKeysWithValues: optimizerA.stateTensors().map { ($0.name, $0.tensor) }),
      path: "mem")
    for (p, o) in [(a, optimizerA), (c, optimizerC)] {
      p.gradient = Tensor(shape: [4], scalars: [1, 1, 1, 1])
      o.step(learningRate: 1e-2)
    }
    #expect(a.value == c.value)
  }
}

@Suite struct LinearScheduleTests {
  @Test func boundaries() {
    // 100 steps, 6 % warm-up → 6 warm-up steps (HF rounds up).
    let s = LinearSchedule(peakLearningRate: 3e-4, totalSteps: 100, warmupFraction: 0.06)
    #expect(s.warmupSteps == 6)
    #expect(s.learningRate(atStep: 0) == 0)
    #expect(abs(s.learningRate(atStep: 3) - 1.5e-4) < 1e-10)
    #expect(s.learningRate(atStep: 6) == 3e-4)
    #expect(abs(s.learningRate(atStep: 53) - 1.5e-4) < 1e-10)
    #expect(abs(s.learningRate(atStep: 99) - 3e-4 / 94) < 1e-11)
    #expect(s.learningRate(atStep: 100) == 0)
    #expect(s.learningRate(atStep: 150) == 0)
    #expect(
      LinearSchedule(peakLearningRate: 1, totalSteps: 10, warmupFraction: 0.05).warmupSteps == 1)
    let noWarmup = LinearSchedule(peakLearningRate: 1, totalSteps: 4, warmupSteps: 0)
    #expect((0...4).map { noWarmup.learningRate(atStep: $0) } == [1, 0.75, 0.5, 0.25, 0])
  }
}

@Suite struct GradientClippingTests {
  @Test func clipsByGlobalNorm() {
    let a = Parameter(name: "a", value: Tensor(zeros: [2]), isTrainable: true)
    let b = Parameter(name: "b", value: Tensor(zeros: [1]), isTrainable: true)
    a.gradient = Tensor(shape: [2], scalars: [3, 0])
    b.gradient = Tensor(shape: [1], scalars: [4])
    let frozen = Parameter(name: "f", value: Tensor(zeros: [1]))
    #expect(GradientClipping.globalNorm([a, b, frozen]) == 5)
    let norm = GradientClipping.clipGlobalNorm([a, b, frozen], maxNorm: 1)
    #expect(norm == 5)
    expectClose(a.gradient?.scalars ?? [], [0.6, 0], 1e-6)
    expectClose(b.gradient?.scalars ?? [], [0.8], 1e-6)
    // Below the limit nothing changes.
    let before = a.gradient
    #expect(GradientClipping.clipGlobalNorm([a, b], maxNorm: 10) < 1.0001)
    #expect(a.gradient == before)
  }
}

func expectClose(
  _ actual: [Float], _ expected: [Double], _ tolerance: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, sourceLocation: sourceLocation)
  for (a, e) in zip(actual, expected) {
    #expect(abs(Double(a) - e) <= tolerance, "\(a) vs \(e)", sourceLocation: sourceLocation)
  }
}

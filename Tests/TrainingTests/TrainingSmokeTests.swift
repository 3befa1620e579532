import Testing
import Training

@Test func TrainingModuleLoads() {
  #expect(Bool(true))
}

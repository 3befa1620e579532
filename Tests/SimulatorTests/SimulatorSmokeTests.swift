import Simulator
import Testing

@Test func SimulatorModuleLoads() {
  #expect(Bool(true))
}

import DeftSimCommands
import Testing

@Test func DeftSimCommandsModuleLoads() {
  #expect(Bool(true))
}

import Sweep
import Testing

struct ShardSelectionTests {
  @Test func flagWinsOverTheEnvironment() throws {
    let shard = try ShardSelection.resolve(
      flag: "2/5", shardsFlag: nil,
      environment: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "4"])
    #expect(shard == ShardSelection(index: 2, count: 5, source: "--shard"))
  }

  @Test func slurmArrayIndexFromItsMinimum() throws {
    let shard = try ShardSelection.resolve(
      flag: nil, shardsFlag: nil,
      environment: [
        "SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "1",
      ])
    #expect(shard.index == 2 && shard.count == 4)
  }

  @Test func indexedJobNeedsACount() throws {
    #expect(throws: ShardSelectionError.self) {
      try ShardSelection.resolve(
        flag: nil, shardsFlag: nil, environment: ["JOB_COMPLETION_INDEX": "1"])
    }
    let fromFlag = try ShardSelection.resolve(
      flag: nil, shardsFlag: 3, environment: ["JOB_COMPLETION_INDEX": "1"])
    #expect(fromFlag.index == 1 && fromFlag.count == 3)
    let fromEnvironment = try ShardSelection.resolve(
      flag: nil, shardsFlag: nil,
      environment: ["JOB_COMPLETION_INDEX": "0", "DEFT_SIM_SWEEP_SHARDS": "2"])
    #expect(fromEnvironment.index == 0 && fromEnvironment.count == 2)
  }

  @Test func malformedShardsAreErrors() {
    for flag in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3"] {
      #expect(throws: ShardSelectionError.self) {
        try ShardSelection.resolve(flag: flag, shardsFlag: nil, environment: [:])
      }
    }
    #expect(throws: ShardSelectionError.self) {
      try ShardSelection.resolve(
        flag: nil, shardsFlag: nil, environment: ["SLURM_ARRAY_TASK_ID": "0"])
    }
  }

  @Test func defaultIsTheWholeGrid() throws {
    let shard = try ShardSelection.resolve(flag: nil, shardsFlag: nil, environment: [:])
    #expect(shard.index == 0 && shard.count == 1)
    #expect(shard.range(points: 7) == 0..<7)
  }

  @Test func rangesCoverEveryPointOnce() {
    for points in [0, 1, 5, 24, 1000] {
      for count in 1...9 {
        let ranges = (0..<count).map {
          ShardSelection(index: $0, count: count, source: "t").range(points: points)
        }
        #expect(ranges.flatMap { Array($0) } == Array(0..<points))
      }
    }
  }
}

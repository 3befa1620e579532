import Model

extension TrainingRun {
  /// The distillation teacher: the model a finished run's checkpoint was trained as, sharing the
  /// student's frozen encoder. Rejected before training when it cannot serve as a teacher.
  static func loadTeacher(
    _ d: DistillationLoss, encoder: BertEncoder, task: TrainingTask, student: TrainingConfiguration
  ) throws(TrainingRunError) -> TaskModel {
    let path = d.teacherCheckpoint
    let file: CheckpointFile
    do throws(CheckpointError) { file = try CheckpointFile.read(path: path) } catch {
      throw .checkpoint(error)
    }
    let saved = try checkpointMetadata(file, path: path).configuration
    guard saved.task == student.task else {
      throw .checkpointMismatch(path: path, key: "task", expected: student.task, found: saved.task)
    }
    guard case .classification = task.headKind else {
      throw .configuration(["distillation needs a classification task, not \(student.task)"])
    }
    guard saved.peft.method != .qlora, student.peft.method != .qlora else {
      throw .configuration([
        "distillation shares the frozen encoder between teacher and student: QLoRA is not supported"
      ])
    }
    let teacher = TaskModel(
      encoder: encoder, task: task, configuration: saved.peft, seed: saved.seed,
      usePooler: saved.usesPooler, recipe: saved.resolvedRecipe)
    do throws(CheckpointError) {
      try file.apply(to: teacher.trainableParameters, path: path)
    } catch { throw .checkpoint(error) }
    for p in teacher.trainableParameters { p.isTrainable = false }
    return teacher
  }
}

import Reports

/// The front file of `demo --front` and `report --front`: a given path (must load), else for the
/// demo the checkout's cached SST-2 front (omitted with a note when the checkout has none).
/// Loaded before anything trains or replays, so a malformed file fails early.
enum CachedFrontFile {
  /// A loaded front, or why the section is left out.
  enum Loaded {
    case front(FrontReport, source: String)
    case omitted(note: String)

    /// `["--front", FILE]` for the reproduce command.
    var sourceArguments: [String]? {
      if case .front(_, let source) = self { return ["--front", source] }
      return nil
    }
  }

  /// `explicit` if given, else (when `searchDefault`) ``DemoDefaults/frontFile`` found as
  /// `hwconfigs/` is; nil when there is nothing to show and no note to give.
  static func load(explicit: String?, searchDefault: Bool) throws -> Loaded? {
    let path: String
    if let explicit {
      path = explicit
    } else if searchDefault {
      guard let found = CheckoutPath.find(DemoDefaults.frontFile, isDirectory: false) else {
        return .omitted(
          note: "Front section omitted: no \(DemoDefaults.frontFile) found in the checkout "
            + "(pass --front FILE, e.g. a sweep's front.json).")
      }
      path = found
    } else {
      return nil
    }
    do throws(FrontFileError) {
      return .front(try FrontReport.load(path: path), source: CheckoutPath.display(path))
    } catch {
      throw CommandFailure(error)
    }
  }

  /// Puts the front (or the note) into `report`.
  static func attach(_ loaded: Loaded?, to report: inout ComparisonReport) {
    switch loaded {
    case .front(let front, let source): report.attachFront(front, source: source)
    case .omitted(let note): report.frontNote = note
    case nil: break
    }
  }
}

/// The version string written into trace headers and reports.
public enum ToolVersion {
  public static let current = "0.1.0"
}

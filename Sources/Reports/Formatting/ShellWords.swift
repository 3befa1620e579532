/// Quotes command-line words for POSIX shells, so "how to reproduce" commands run as written.
public enum ShellWords {
  /// `word` unchanged when it only holds safe characters, else in single quotes.
  public static func quote(_ word: String) -> String {
    let safe = word.allSatisfy {
      $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0))
    }
    if safe && !word.isEmpty { return word }
    return "'"
      + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''")
      + "'"
  }

  /// The words joined into one command line.
  public static func join(_ words: [String]) -> String {
    words.map(quote).joined(separator: " ")
  }
}

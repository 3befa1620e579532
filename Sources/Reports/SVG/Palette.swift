/// The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"): eight colours that stay
/// distinguishable under the common colour-vision deficiencies. Charts also vary marker shapes,
/// so colour is never the only cue.
public enum Palette {
  public static let blue = "#0072B2"
  public static let vermillion = "#D55E00"
  public static let bluishGreen = "#009E73"
  public static let orange = "#E69F00"
  public static let skyBlue = "#56B4E9"
  public static let reddishPurple = "#CC79A7"
  public static let yellow = "#F0E442"
  public static let black = "#000000"
  /// Neutral grey for baselines (the dense reference), not part of the palette proper.
  public static let grey = "#999999"

  /// The palette in the order series get it (yellow late: weakest contrast on white).
  public static let okabeIto = [
    blue, vermillion, bluishGreen, orange, skyBlue, reddishPurple, black, yellow,
  ]

  /// The colour of series `index`, cycling through ``okabeIto``.
  public static func colour(_ index: Int) -> String {
    okabeIto[((index % okabeIto.count) + okabeIto.count) % okabeIto.count]
  }
}

/// Software `pext`: gathers the bits of a word selected by a fixed mask into its low bits
/// (Hacker's Delight, 2nd ed., 7-4 "compress", with the six move masks precomputed per mask), so
/// compressing a word costs 6 shift/and/or steps whatever the mask.
struct BitCompress {
  let mask: UInt64
  let count: Int
  private let moves: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

  init(mask: UInt64) {
    self.mask = mask
    count = mask.nonzeroBitCount
    var m = mask
    var mk = ~m << 1
    func step(_ i: Int) -> UInt64 {
      var mp = mk ^ (mk << 1)
      mp ^= mp << 2
      mp ^= mp << 4
      mp ^= mp << 8
      mp ^= mp << 16
      mp ^= mp << 32
      let mv = mp & m
      m = (m ^ mv) | (mv >> UInt64(1 << i))
      mk &= ~mp
      return mv
    }
    let m0 = step(0)
    let m1 = step(1)
    let m2 = step(2)
    let m3 = step(3)
    let m4 = step(4)
    let m5 = step(5)
    moves = (m0, m1, m2, m3, m4, m5)
  }

  /// The bits of `x` at the mask's positions, packed into the low `count` bits.
  @inline(__always)
  func apply(_ word: UInt64) -> UInt64 {
    var x = word & mask
    var t = x & moves.0
    x = (x ^ t) | (t >> 1)
    t = x & moves.1
    x = (x ^ t) | (t >> 2)
    t = x & moves.2
    x = (x ^ t) | (t >> 4)
    t = x & moves.3
    x = (x ^ t) | (t >> 8)
    t = x & moves.4
    x = (x ^ t) | (t >> 16)
    t = x & moves.5
    x = (x ^ t) | (t >> 32)
    return x
  }
}

/// ORs the low `width` bits of `bits` into `words` at bit offset `offset`.
@inline(__always)
func place(
  _ bits: UInt64, width: Int, at offset: Int, into words: UnsafeMutableBufferPointer<UInt64>
) {
  guard width > 0, bits != 0 else { return }
  words[offset >> 6] |= bits << UInt64(offset & 63)
  if offset & 63 != 0 && (offset & 63) + width > 64 {
    words[(offset >> 6) + 1] |= bits >> UInt64(64 - (offset & 63))
  }
}

"""Reference reader for deft-sim trace files (docs/trace-format.md), format versions 1 and 2.

Needs `pip install zstandard numpy`. Verifies every checksum and length like the Swift reader.
"""
import json
import struct
import sys
import zlib

import numpy as np
import zstandard

MAGIC = b"\x89DTR\r\n\x1a\n"


def decompress_frames(data: bytes) -> bytes:
    """The concatenation of one or more zstd frames."""
    out = []
    while data:
        d = zstandard.ZstdDecompressor().decompressobj()
        out.append(d.decompress(data))
        data = d.unused_data
    return b"".join(out)


def decode_mask(encoding: int, raw: bytes, tokens: int, units: int) -> np.ndarray:
    """One layer's mask as a bool array [tokens, units]."""
    words = (units + 63) // 64
    if encoding in (0, 1):  # raw words / complemented words
        w = np.frombuffer(raw, dtype="<u8").reshape(tokens, words)
        bits = np.unpackbits(w.view(np.uint8).reshape(tokens, words * 8), axis=1, bitorder="little")
        mask = bits[:, :units].astype(bool)
        return ~mask if encoding == 1 else mask
    flat = np.zeros(tokens * units, dtype=bool)  # 2: set-bit gaps, 3: clear-bit gaps
    pos = 0
    for b in raw:
        if b == 255:
            pos += 255
            continue
        pos += b
        flat[pos] = True
        pos += 1
    flat = flat.reshape(tokens, units)
    return ~flat if encoding == 3 else flat


def read_trace(path: str):
    """Yields the header dict, then (sequence_index, [mask per layer], values or None, v2) per
    record; v2 is None in version 1, else {"phase": 0|1|2, "cross": X, "contexts": [per token]}."""
    with open(path, "rb") as f:
        pre = f.read(16)
        assert pre[:8] == MAGIC, "not a deft-sim trace"
        version, header_len = struct.unpack("<II", pre[8:])
        assert version in (1, 2), f"unsupported format version {version}"
        header_json = f.read(header_len)
        (crc,) = struct.unpack("<I", f.read(4))
        assert zlib.crc32(pre + header_json) == crc, "header checksum"
        header = json.loads(header_json)
        yield header
        index = 0
        while True:
            tag = f.read(4)
            if tag == b"TEND":
                rest = f.read(12)
                count, crc = struct.unpack("<QI", rest)
                assert zlib.crc32(tag + rest[:8]) == crc and count == index, "end marker"
                assert f.read(1) == b"", "bytes after the end marker"
                return
            assert tag == b"RCRD", f"truncated or damaged at record {index}"
            fh = f.read(16)
            frame_index, clen, ulen, crc = struct.unpack("<IIII", fh)
            data = f.read(clen)
            assert len(data) == clen, f"truncated record {index}"
            assert zlib.crc32(data, zlib.crc32(tag + fh[:12])) == crc, f"record {index} checksum"
            assert frame_index == index
            payload = decompress_frames(data)
            assert len(payload) == ulen
            seq, tokens, layers, units, flags = struct.unpack_from("<qIIII", payload, 0)
            cur, masks, v2 = 24, [], None
            if version == 2:
                phase, cross = struct.unpack_from("<II", payload, 24)
                contexts = list(struct.unpack_from(f"<{tokens}I", payload, 32))
                v2, cur = {"phase": phase, "cross": cross, "contexts": contexts}, 32 + 4 * tokens
            for _ in range(layers):
                encoding, n = struct.unpack_from("<II", payload, cur)
                masks.append(decode_mask(encoding, payload[cur + 8 : cur + 8 + n], tokens, units))
                cur += 8 + n
            values = None
            if flags & 1:
                values = []
                for _ in range(layers):
                    (n,) = struct.unpack_from("<I", payload, cur)
                    values.append(np.frombuffer(payload[cur + 4 : cur + 4 + n], dtype=np.int8))
                    cur += 4 + n
            assert cur == ulen
            yield seq, masks, values, v2
            index += 1


if __name__ == "__main__":
    it = read_trace(sys.argv[1])
    header = next(it)
    nonzero = total = records = 0
    for seq, masks, values, _ in it:
        records += 1
        nonzero += sum(int(m.sum()) for m in masks)
        total += sum(m.size for m in masks)
    model = header.get("model") or header["architecture"]["name"]
    print(f"{model} records={records} density={nonzero / max(total, 1):.4f}")

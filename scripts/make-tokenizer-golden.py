#!/usr/bin/env python3
"""Regenerates Tests/ModelTests/Fixtures/tokenizer-golden.json with Hugging Face `tokenizers`
(the Rust implementation behind BertTokenizerFast), from the model's own tokenizer.json.

Usage: pip install tokenizers && python3 scripts/make-tokenizer-golden.py [DATA_DIR]
"""
import json, random, sys, os
from tokenizers import Tokenizer

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data")
tok = Tokenizer.from_file(os.path.join(root, ".cache/model/tokenizer.json"))
tok.no_padding()

def rows(path, cols, skip_header=True):
    with open(path, encoding="utf-8") as f:
        lines = f.read().lstrip("\ufeff").split("\n")
    if skip_header: lines = lines[1:]
    out = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) > max(cols): out.append(tuple(parts[c] for c in cols))
    return out

rng = random.Random(7)
singles = [r[0] for r in rng.sample(rows(f"{data}/glue/SST-2/dev.tsv", [0]), 60)]
singles += [r[0] for r in rng.sample(rows(f"{data}/glue/CoLA/dev.tsv", [3], False), 30)]
singles += [
    "Naïve café owners' résumés — déjà vu!", "北京欢迎你 and 東京", "ÅNGSTRÖM Ωmega ǅ",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp", "zero\u200bwidth and \u0000 null \ufffd repl",
    "emoji 😀 and ✨ sparkles", "a" * 120, "supercalifragilisticexpialidocious" * 3,
    "hyphen-ated, under_score; (paren) [brack] {brace} ~tilde~ `back` \"quote\"",
    "Ünïcödé ÇÀÉÎÕÜ ßtraße", "", "   ", "1,234.56 $7 £8 €9 ¥10 100%",
]
pairs = [tuple(r) for r in rng.sample(rows(f"{data}/glue/MRPC/dev.tsv", [3, 4]), 30)]
pairs += [tuple(r) for r in rng.sample(rows(f"{data}/glue/RTE/dev.tsv", [1, 2]), 20)]
pairs += [tuple(r) for r in rng.sample(rows(f"{data}/glue/QNLI/dev.tsv", [1, 2]), 20)]

cases = []
for max_len in [None, 16, 33]:
    for s in singles:
        tok.no_truncation() if max_len is None else tok.enable_truncation(max_len)
        e = tok.encode(s)
        cases.append({"a": s, "b": None, "max_length": max_len, "ids": e.ids, "types": e.type_ids})
    for a, b in pairs:
        tok.no_truncation() if max_len is None else tok.enable_truncation(max_len, strategy="longest_first")
        e = tok.encode(a, b)
        cases.append({"a": a, "b": b, "max_length": max_len, "ids": e.ids, "types": e.type_ids})

out = os.path.join(root, "Tests/ModelTests/Fixtures/tokenizer-golden.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"generator": "tokenizers " + __import__("tokenizers").__version__,
               "cases": cases}, f, ensure_ascii=False, separators=(",", ":"))
print(f"wrote {len(cases)} cases to {out}")

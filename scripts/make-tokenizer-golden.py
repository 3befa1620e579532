#!/usr/bin/env python3
"""Regenerates the tokenizer fixtures in Tests/ModelTests/Fixtures with Hugging Face `tokenizers`
(the Rust implementation behind BertTokenizerFast), from the model's own tokenizer.json:

- tokenizer-golden.json: ids and type ids of GLUE sentences, pairs, truncation, tricky Unicode.
- tokenizer-offsets-golden.json: ids and offsets (Python str indices = Unicode scalar offsets into
  the original text) of SQuAD dev contexts and questions and tricky strings.
- squad-features-golden.json: SQuAD dev windows as HF run_qa makes them (only_second truncation,
  stride, return_overflowing_tokens): the feature count of every dev question at 384/128, and
  for a sample at 128/32 each window's length, context character span, answer token positions
  (the first answer, run_qa's rule; 0/0 = [CLS] when not fully inside) and, for a few, the ids.

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


# --- Offsets (tokenizer-offsets-golden.json) -------------------------------------------------
with open(f"{data}/squad/dev-v1.1.json", encoding="utf-8") as f:
    squad = json.load(f)["data"]
squad_examples = [(p["context"], q["question"], q["answers"]) for a in squad
                  for p in a["paragraphs"] for q in p["qas"]]
contexts = list(dict.fromkeys(c for c, _, _ in squad_examples))
orng = random.Random(11)
offset_texts = orng.sample(contexts, 16) + [q for _, q, _ in orng.sample(squad_examples, 40)]
offset_texts += [c for c in contexts if any(ord(ch) > 127 for ch in c)][:4]
offset_texts += [
    "Naïve café owners' résumés — déjà vu!", "e\u0301te\u0301 cafe\u0301 and a\u0308\u0301b",
    "北京欢迎你 and 東京, 豈x \uf900", "ÅNGSTRÖM Ωmega ǅungla ΟΔΟΣ ὈΔΌΣ",
    "tabs\tand\nnewlines\r\nand\u00a0nbsp\u2003em", "zero\u200bwidth ab\u200b \u200bcd and \u0000 null \ufffd repl",
    "x\u0000y \u0007bell\u001b esc \u00adsoft\u00adhyphen", "emoji 😀 and ✨ sparkles 👩\u200d💻 🇫🇷",
    "a" * 100, "b" * 101, "é" * 101, "supercalifragilisticexpialidocious" * 3,
    "hyphen-ated, under_score; (paren) [brack] {brace} ~tilde~ `back` \"quote\" a\u1fefb",
    "Ünïcödé ÇÀÉÎÕÜ ßtraße İstanbul ﬁne ǆ", "", "   ", "\u0301\u0301 lone marks", "1,234.56 $7 £8 €9 ¥10 100%",
    "한국어 텍스트", "हिन्दी भाषा", "العَرَبِيَّة", "ภาษาไทย", "Ελληνικά ἄλφα", "Привет, мир! Ёж",
    "end with accent é", "## ##ing [ UNK ]", "«guillemets» „quotes“ ‘single’ …",
    "Nikola Tesla (Serbian Cyrillic: Никола Тесла; 10 July 1856 – 7 January 1943)",
]
offset_cases = []
tok.no_truncation()
for s in offset_texts:
    e = tok.encode(s, add_special_tokens=False)
    offset_cases.append({"text": s, "ids": e.ids, "offsets": [x for o in e.offsets for x in o]})
out = os.path.join(root, "Tests/ModelTests/Fixtures/tokenizer-offsets-golden.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"generator": "tokenizers " + __import__("tokenizers").__version__,
               "unit": "Unicode scalars (Python str indices) of the original text",
               "cases": offset_cases}, f, ensure_ascii=False, separators=(",", ":"))
print(f"wrote {len(offset_cases)} offset cases to {out}")

# --- SQuAD windows (squad-features-golden.json) ----------------------------------------------
def windows(question, context, max_length, stride):
    """HF run_qa prepare_train_features for one question (pad_on_right, no padding)."""
    tok.no_padding()
    tok.enable_truncation(max_length, stride=stride, strategy="only_second")
    e = tok.encode(question.lstrip(), context)
    return [e] + e.overflowing

def run_qa_positions(f, answers):
    offsets, seq = f.offsets, f.sequence_ids
    start_char = answers[0]["answer_start"]
    end_char = start_char + len(answers[0]["text"])
    ts = 0
    while seq[ts] != 1: ts += 1
    te = len(f.ids) - 1
    while seq[te] != 1: te -= 1
    if not (offsets[ts][0] <= start_char and offsets[te][1] >= end_char):
        return 0, 0
    while ts < len(offsets) and offsets[ts][0] <= start_char: ts += 1
    while offsets[te][1] >= end_char: te -= 1
    return ts - 1, te + 1

counts = "".join(str(len(windows(q, c, 384, 128))) for c, q, _ in squad_examples)
frng = random.Random(13)
sample = sorted(frng.sample(range(len(squad_examples)), 60))
long_ones = [i for i, (c, _, _) in enumerate(squad_examples) if len(c) > 3000][:6]
sample = sorted(set(sample + long_ones))
detailed = []
for k, i in enumerate(sample):
    c, q, answers = squad_examples[i]
    feats = []
    for f in windows(q, c, 128, 32):
        ctx = [j for j, s in enumerate(f.sequence_ids) if s == 1]
        start, end = run_qa_positions(f, answers)
        row = {"length": len(f.ids), "context_chars": [f.offsets[ctx[0]][0], f.offsets[ctx[-1]][1]],
               "start_position": start, "end_position": end}
        if k < 6: row["ids"] = f.ids
        feats.append(row)
    detailed.append({"example_index": i, "features": feats})
out = os.path.join(root, "Tests/ModelTests/Fixtures/squad-features-golden.json")
with open(out, "w", encoding="utf-8") as f:
    json.dump({"generator": "tokenizers " + __import__("tokenizers").__version__,
               "dev_feature_counts_384_128": counts,
               "dev_feature_total_384_128": sum(int(ch) for ch in counts),
               "sample_128_32": detailed}, f, ensure_ascii=False, separators=(",", ":"))
print(f"wrote {sum(int(ch) for ch in counts)} dev feature counts and {len(detailed)} samples to {out}")

#!/usr/bin/env python3
"""Checks `deft-sim encode --model DIR` on a Hugging Face Llama directory against the SmolLM2
golden (../shared/fixtures/smollm2-hf-golden.json), with the tolerances of the GGUF path's test:
token ids equal, last-position logits within 1e-3 (max abs), argmax equal, per-layer sums and sums
of squares of gate_act and down_input within 1e-3 relative (plain cases; the golden's chat-case
statistics are those of its last decode step). With --make, first writes DIR from the GGUF with
transformers (needs torch, transformers, gguf; never part of `make test`)."""
import argparse, json, subprocess, sys


def make(directory, gguf_dir, gguf_file):
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    torch.set_num_threads(1)
    m = AutoModelForCausalLM.from_pretrained(gguf_dir, gguf_file=gguf_file, dtype=torch.float32)
    config = m.config
    if hasattr(config, "quantization_config"):  # a GGUF-loaded model refuses save_pretrained
        del config.quantization_config
    plain = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    plain.load_state_dict(m.state_dict(), strict=True)
    plain.save_pretrained(directory, safe_serialization=True)
    AutoTokenizer.from_pretrained(gguf_dir, gguf_file=gguf_file).save_pretrained(directory)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, help="the Hugging Face Llama directory")
    p.add_argument("--deft-sim", default=".build/release/deft-sim")
    p.add_argument("--golden", default="../shared/fixtures/smollm2-hf-golden.json")
    p.add_argument("--make", action="store_true", help="write --model from the GGUF first")
    p.add_argument("--gguf-dir", default=".cache/smollm2")
    p.add_argument("--gguf-file", default="SmolLM2-135M-Instruct.Q4_1.gguf")
    a = p.parse_args()
    if a.make:
        make(a.model, a.gguf_dir, a.gguf_file)
    golden = json.load(open(a.golden))["cases"]
    worst_logit, worst_rel, failures = 0.0, 0.0, 0
    for case in golden:
        command = [a.deft_sim, "encode", "--model", a.model, "--text", case["text"], "--json"]
        if case["kind"] == "chat":
            command.append("--chat")
        out = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        ok = out["input_ids"] == case["input_ids"]
        logit = max(abs(x - y) for x, y in zip(out["logits_last_first8"], case["logits_last_first8"]))
        ok &= logit <= 1e-3 and out["logits_last_argmax"] == case["logits_last_argmax"]
        worst_logit = max(worst_logit, logit)
        if case["kind"] == "plain":
            for mine, theirs in zip(out["layers"], case["layers"]):
                for key in ("gate_act", "down_input"):
                    for stat in ("sum", "sumsq"):
                        x, y = mine[key][stat], theirs[key][stat]
                        rel = abs(x - y) / max(abs(y), 1e-9)
                        worst_rel = max(worst_rel, rel)
                        ok &= rel <= 1e-3
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {case['kind']:5} ids {'equal' if out['input_ids'] == case['input_ids'] else 'DIFFER'}"
              f"  max|Δlogit| {logit:.2e}  {case['text'][:40]!r}")
    print(f"worst logit error {worst_logit:.2e} (limit 1e-3), worst per-layer relative error "
          f"{worst_rel:.2e} (limit 1e-3), {failures} failing case(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

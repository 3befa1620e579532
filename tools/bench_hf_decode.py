#!/usr/bin/env python3
"""Decode speed, side by side: `deft-sim bench decode` and Hugging Face transformers (PyTorch
eager, float32, loaded from the same GGUF) on the same prompt token ids, batch 1, greedy, the
same number of new tokens. The two run alternately (deft-sim 4-bit, deft-sim Float32, PyTorch,
then again) for --rounds rounds and the table shows medians over all timed passes.

Needs `pip install torch transformers gguf` (not a dependency of `make test`).

    python3 tools/bench_hf_decode.py [--new-tokens 32] [--rounds 3] [--threads 2]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def deft_sim(binary, gguf, new_tokens, threads, float32):
    cmd = [binary, "bench", "decode", "--model", gguf, "--new-tokens", str(new_tokens),
           "--repetitions", "3", "--threads", str(threads), "--json"]
    if float32:
        cmd.append("--float32-weights")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def hf_pass(model, torch, prompts, new_tokens):
    """One pass: per prompt an untimed prefill, then new_tokens - 1 timed one-token steps."""
    wall = cpu = 0.0
    steps = 0
    generated = []
    with torch.inference_mode():
        for ids in prompts:
            out = model(torch.tensor([ids]), use_cache=True)
            past = out.past_key_values
            token = int(out.logits[0, -1].argmax())
            tokens = [token]
            w0, c0 = time.perf_counter(), time.process_time()
            for _ in range(new_tokens - 1):
                out = model(torch.tensor([[token]]), past_key_values=past, use_cache=True)
                past = out.past_key_values
                token = int(out.logits[0, -1].argmax())
                tokens.append(token)
            wall += time.perf_counter() - w0
            cpu += time.process_time() - c0
            steps += new_tokens - 1
            generated.append(tokens)
    return steps / wall, 1e3 * wall / steps, 1e3 * cpu / steps, generated


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--deft-sim", default=os.path.join(root, ".build/release/deft-sim"))
    p.add_argument("--gguf", default=os.path.join(
        root, ".cache/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"))
    p.add_argument("--new-tokens", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    import torch
    from transformers import AutoModelForCausalLM
    torch.set_num_threads(args.threads)
    model = AutoModelForCausalLM.from_pretrained(
        os.path.dirname(args.gguf), gguf_file=os.path.basename(args.gguf),
        torch_dtype=torch.float32)
    model.eval()

    rows = {"deft-sim 4-bit": [], "deft-sim Float32": [], "PyTorch eager float32": []}
    prompts = None
    same = True
    for _ in range(args.rounds):
        for name, f32 in (("deft-sim 4-bit", False), ("deft-sim Float32", True)):
            r = deft_sim(args.deft_sim, args.gguf, args.new_tokens, args.threads, f32)
            prompts = r["prompt_ids"]
            rows[name].append((r["decode_tokens_per_second"], r["wall_ms_per_token"],
                               r["cpu_ms_per_token"]))
            reference = r["generated_ids"]
        hf_pass(model, torch, prompts[:1], 4)  # warm-up
        for _ in range(3):
            rate, wall_ms, cpu_ms, generated = hf_pass(model, torch, prompts, args.new_tokens)
            rows["PyTorch eager float32"].append((rate, wall_ms, cpu_ms))
        same = same and generated == reference

    med = {k: tuple(statistics.median(x[i] for x in v) for i in range(3)) for k, v in rows.items()}
    base = med["PyTorch eager float32"]
    print(f"decode, batch 1, greedy: {len(prompts)} chat prompts of "
          f"{'/'.join(str(len(p)) for p in prompts)} tokens, {args.new_tokens} new tokens each, "
          f"{args.threads} threads, medians of {args.rounds} rounds x 3 passes "
          f"(load average {os.getloadavg()[0]:.1f}); torch {torch.__version__}")
    print("| engine | decode tokens/s | wall ms/token | CPU ms/token | speed-up (tokens/s) "
          "| speed-up (CPU ms) |")
    print("|---|---|---|---|---|---|")
    for name, (rate, wall_ms, cpu_ms) in med.items():
        print(f"| {name} | {rate:.1f} | {wall_ms:.2f} | {cpu_ms:.2f} | "
              f"{rate / base[0]:.2f}x | {base[2] / cpu_ms:.2f}x |")
    print("greedy tokens equal (deft-sim Float32 vs PyTorch):", "yes" if same else "no")
    return 0


if __name__ == "__main__":
    sys.exit(main())

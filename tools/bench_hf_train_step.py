#!/usr/bin/env python3
"""One LoRA training step, side by side: `deft-sim bench train --model smollm2` and Hugging Face
transformers (PyTorch eager, float32, loaded from the same GGUF) on the same SQuAD token ids and
the same loss positions. LoRA (rank r, alpha) on q, k, v, o, gate, up and down of every layer,
written here as a small module (frozen W, A Kaiming-uniform, B zeros, scale alpha/r); a step is
forward, cross-entropy on the answer tokens (the LM head on those positions only, as deft-sim
does), optionally the DEFT density loss on silu(W_gate x), backward and one Adam update. The two
engines alternate (deft-sim, PyTorch, deft-sim, PyTorch, ...) for --rounds rounds; each round
starts from fresh adapters, runs the warm-up steps untimed, then the timed steps. The table shows
medians over all timed steps of all rounds. The task loss of step 0 (B = 0, so the base model's
loss) is printed for both engines: the dequantised base is the same, so they agree to ~1e-3.

Needs `pip install torch transformers gguf accelerate` (not a dependency of `make test`).

    python3 tools/bench_hf_train_step.py [--steps 3] [--warmup-steps 1] [--rounds 2] [--threads 2]
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time


def deft_sim(args):
    cmd = [args.deft_sim, "bench", "train", "--model", args.gguf, "--steps", str(args.steps),
           "--warmup-steps", str(args.warmup_steps), "--threads", str(args.threads),
           "--lora-rank", str(args.rank), "--lora-alpha", str(args.alpha), "--lr", str(args.lr),
           "--max-tokens", str(args.max_tokens), "--seed", str(args.seed), "--json"]
    if args.data:
        cmd += ["--data", args.data]
    if args.deft:
        cmd += ["--deft", "--density-weight", str(args.density_weight),
                "--density-eps", str(args.density_eps)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def make_lora_linear(torch):
    nn = torch.nn

    class LoRALinear(nn.Module):
        """y = x W^T + (alpha / r) (x A^T) B^T with W frozen, A [r x in], B [out x r] = 0."""

        def __init__(self, base, rank, alpha):
            super().__init__()
            self.base = base
            self.scale = alpha / rank
            self.a = nn.Parameter(torch.empty(rank, base.in_features))
            nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))  # bound 1/sqrt(in), as PEFT
            self.b = nn.Parameter(torch.zeros(base.out_features, rank))

        def forward(self, x):
            return self.base(x) + self.scale * ((x @ self.a.t()) @ self.b.t())

    return LoRALinear


def make_recorder(torch):
    class Recorder(torch.nn.Module):
        """The MLP's activation, silu(W_gate x), kept for the density loss."""

        def __init__(self, act, store):
            super().__init__()
            self.act = act
            self.store = store

        def forward(self, x):
            y = self.act(x)
            self.store.append(y)
            return y

    return Recorder


class PyTorchLoRA:
    """The Hugging Face model with fresh adapters on the seven projections of every layer."""

    NAMES = (("self_attn", "q_proj"), ("self_attn", "k_proj"), ("self_attn", "v_proj"),
             ("self_attn", "o_proj"), ("mlp", "gate_proj"), ("mlp", "up_proj"),
             ("mlp", "down_proj"))

    def __init__(self, torch, model, args):
        self.torch = torch
        self.model = model
        self.args = args
        for p in model.parameters():
            p.requires_grad_(False)
        self.bases = [[getattr(getattr(layer, part), name) for part, name in self.NAMES]
                      for layer in model.model.layers]
        self.gates = []
        if args.deft:
            recorder = make_recorder(torch)
            for layer in model.model.layers:
                layer.mlp.act_fn = recorder(layer.mlp.act_fn, self.gates)
        self.lora_linear = make_lora_linear(torch)

    def reset(self, seed):
        """Fresh adapters (B = 0) and a fresh Adam."""
        self.torch.manual_seed(seed)
        params = []
        for layer, bases in zip(self.model.model.layers, self.bases):
            for (part, name), base in zip(self.NAMES, bases):
                lora = self.lora_linear(base, self.args.rank, self.args.alpha)
                setattr(getattr(layer, part), name, lora)
                params += [lora.a, lora.b]
        self.optimizer = self.torch.optim.Adam(params, lr=self.args.lr, betas=(0.9, 0.999),
                                               eps=1e-8)

    def step(self, example):
        """Forward, loss, backward, Adam; returns (task loss, density loss, wall s, CPU s)."""
        torch = self.torch
        w0, c0 = time.perf_counter(), time.process_time()
        ids = torch.tensor([example["ids"]])
        positions = torch.arange(example["target_start"], example["target_end"])
        self.gates.clear()
        hidden = self.model.model(input_ids=ids, use_cache=False).last_hidden_state[0]
        logits = self.model.lm_head(hidden[positions])
        task = torch.nn.functional.cross_entropy(logits, ids[0, positions + 1])
        loss = task
        density = torch.zeros(())
        if self.args.deft:
            a2 = torch.cat([g.reshape(-1) for g in self.gates]).square()
            density = self.args.density_weight * (a2 / (a2 + self.args.density_eps)).mean()
            loss = loss + density
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        self.optimizer.step()
        return (task.item(), density.item(), time.perf_counter() - w0,
                time.process_time() - c0)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--deft-sim", default=os.path.join(root, ".build/release/deft-sim"))
    p.add_argument("--gguf", default=os.path.join(
        root, ".cache/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"))
    p.add_argument("--data", help="directory holding squad/ (default: deft-sim's)")
    p.add_argument("--steps", type=int, default=3, help="timed steps per round")
    p.add_argument("--warmup-steps", type=int, default=1)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--alpha", type=float, default=16)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--max-tokens", type=int, default=256)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--deft", action="store_true", help="add the DEFT density loss")
    p.add_argument("--density-weight", type=float, default=1.0)
    p.add_argument("--density-eps", type=float, default=1e-2)
    args = p.parse_args()
    if args.steps < 1 or args.warmup_steps < 0 or args.rounds < 1 or args.threads < 1:
        p.error("--steps, --rounds and --threads must be >= 1, --warmup-steps >= 0")

    import torch
    from transformers import AutoModelForCausalLM
    torch.set_num_threads(args.threads)
    model = AutoModelForCausalLM.from_pretrained(
        os.path.dirname(args.gguf), gguf_file=os.path.basename(args.gguf),
        dtype=torch.float32)
    model.train()
    engine = PyTorchLoRA(torch, model, args)

    rows = {"deft-sim": [], "PyTorch eager float32": []}
    peak = {}
    first_losses = []
    loads = []
    for _ in range(args.rounds):
        loads.append(os.getloadavg()[0])
        r = deft_sim(args)
        examples = r["examples"]
        rows["deft-sim"] += [(w, c, len(e["ids"])) for w, c, e in zip(
            r["step_seconds"], r["step_cpu_seconds"], examples[r["warmup_steps"]:])]
        peak["deft-sim"] = r["peak_resident_bytes"] / 2**20
        engine.reset(args.seed)
        losses = []
        for i, example in enumerate(examples):
            task, density, wall, cpu = engine.step(example)
            losses.append((task, density))
            if not example["warm_up"]:
                rows["PyTorch eager float32"].append((wall, cpu, len(example["ids"])))
        peak["PyTorch eager float32"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        first_losses.append(((r["task_loss"][0], r["density_loss"][0]), losses[0]))

    med = {}
    for name, v in rows.items():
        med[name] = (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v),
                     sum(x[2] for x in v) / sum(x[0] for x in v))
    base = med["PyTorch eager float32"]
    lengths = "/".join(str(len(e["ids"])) for e in examples)
    scored = "/".join(str(e["target_end"] - e["target_start"]) for e in examples)
    deft = (f" + DEFT density loss (λ {args.density_weight:g}, ε {args.density_eps:g})"
            if args.deft else "")
    print(f"one LoRA training step (r {args.rank}, α {args.alpha:g}, q/k/v/o/gate/up/down of "
          f"{len(model.model.layers)} layers{deft}, Adam lr {args.lr:g}): SQuAD questions of "
          f"{lengths} tokens ({scored} scored; the first {args.warmup_steps} untimed), "
          f"{args.threads} thread(s), medians of {args.rounds} rounds x {args.steps} steps "
          f"(load average {'/'.join(f'{x:.1f}' for x in loads)}); torch {torch.__version__}")
    print("| engine | s/step wall | s/step CPU | tokens/s | peak RSS MiB | speed-up (wall) "
          "| speed-up (CPU) |")
    print("|---|---|---|---|---|---|---|")
    for name, (wall, cpu, rate) in med.items():
        print(f"| {name} | {wall:.3f} | {cpu:.3f} | {rate:.1f} | {peak[name]:.0f} | "
              f"{base[0] / wall:.2f}x | {base[1] / cpu:.2f}x |")
    for i, ((d_task, d_density), (t_task, t_density)) in enumerate(first_losses):
        print(f"round {i + 1}, step 0 task loss: deft-sim {d_task:.6f}, PyTorch {t_task:.6f} "
              f"(|difference| {abs(d_task - t_task):.2e})"
              + (f"; density loss {d_density:.6f} / {t_density:.6f}" if args.deft else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Record which MLP activations of a Hugging Face model are zero, as an .npz for deft-sim.

    python tools/record_hf_masks.py record --model DIR --texts FILE --out masks.npz [options]
    deft-sim trace import --npz masks.npz --out model.trace
    python tools/record_hf_masks.py compare A.npz B.npz      # fraction of identical mask bits

PyTorch forward hooks on the MLP activation of every layer:
  BERT / RoBERTa      encoder.layer[i].intermediate.intermediate_act_fn   (plain MLP)
  T5 / Flan-T5        {encoder,decoder}.block[i].layer[-1].DenseReluDense.act  (encoder and decoder)
  Llama / Qwen / SmolLM  model.layers[i].mlp.act_fn  (gated MLP: the masks describe the gate)
Encoders get one encoder record per text; decoders a prefill record of the prompt and a decode
record of --decode-tokens greedy steps (KV cache on); encoder-decoders an encoder record, a
one-token decoder prefill (the start token) and the decode steps. The npz follows
docs/trace-format.md, "NumPy interchange": header_json (a version-2 trace header with the
architecture read from the model's config.json), record_* arrays, context_lengths and
<stack>_packed_masks. Needs torch, transformers and numpy; deft-sim itself never does.

Zero definitions: --zero exact | threshold=T | int8 (symmetric per-layer int8 with the scales of
--scales a,b,…, of --scales-from TRACE (a deft-sim trace's header), or calibrated here as
max|a|/127 per layer over the texts, like `deft-sim eval`). A unit is non-zero when
round(|a| / scale) != 0 (round half to even), exactly as deft-sim's recorder decides.
"""
import argparse
import json
import struct
import sys

import numpy as np

ACTIVATIONS = {"gelu": "gelu", "gelu_new": "gelu-tanh", "gelu_pytorch_tanh": "gelu-tanh",
               "gelu_fast": "gelu-tanh", "silu": "silu", "swish": "silu", "relu": "relu"}


def architecture(config):
    """The deft-sim architecture JSON of a transformers config."""
    kind = config.model_type
    def act(name):
        return ACTIVATIONS.get(name, name.replace("_", "-"))
    if kind in ("bert", "roberta", "xlm-roberta", "distilbert", "electra"):
        heads = config.num_attention_heads
        stack = dict(role="encoder", layers=config.num_hidden_layers, hidden=config.hidden_size,
                     heads=heads, kvHeads=heads, headDim=config.hidden_size // heads,
                     intermediate=config.intermediate_size,
                     mlp=dict(kind="plain", activation=act(config.hidden_act)))
        return dict(name=config.name_or_path.rstrip("/").split("/")[-1], stacks=[stack],
                    vocabSize=config.vocab_size, tiedEmbeddings=True)
    if kind in ("t5", "mt5", "umt5"):
        proj = config.feed_forward_proj
        gated = proj.startswith("gated-")
        activation = act(proj[len("gated-"):] if gated else proj)
        if activation == "gelu":
            activation = "gelu-tanh"  # T5's gated-gelu is gelu_new
        mlp = dict(kind="gated", activation=activation, masks="gate") if gated else \
            dict(kind="plain", activation=activation)
        def stack(role, layers):
            return dict(role=role, layers=layers, hidden=config.d_model, heads=config.num_heads,
                        kvHeads=config.num_heads, headDim=config.d_kv, intermediate=config.d_ff,
                        mlp=mlp)
        return dict(name=config.name_or_path.rstrip("/").split("/")[-1],
                    stacks=[stack("encoder", config.num_layers),
                            stack("decoder", config.num_decoder_layers or config.num_layers)],
                    vocabSize=config.vocab_size,
                    tiedEmbeddings=bool(getattr(config, "tie_word_embeddings", True)))
    if kind in ("llama", "qwen2", "qwen3", "mistral", "gemma", "gemma2", "phi3", "olmo"):
        heads = config.num_attention_heads
        head_dim = getattr(config, "head_dim", None) or config.hidden_size // heads
        stack = dict(role="decoder", layers=config.num_hidden_layers, hidden=config.hidden_size,
                     heads=heads, kvHeads=getattr(config, "num_key_value_heads", None) or heads,
                     headDim=head_dim, intermediate=config.intermediate_size,
                     mlp=dict(kind="gated", activation=act(config.hidden_act), masks="gate"))
        return dict(name=config.name_or_path.rstrip("/").split("/")[-1], stacks=[stack],
                    vocabSize=config.vocab_size,
                    tiedEmbeddings=bool(getattr(config, "tie_word_embeddings", False)))
    sys.exit(f"error: model type '{kind}' is not supported (bert, roberta, t5, llama, qwen2, …)")


def activation_modules(model, kind):
    """{stack: [module per layer]} of the MLP activation functions to hook."""
    if kind in ("bert", "roberta", "xlm-roberta", "electra"):
        base = getattr(model, "encoder", None) or model.base_model.encoder
        return {"encoder": [layer.intermediate.intermediate_act_fn for layer in base.layer]}
    if kind in ("t5", "mt5", "umt5"):
        return {role: [block.layer[-1].DenseReluDense.act for block in getattr(model, role).block]
                for role in ("encoder", "decoder")}
    layers = model.model.layers if hasattr(model, "model") else model.layers
    return {"decoder": [layer.mlp.act_fn for layer in layers]}


class Recorder:
    """Collects the hooked activations of each forward call, per stack and layer."""

    def __init__(self, modules):
        self.captured = {stack: [None] * len(mods) for stack, mods in modules.items()}
        self.handles = []
        for stack, mods in modules.items():
            for layer, module in enumerate(mods):
                self.handles.append(module.register_forward_hook(self.hook(stack, layer)))

    def hook(self, stack, layer):
        def capture(_module, _inputs, output):
            self.captured[stack][layer] = output.detach().float()[0].cpu().numpy()
        return capture

    def take(self, stack):
        """[tokens, layers, units] of the last forward call of `stack`."""
        arrays = self.captured[stack]
        self.captured[stack] = [None] * len(arrays)
        return np.stack(arrays, axis=1)


def read_texts(args):
    if args.texts:
        with open(args.texts, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    with open(args.glue_tsv, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    column = rows[0].index(args.column)
    return [row[column] for row in rows[1:]]


def scales_from_trace(path):
    """The int8 scales of a deft-sim trace header (format in docs/trace-format.md)."""
    with open(path, "rb") as f:
        pre = f.read(16)
        if pre[:8] != b"\x89DTR\r\n\x1a\n":
            sys.exit(f"error: {path} is not a deft-sim trace")
        _, length = struct.unpack("<II", pre[8:])
        header = json.loads(f.read(length))
    zero = header["zeroDefinition"]
    if zero["kind"] != "quantized":
        sys.exit(f"error: {path} has zero definition {zero['kind']}, not quantized")
    return [float(s) for s in zero["scales"]]


def nonzero(activations, zero, scales, first_layer):
    """Boolean [tokens, layers, units] under the zero definition (float32 arithmetic)."""
    a = np.asarray(activations, dtype=np.float32)
    if zero == "exact":
        return a != 0
    if zero.startswith("threshold="):
        return np.abs(a) > np.float32(float(zero.split("=", 1)[1]))
    layers = a.shape[1]
    s = np.asarray(scales[first_layer:first_layer + layers], dtype=np.float32)[None, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.rint(np.abs(a) / s)  # rint: round half to even, like Swift's .toNearestOrEven
    return (s > 0) & (q != 0)


def record(args):
    import torch
    import transformers

    torch.set_grad_enabled(False)
    config = transformers.AutoConfig.from_pretrained(args.model)
    kind = config.model_type
    arch = architecture(config)
    if args.name:
        arch["name"] = args.name
    tokenizer = transformers.AutoTokenizer.from_pretrained(args.model)
    if kind in ("t5", "mt5", "umt5"):
        model = transformers.AutoModelForSeq2SeqLM.from_pretrained(args.model)
    elif arch["stacks"][0]["role"] == "decoder":
        model = transformers.AutoModelForCausalLM.from_pretrained(args.model)
    else:
        model = transformers.AutoModel.from_pretrained(args.model)
    model.eval()
    recorder = Recorder(activation_modules(model, kind))
    texts = read_texts(args)
    if args.limit:
        texts = texts[: args.limit]
    first_layer = {"encoder": 0, "decoder": 0}
    if len(arch["stacks"]) == 2:
        first_layer["decoder"] = arch["stacks"][0]["layers"]

    def run(text):
        """[(phase, stack, activations, contexts, cross)] of one text."""
        ids = tokenizer(text, truncation=True, max_length=args.max_length,
                        return_tensors="pt")["input_ids"]
        records = []
        if kind in ("t5", "mt5", "umt5"):
            encoded = model.encoder(input_ids=ids)
            n = ids.shape[1]
            records.append((0, "encoder", recorder.take("encoder"), [n] * n, 0))
            token = torch.tensor([[model.config.decoder_start_token_id]])
            past = None
            for step in range(1 + args.decode_tokens):
                out = model(encoder_outputs=encoded, decoder_input_ids=token,
                            past_key_values=past, use_cache=True)
                phase = 1 if step == 0 else 2
                records.append((phase, "decoder", recorder.take("decoder"), [step + 1], n))
                past = out.past_key_values
                token = out.logits[:, -1:].argmax(-1)
        elif arch["stacks"][0]["role"] == "decoder":
            out = model(input_ids=ids, use_cache=True)
            n = ids.shape[1]
            records.append((1, "decoder", recorder.take("decoder"), list(range(1, n + 1)), 0))
            past, token = out.past_key_values, out.logits[:, -1:].argmax(-1)
            for step in range(args.decode_tokens):
                out = model(input_ids=token, past_key_values=past, use_cache=True)
                records.append((2, "decoder", recorder.take("decoder"), [n + step + 1], 0))
                past, token = out.past_key_values, out.logits[:, -1:].argmax(-1)
        else:
            model(input_ids=ids)
            n = ids.shape[1]
            records.append((0, "encoder", recorder.take("encoder"), [n] * n, 0))
        # Decode steps of one sequence become one decode record.
        merged = []
        for r in records:
            if merged and r[0] == 2 and merged[-1][0] == 2:
                p, s, a, c, x = merged[-1]
                merged[-1] = (p, s, np.concatenate([a, r[2]]), c + r[3], x)
            else:
                merged.append(r)
        return merged

    scales = None
    if args.zero == "int8":
        if args.scales:
            scales = [float(s) for s in args.scales.split(",")]
        elif args.scales_from:
            scales = scales_from_trace(args.scales_from)
        else:  # calibrate: max |a| / 127 per layer over all texts (a first pass)
            total = sum(s["layers"] for s in arch["stacks"])
            peak = np.zeros(total, dtype=np.float32)
            for text in texts:
                for _, stack, a, _, _ in run(text):
                    f = first_layer[stack]
                    peak[f:f + a.shape[1]] = np.maximum(peak[f:f + a.shape[1]],
                                                        np.abs(a).max(axis=(0, 2)))
            scales = [float(p) / 127 for p in peak]
    sequences, phases, tokens, crosses, contexts = [], [], [], [], []
    masks = {s["role"]: [] for s in arch["stacks"]}
    for index, text in enumerate(texts):
        for phase, stack, a, ctx, cross in run(text):
            bits = nonzero(a, args.zero, scales, first_layer[stack])
            masks[stack].append(np.packbits(bits, axis=-1, bitorder="little"))
            sequences.append(index)
            phases.append(phase)
            tokens.append(a.shape[0])
            crosses.append(cross)
            contexts += ctx
        if args.progress and (index + 1) % 100 == 0:
            print(f"{index + 1}/{len(texts)} texts", file=sys.stderr)
    if args.zero == "exact":
        zero = {"kind": "exact"}
    elif args.zero.startswith("threshold="):
        zero = {"kind": "threshold", "threshold": float(args.zero.split("=", 1)[1])}
    else:
        zero = {"kind": "quantized", "bits": 8, "scales": scales}
    header = {
        "formatVersion": 2, "architecture": arch,
        "peft": {"method": "none", "promptTokens": 0, "prefixLength": 0},
        "deft": {"enabled": False, "densityWeight": 0, "densityEps": 0, "includePadding": False,
                 "ada": False, "skippedLayers": []},
        "task": {"name": args.task, "split": args.texts or args.glue_tsv, "metrics": {}},
        "zeroDefinition": zero, "storesValues": False, "seed": 0,
        "toolVersion": "record_hf_masks.py",
        "provenance": {"command": " ".join(sys.argv), "model_directory": args.model,
                       "transformers": transformers.__version__, "torch": torch.__version__},
    }
    arrays = {
        "header_json": np.frombuffer(json.dumps(header, sort_keys=True).encode(), np.uint8),
        "record_sequence": np.asarray(sequences, np.int64),
        "record_phase": np.asarray(phases, np.uint8),
        "record_tokens": np.asarray(tokens, np.int64),
        "record_cross_length": np.asarray(crosses, np.int64),
        "context_lengths": np.asarray(contexts, np.int64),
    }
    for stack, parts in masks.items():
        units = next(s["intermediate"] for s in arch["stacks"] if s["role"] == stack)
        layers = next(s["layers"] for s in arch["stacks"] if s["role"] == stack)
        arrays[f"{stack}_packed_masks"] = (np.concatenate(parts) if parts else
                                           np.zeros((0, layers, (units + 7) // 8), np.uint8))
    (np.savez_compressed if args.compressed else np.savez)(args.out, **arrays)
    print(f"wrote {args.out}: {len(texts)} texts, {len(sequences)} records, {sum(tokens)} tokens")


def compare(args):
    """Fraction of identical mask bits of two npz files with the same records."""
    a, b = np.load(args.a), np.load(args.b)
    for name in ("record_sequence", "record_tokens"):
        if not np.array_equal(a[name], b[name]):
            differ = np.nonzero(a[name] != b[name])[0] if len(a[name]) == len(b[name]) else []
            sys.exit(f"error: {name} differs (records {list(differ[:10])}…)")
    for key in sorted(k for k in a.files if k.endswith("_packed_masks")):
        header = json.loads(bytes(a["header_json"]))
        units = {s["role"]: s["intermediate"]
                 for s in header.get("architecture", {}).get("stacks", [])} or \
            {"encoder": header["model"]["intermediate"]}
        n = units[key.split("_")[0]]
        x = np.unpackbits(a[key], axis=-1, bitorder="little")[..., :n].astype(bool)
        y = np.unpackbits(b[key], axis=-1, bitorder="little")[..., :n].astype(bool)
        same = (x == y)
        print(f"{key}: {x.size} bits, identical {same.mean():.6f} "
              f"({x.size - same.sum()} differ); density {x.mean():.4f} vs {y.mean():.4f}")
        for layer in range(x.shape[1]):
            print(f"  layer {layer}: identical {same[:, layer].mean():.6f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record", help="record masks of a Hugging Face model")
    r.add_argument("--model", required=True, help="model directory (config.json, weights, tokenizer)")
    source = r.add_mutually_exclusive_group(required=True)
    source.add_argument("--texts", help="a text file, one input per line")
    source.add_argument("--glue-tsv", help="a GLUE .tsv file (with --column)")
    r.add_argument("--column", default="sentence", help="the .tsv column (default: sentence)")
    r.add_argument("--task", default="texts", help="task name for the header")
    r.add_argument("--name", help="model name for the header (default: the directory's)")
    r.add_argument("--limit", type=int, help="only the first N texts")
    r.add_argument("--max-length", type=int, default=64, help="truncate inputs (default 64)")
    r.add_argument("--decode-tokens", type=int, default=0, help="greedy decode steps (decoders)")
    r.add_argument("--zero", default="int8", help="exact, threshold=T or int8 (default)")
    r.add_argument("--scales", help="int8 scales, one per layer (encoder layers first)")
    r.add_argument("--scales-from", help="take the int8 scales from a deft-sim trace header")
    r.add_argument("--compressed", action="store_true", help="np.savez_compressed")
    r.add_argument("--progress", action="store_true")
    r.add_argument("--out", required=True)
    c = sub.add_parser("compare", help="fraction of identical mask bits of two npz files")
    c.add_argument("a")
    c.add_argument("b")
    args = parser.parse_args()
    if args.command == "record":
        if args.zero not in ("exact", "int8") and not args.zero.startswith("threshold="):
            parser.error("--zero must be exact, threshold=T or int8")
        record(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()

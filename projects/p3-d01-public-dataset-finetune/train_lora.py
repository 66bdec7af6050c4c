"""LoRA fine-tuning starter (Phase 3): transformers + peft, a plain PyTorch training loop.

LoRAファインチューニングのスターターです。GPUでは公開データセットと実際のモデルで、
CPUでは `--tiny-random`（小さなランダム初期化モデル・何もダウンロードしない）で動きます。

    # On a GPU (the GPU workflow runs the command in check.yaml):
    python train_lora.py --model Qwen/Qwen2.5-0.5B-Instruct \
        --dataset kunishou/databricks-dolly-15k-ja --max-steps 200 --output-dir outputs

    # Anywhere, in seconds, to check the pipeline end to end:
    python train_lora.py --tiny-random --max-steps 8 --output-dir /tmp/lora-smoke

Outputs in --output-dir: adapter_config.json and adapter_model.safetensors (from peft's
save_pretrained) and metrics.json (train_loss, eval_loss, steps, ...).
Out of GPU memory? Lower --batch-size, raise --grad-accum, shorten --max-length, add
--gradient-checkpointing, or try --load-in-4bit (QLoRA, needs bitsandbytes).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path
from typing import Any

import torch

# A few examples for --tiny-random when no --dataset file is given (instruction format).
TINY_SAMPLES = [
    {
        "instruction": "LoRAとは何ですか？",
        "output": "少数の追加パラメータだけを学習する効率的な微調整手法です。",
    },
    {
        "instruction": "RAGの利点を教えてください。",
        "output": "外部の文書を検索して回答の根拠にできることです。",
    },
    {"instruction": "PyTorchのテンソルとは？", "output": "GPUでも計算できる多次元配列です。"},
    {
        "instruction": "過学習を防ぐには？",
        "output": "検証データで損失を監視し、早めに学習を止めます。",
    },
    {
        "instruction": "What is a tokenizer?",
        "output": "It splits text into tokens and maps them to ids.",
    },
    {
        "instruction": "Why use gradient accumulation?",
        "output": "To keep a large effective batch on a small GPU.",
    },
    {
        "instruction": "量子化とは？",
        "output": "重みを少ないビット数で表してメモリを減らすことです。",
    },
    {
        "instruction": "vLLMは何に使いますか？",
        "output": "LLMを高速に推論サーバーとして提供するために使います。",
    },
]
PROMPT = "### 指示:\n{instruction}\n\n{context}### 応答:\n{output}"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--model", default="Qwen/Qwen2.5-0.5B-Instruct", help="Hugging Face model id"
    )
    parser.add_argument(
        "--dataset",
        default="kunishou/databricks-dolly-15k-ja",
        help="a local .jsonl file, or a dataset id on the Hugging Face Hub",
    )
    parser.add_argument("--dataset-split", default="train")
    parser.add_argument("--max-samples", type=int, default=2000)
    parser.add_argument("--output-dir", type=Path, default=Path("outputs"))
    parser.add_argument(
        "--tiny-random", action="store_true", help="CPU smoke test: tiny random model, no download"
    )
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument(
        "--max-steps",
        type=int,
        default=0,
        help="stop after this many optimizer steps (0: no limit)",
    )
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--grad-accum", type=int, default=4, help="gradient accumulation steps")
    parser.add_argument("--lr", type=float, default=2e-4)
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--lora-r", type=int, default=8)
    parser.add_argument("--lora-alpha", type=int, default=16)
    parser.add_argument("--lora-dropout", type=float, default=0.05)
    parser.add_argument(
        "--target-modules", default="all-linear", help="comma-separated names, or all-linear"
    )
    parser.add_argument("--eval-fraction", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--gradient-checkpointing", action="store_true")
    parser.add_argument(
        "--load-in-4bit", action="store_true", help="QLoRA (needs bitsandbytes and a GPU)"
    )
    return parser.parse_args(argv)


# --- data -------------------------------------------------------------------------------


def format_example(row: dict[str, Any]) -> str:
    """One training text from an instruction-style row (dolly: instruction, input, output)."""
    context = str(row.get("input") or "").strip()
    return PROMPT.format(
        instruction=str(row.get("instruction", "")).strip(),
        context=f"### 入力:\n{context}\n\n" if context else "",
        output=str(row.get("output", "")).strip(),
    )


def load_rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    path = Path(args.dataset)
    if path.suffix == ".jsonl" and path.is_file():
        rows = [
            json.loads(line)
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    elif args.tiny_random:
        rows = list(TINY_SAMPLES)  # never download anything in the smoke test
    else:
        from datasets import load_dataset  # imported here: only the hub path needs it

        rows = list(load_dataset(args.dataset, split=args.dataset_split))
    return rows[: args.max_samples]


def split(texts: list[str], fraction: float, seed: int) -> tuple[list[str], list[str]]:
    shuffled = texts[:]
    random.Random(seed).shuffle(shuffled)
    n_eval = max(1, int(len(shuffled) * fraction)) if len(shuffled) > 1 else 0
    return shuffled[n_eval:], shuffled[:n_eval]


# --- models -----------------------------------------------------------------------------


class CharTokenizer:
    """A character-level tokenizer built in memory from the data (for --tiny-random)."""

    pad_token_id = 0
    eos_token_id = 1
    unk_token_id = 2

    def __init__(self, texts: list[str]) -> None:
        chars = sorted({c for text in texts for c in text})
        self.vocab = {c: i + 3 for i, c in enumerate(chars)}

    def __len__(self) -> int:
        return len(self.vocab) + 3

    def encode(self, text: str) -> list[int]:
        return [self.vocab.get(c, self.unk_token_id) for c in text]


class HubTokenizer:
    """Adapts a Hugging Face tokenizer to the two things the loop needs."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.eos_token_id = tokenizer.eos_token_id
        self.pad_token_id = (
            tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        )

    def encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=True)["input_ids"])


def tiny_model(tokenizer: CharTokenizer, max_length: int) -> Any:
    """A 2-layer Llama with random weights: enough to exercise LoRA end to end on a CPU."""
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=max(max_length, 64),
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.eos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        tie_word_embeddings=False,
    )
    return LlamaForCausalLM(config)


def hub_model(args: argparse.Namespace, device: torch.device) -> tuple[Any, HubTokenizer]:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(args.model)
    dtype = (
        torch.bfloat16
        if device.type == "cuda" and torch.cuda.is_bf16_supported()
        else torch.float32
    )
    kwargs: dict[str, Any] = {"dtype": dtype}
    if args.load_in_4bit:
        from transformers import BitsAndBytesConfig

        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=dtype
        )
    model = AutoModelForCausalLM.from_pretrained(args.model, **kwargs)
    if args.load_in_4bit:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model)
    return model, HubTokenizer(tokenizer)


def add_lora(model: Any, args: argparse.Namespace) -> Any:
    from peft import LoraConfig, get_peft_model

    targets: str | list[str] = args.target_modules
    if targets != "all-linear":
        targets = [t.strip() for t in str(targets).split(",") if t.strip()]
    config = LoraConfig(
        task_type="CAUSAL_LM",
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules=targets,
    )
    if args.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.enable_input_require_grads()
    return get_peft_model(model, config)


# --- training ---------------------------------------------------------------------------


def encode_all(texts: list[str], tokenizer: Any, max_length: int) -> list[list[int]]:
    encoded = [(tokenizer.encode(text) + [tokenizer.eos_token_id])[:max_length] for text in texts]
    return [ids for ids in encoded if len(ids) > 1]


def batches(
    examples: list[list[int]], size: int, pad_id: int, rng: random.Random | None
) -> list[dict[str, torch.Tensor]]:
    order = list(range(len(examples)))
    if rng is not None:
        rng.shuffle(order)
    result = []
    for start in range(0, len(order), size):
        chunk = [examples[i] for i in order[start : start + size]]
        width = max(len(ids) for ids in chunk)
        ids = torch.full((len(chunk), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for row, example in enumerate(chunk):
            ids[row, : len(example)] = torch.tensor(example)
            mask[row, : len(example)] = 1
        labels = ids.masked_fill(mask == 0, -100)  # padding does not count in the loss
        result.append({"input_ids": ids, "attention_mask": mask, "labels": labels})
    return result


def evaluate(model: Any, data: list[dict[str, torch.Tensor]], device: torch.device) -> float | None:
    if not data:
        return None
    model.eval()
    losses = []
    with torch.no_grad():
        for batch in data:
            losses.append(float(model(**{k: v.to(device) for k, v in batch.items()}).loss))
    model.train()
    return sum(losses) / len(losses)


def train(
    model: Any,
    train_ids: list[list[int]],
    pad_id: int,
    args: argparse.Namespace,
    device: torch.device,
) -> dict[str, Any]:
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=args.lr)
    rng = random.Random(args.seed)
    model.train()
    history: list[float] = []
    step = 0
    for _epoch in range(args.epochs):
        epoch_batches = batches(train_ids, args.batch_size, pad_id, rng)
        for index, batch in enumerate(epoch_batches):
            loss = model(**{k: v.to(device) for k, v in batch.items()}).loss
            (loss / args.grad_accum).backward()
            history.append(float(loss.detach()))
            # Step every grad_accum batches, and at the end of the epoch for the remainder.
            if (index + 1) % args.grad_accum == 0 or index + 1 == len(epoch_batches):
                optimizer.step()
                optimizer.zero_grad()
                step += 1
                print(f"step {step}: loss {history[-1]:.4f}", flush=True)
                if args.max_steps and step >= args.max_steps:
                    return {"steps": step, "history": history}
    return {"steps": step, "history": history}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() and not args.tiny_random else "cpu")
    started = time.monotonic()
    texts = [format_example(row) for row in load_rows(args)]
    train_texts, eval_texts = split(texts, args.eval_fraction, args.seed)
    if args.tiny_random:
        tokenizer: Any = CharTokenizer(texts)
        model = tiny_model(tokenizer, args.max_length)
    else:
        model, tokenizer = hub_model(args, device)
    model = add_lora(model, args).to(device)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    print(f"device {device}; trainable parameters {trainable:,} of {total:,}", flush=True)
    train_ids = encode_all(train_texts, tokenizer, args.max_length)
    eval_batches = batches(
        encode_all(eval_texts, tokenizer, args.max_length),
        args.batch_size,
        tokenizer.pad_token_id,
        None,
    )
    result = train(model, train_ids, tokenizer.pad_token_id, args, device)
    eval_loss = evaluate(model, eval_batches, device)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(args.output_dir)
    history = result["history"]
    metrics = {
        "train_loss": sum(history) / len(history) if history else math.nan,
        "train_loss_first": history[0] if history else math.nan,
        "train_loss_last": history[-1] if history else math.nan,
        "eval_loss": eval_loss if eval_loss is not None else math.nan,
        "steps": result["steps"],
        "train_examples": len(train_ids),
        "eval_examples": len(eval_texts),
        "trainable_params": trainable,
        "total_params": total,
        "runtime_seconds": round(time.monotonic() - started, 2),
        "model": "tiny-random-llama" if args.tiny_random else args.model,
        "dataset": args.dataset
        if not args.tiny_random or Path(args.dataset).is_file()
        else "built-in samples",
        "device": str(device),
        "lora_r": args.lora_r,
        "batch_size": args.batch_size,
        "grad_accum": args.grad_accum,
    }
    (args.output_dir / "metrics.json").write_text(
        json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps({k: metrics[k] for k in ("train_loss", "eval_loss", "steps")}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

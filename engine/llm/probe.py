"""The probe's child process: `python -m engine.llm.probe PATH [--gpu-layers N]`.

Loads the model for real (small context, one thread), tokenizes a sample chat with special
tokens and non-ASCII text, and evaluates it, which touches every weight. Prints one JSON line
and exits 0 on success or 3 on a clean failure; any other exit means llama.cpp crashed.
Nothing in the package imports this module, so `-m` runs it exactly once.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from engine.llm import llama_log
from engine.llm.defaults import flash_attention
from engine.llm.failures import load_error
from engine.llm.probing import CLEAN_FAILURE

_SAMPLE = "<|im_start|>user\nHello, wörld! 你好 🙂 1+1=?<|im_end|>\n<|im_start|>assistant\n"


def main(argv: list[str] | None = None) -> int:
    """Load, tokenize and evaluate; print one JSON line; exit 0, or 3 on a clean failure."""
    parser = argparse.ArgumentParser(prog="python -m engine.llm.probe")
    parser.add_argument("path")
    parser.add_argument("--gpu-layers", type=int, default=0)
    args = parser.parse_args(argv)
    llama_log.install()
    try:
        _exercise(args.path, args.gpu_layers)
    except Exception as exc:  # report any clean failure; crashes never get here
        error = load_error(Path(args.path), exc, llama_log.last_error())
        print(json.dumps({"ok": False, "message": error.message, "hint": error.hint}), flush=True)
        return CLEAN_FAILURE
    print(json.dumps({"ok": True}), flush=True)
    return 0


def _exercise(path: str, gpu_layers: int) -> None:
    import llama_cpp

    llm = llama_cpp.Llama(
        path,
        n_ctx=256,
        n_batch=64,
        n_threads=1,
        n_threads_batch=1,  # more would only spin while the app keeps other cores busy
        n_gpu_layers=gpu_layers,
        flash_attn=flash_attention(gpu_layers),  # the same kernels as the real load
        verbose=False,
    )
    try:
        llm.tokenize(_SAMPLE.encode(), add_bos=False, special=False)
        tokens = llm.tokenize(_SAMPLE.encode(), add_bos=True, special=True)
        llm.eval(tokens[:32])
        llm.detokenize(tokens)
    finally:
        llm.close()


if __name__ == "__main__":
    sys.exit(main())

"""A local GGUF chat model run in-process by llama-cpp-python.

One `Llama` per loaded model. Follow-up turns reuse the KV cache: the prompt is evaluated only
from the first token that differs from what the context already holds, which for a chat is
just the newest turn, because earlier turns render to the same text every time. Each reply
starts with a thread count fitted to how busy the cores are (engine/llm/threads.py). A stop
aborts the decode running at that moment, prompt or token (engine/llm/abort.py).
"""

from __future__ import annotations

import ctypes
import secrets
import threading
from collections.abc import Generator, Iterator, Sequence
from typing import Any

from engine.cancel import CancelToken
from engine.config import SamplingSettings
from engine.errors import GenerationError
from engine.llm.abort import AbortFlag
from engine.llm.base import ChatModel, ChatTurn
from engine.llm.decoding import TextAssembler
from engine.llm.template import ChatFormat
from engine.llm.threads import LoadMeter, threads_for
from engine.llm.window import fit_turns
from engine.types import AnswerDelta, ModelInfo, Usage

MIN_P = 0.05  # llama-cpp-python's chat default; trims the long tail top-p keeps


class LlamaChatModel(ChatModel):
    """A loaded GGUF model. `stream` is serialized by a lock; the rest only tokenizes."""

    def __init__(self, llm: Any, info: ModelInfo, chat_format: ChatFormat) -> None:
        import llama_cpp

        self.info = info
        self.chat_format = chat_format
        self._llm: Any = llm
        self._lib: Any = llama_cpp
        self._vocab = llama_cpp.llama_model_get_vocab(llm.model)
        self._n_ctx = int(llm.n_ctx())
        self._pieces: dict[int, bytes] = {}
        self._lock = threading.RLock()
        self._busy = False
        self._abort = AbortFlag()
        self._abort.install(llm.ctx)
        self._shared = False
        self._load = LoadMeter()
        self.threads = int(llm.n_threads)

    @property
    def context_size(self) -> int:
        """Tokens of the loaded context (prompt + answer)."""
        return self._n_ctx

    def count_tokens(self, text: str) -> int:
        """Tokens `text` takes as message content."""
        return len(self._live().tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def count_prompt_tokens(self, turns: Sequence[ChatTurn]) -> int:
        """Tokens of the templated prompt for `turns`."""
        return len(self._prompt_tokens(turns))

    def stream(
        self,
        turns: Sequence[ChatTurn],
        sampling: SamplingSettings,
        cancel: CancelToken | None = None,
    ) -> Iterator[AnswerDelta]:
        """Stream the answer to `turns`. Blocks per token; one stream at a time per model.

        Raises:
            GenerationError: llama.cpp failed, the model was closed, or a stream is running.
        """
        with self._lock:
            if self._busy:
                raise GenerationError(
                    "The model is still writing another answer.", hint="Stop it first."
                )
            self._busy = True
            cancel = cancel or CancelToken()
            self._abort.watch(cancel)
            try:
                yield from self._answer(turns, sampling, cancel)
            finally:
                self._abort.unwatch()
                self._busy = False

    def share_cores(self, shared: bool) -> None:
        """Halve llama.cpp's threads, or restore them; takes effect at the next decode step.

        Not under the stream lock: a running answer should slow down (or speed up) now, not
        when it ends, and llama.cpp reads the thread count afresh for every decode.
        """
        self._shared = shared
        self._set_threads(self.threads)

    def _fit_threads_to_load(self) -> None:
        """Leave the cores other programs keep busy to them (engine/llm/threads.py)."""
        llm = self._llm
        if llm is not None:
            others = self._load.others_busy()
            self._set_threads(threads_for(int(llm.n_threads), others, self._load.cores))

    def _set_threads(self, threads: int) -> None:
        llm = self._llm
        if llm is not None:
            self.threads = threads
            used = max(1, threads // 2) if self._shared else threads
            self._lib.llama_set_n_threads(llm.ctx, used, used)

    def close(self) -> None:
        """Free the model and its context. Idempotent."""
        with self._lock:
            if self._llm is not None:
                self._llm.close()
                self._llm = None

    # ------------------------------------------------------------ internals

    def _live(self) -> Any:
        if self._llm is None:
            raise GenerationError("The model was unloaded.", hint="Load a model again.")
        return self._llm

    def _prompt_tokens(self, turns: Sequence[ChatTurn]) -> list[int]:
        prompt = self.chat_format.render(turns)
        # The template writes any BOS itself (llama-cpp-python's chat handlers do the same).
        tokens: list[int] = self._live().tokenize(
            prompt.encode("utf-8"), add_bos=False, special=True
        )
        return tokens

    def _fit(self, turns: Sequence[ChatTurn], max_tokens: int) -> list[int]:
        tokens = self._prompt_tokens(turns)
        room = min(max_tokens, self._n_ctx // 4)
        if len(tokens) + room > self._n_ctx:
            tokens = self._prompt_tokens(fit_turns(self, turns, room))
        if len(tokens) >= self._n_ctx:
            raise GenerationError(
                f"The prompt needs {len(tokens)} tokens but the context holds {self._n_ctx}.",
                hint="Shorten the system prompt or raise the context size in Settings.",
            )
        return tokens

    def _answer(
        self, turns: Sequence[ChatTurn], sampling: SamplingSettings, cancel: CancelToken
    ) -> Iterator[AnswerDelta]:
        llm = self._live()
        self._fit_threads_to_load()
        tokens = self._fit(turns, sampling.max_tokens)
        budget = min(sampling.max_tokens, self._n_ctx - len(tokens))
        try:
            cached = self._prefill(llm, tokens, cancel)
            if cached is None:
                usage = Usage(len(tokens), 0, 0)
                yield AnswerDelta(done=True, finish_reason="cancelled", usage=usage)
                return
            yield from self._generate(llm, tokens, cached, budget, sampling, cancel)
        except (RuntimeError, ValueError, OSError) as exc:
            llm.reset()  # the context's contents are unknown now: never reuse them
            raise GenerationError(
                f"The model failed while answering ({exc}).",
                hint="Try again; if it keeps failing, lower the context size in Settings.",
            ) from exc

    def _prefill(self, llm: Any, tokens: list[int], cancel: CancelToken) -> int | None:
        """Drop the stale cache suffix and evaluate all but the last token; None if cancelled.

        Done here rather than inside `Llama.generate` so the number of reused tokens is known
        exactly. One `eval` for the whole rest: a stop aborts it mid-batch (engine/llm/abort.py),
        so it needs no steps sized to a cancel delay any more. The last token is left to
        `generate`, whose prefix match skips the rest.
        """
        common = 0
        for old, new in zip(llm.input_ids[: llm.n_tokens].tolist(), tokens, strict=False):
            if old != new:
                break
            common += 1
        keep = min(common, len(tokens) - 1)
        if keep < llm.n_tokens:
            self._forget_from(llm, keep)
            keep = llm.n_tokens
        if cancel.cancelled or not self._evaluated(llm, tokens[keep:-1]):
            return None
        return keep

    def _evaluated(self, llm: Any, chunk: list[int]) -> bool:
        """Evaluate `chunk`; False when a stop aborted it (what it left is forgotten).

        Raises:
            RuntimeError, ValueError, OSError: llama.cpp failed.
        """
        try:
            llm.eval(chunk)
        except RuntimeError:
            if not self._abort.raised:
                raise
            self._forget_from(llm, llm.n_tokens)
            return False
        return True

    def _forget_from(self, llm: Any, position: int) -> None:
        """Keep the context's first `position` tokens only.

        An aborted decode leaves the micro-batches it finished in the KV cache, uncounted by
        llama-cpp-python: they are dropped here so the cache holds exactly `llm.input_ids`.
        """
        memory = self._lib.llama_get_memory(llm.ctx)
        if not self._lib.llama_memory_seq_rm(memory, 0, position, -1):
            llm.reset()  # recurrent models cannot drop a suffix: start over
            self._lib.llama_memory_clear(memory, True)
            return
        llm.n_tokens = position

    def _generate(
        self,
        llm: Any,
        tokens: list[int],
        cached: int,
        budget: int,
        sampling: SamplingSettings,
        cancel: CancelToken,
    ) -> Iterator[AnswerDelta]:
        llm.set_seed(sampling.seed if sampling.seed >= 0 else secrets.randbelow(2**31))
        text = TextAssembler(self.chat_format.stops)
        produced, reason = 0, "length"
        tokens_out = self._decoded(llm, llm.generate(
            tokens,
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=MIN_P,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
        ))
        try:
            for token in tokens_out:
                if self._lib.llama_vocab_is_eog(self._vocab, token):
                    reason = "stop"
                    break
                produced += 1
                piece = text.feed(self._piece(token))
                if piece:
                    yield AnswerDelta(text=piece)
                if text.stopped:
                    reason = "stop"
                    break
                if produced >= budget:
                    break
                if cancel.cancelled or self._llm is None:
                    reason = "cancelled"
                    break
            else:  # the tokens end only when a stop aborted a decode
                reason = "cancelled"
        finally:
            tokens_out.close()
        tail = text.finish()
        if tail:
            yield AnswerDelta(text=tail)
        usage = Usage(prompt_tokens=len(tokens), completion_tokens=produced, cached_tokens=cached)
        yield AnswerDelta(done=True, finish_reason=reason, usage=usage)

    def _decoded(self, llm: Any, tokens_out: Iterator[int]) -> Generator[int, None, None]:
        """The sampled tokens, ending quietly when a stop aborts the decode of the next one."""
        try:
            yield from tokens_out
        except RuntimeError:
            if not self._abort.raised:
                raise
            self._forget_from(llm, llm.n_tokens)

    def _piece(self, token: int) -> bytes:
        """Return the token's bytes (llama-cpp-python's helper breaks on pieces over 32 bytes)."""
        piece = self._pieces.get(token)
        if piece is None:
            size = 64
            buffer = ctypes.create_string_buffer(size)
            n = self._lib.llama_token_to_piece(self._vocab, token, buffer, size, 0, False)
            if n < 0:
                size = -n
                buffer = ctypes.create_string_buffer(size)
                n = self._lib.llama_token_to_piece(self._vocab, token, buffer, size, 0, False)
            piece = buffer.raw[: max(n, 0)]
            self._pieces[token] = piece
        return piece

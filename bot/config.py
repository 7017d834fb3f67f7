"""Settings: defaults, then `config.toml` (or --config FILE), then KOMEKSHI_* environment.

Every setting has an environment variable: section and key joined by a double underscore,
e.g. ``KOMEKSHI_TELEGRAM__TOKEN`` or ``KOMEKSHI_DATABASE__URL``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ENV_PREFIX = "KOMEKSHI_"
DEFAULT_CONFIG_FILE = "config.toml"


def default_database_url() -> str:
    """An SQLite file in the user's data directory (XDG), created on first use."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite+aiosqlite:///{Path(base) / 'komekshi' / 'komekshi.sqlite3'}"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TelegramSettings(Section):
    token: SecretStr | None = None
    api_url: str | None = None
    """Base URL of another Bot API server, e.g. a self-hosted telegram-bot-api."""
    api_is_local: bool = False
    """True when api_url is a telegram-bot-api started with --local (file paths are local)."""
    mode: Literal["polling", "webhook"] = "polling"
    polling_timeout: int = Field(default=30, ge=0, le=60)
    drop_pending_updates: bool = False
    webhook_url: str | None = None
    webhook_path: str = "/telegram/webhook"
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    webhook_register: bool = True
    """Whether this worker registers the webhook (setWebhook) when it starts. With several
    workers set it false and run `komekshi webhook` once instead, so they do not race."""
    request_timeout: float = Field(default=30.0, gt=0)
    retry_attempts: int = Field(default=3, ge=0, le=10)
    """How many times a request refused with 429 (retry_after) is sent again."""
    retry_max_wait: float = Field(default=30.0, ge=0)
    """Longest retry_after (seconds) the bot waits for; longer waits give up."""
    shutdown_grace: float = Field(default=20.0, ge=0)
    """Seconds that updates being handled get to finish on SIGTERM."""


class DatabaseSettings(Section):
    url: str = Field(default_factory=default_database_url)
    echo: bool = False
    connect_timeout: float = Field(default=5.0, gt=0)
    import_max_bytes: int = Field(default=5_000_000, ge=1_000)
    """Largest file that `kb import` accepts."""
    version_check_seconds: float = Field(default=1.0, ge=0)
    """How often a running bot looks for a version made elsewhere (CLI, another worker);
    0 turns it off."""
    quick_start: bool = True
    """Keep a copy of the active version beside an SQLite file (`<file>.snapshot.json`),
    so `komekshi ask` and `chat` start without the database layer while it is current."""


class SearchSettings(Section):
    limit: int = Field(default=5, ge=1, le=50)
    alternatives: int = Field(default=3, ge=0, le=3)
    max_query_chars: int = Field(default=1000, ge=10)
    """Longer questions are cut to this many characters before analysis."""
    context_seconds: float = Field(default=600.0, ge=0)
    """How long a private conversation's level and last question are kept (0: never)."""


class AdminSettings(Section):
    user_ids: list[int] = []
    """Telegram user ids allowed to run admin commands."""


class ThrottlingSettings(Section):
    private_interval: float = Field(default=1.0, ge=0)
    """Seconds between two messages the bot sends to one private chat (Telegram: about 1)."""
    group_interval: float = Field(default=3.0, ge=0)
    """Seconds between two messages to one group (Telegram: about 20 a minute)."""
    max_waiting: int = Field(default=10, ge=1)
    """A user's messages waiting for an answer beyond which the rest are skipped (once said)."""
    rate: float = Field(default=1.0, gt=0)
    """Button presses per second per user; more get a "please wait" toast."""
    burst: int = Field(default=3, ge=1)
    """Button presses a user may make at once before the rate applies."""


class RedisSettings(Section):
    url: str | None = None
    """redis://host:port/db; when set, throttling and dialog state are shared between workers."""


class LoggingSettings(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class PrivacySettings(Section):
    user_key_secret: SecretStr | None = None
    """Key for the HMAC that turns Telegram user ids into the pseudonymous keys stored with
    feedback and unanswered questions, and names users in Redis keys and logs. Unset: no
    user key is stored, and Redis keys use an unkeyed hash (set it in production)."""
    retention_days: int = Field(default=90, ge=1, le=3650)
    """Unanswered questions and feedback older than this are deleted by the running bot."""


class MetricsSettings(Section):
    host: str = "127.0.0.1"
    port: int = Field(default=0, ge=0, le=65535)
    """Polling mode: serve /metrics, /healthz and /readyz on this port (0: off). In webhook
    mode they are on the webhook server."""


class I18nSettings(Section):
    default_locale: Literal["kk", "ru"] = "kk"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", toml_file=None
    )

    telegram: TelegramSettings = TelegramSettings()
    database: DatabaseSettings = DatabaseSettings()
    search: SearchSettings = SearchSettings()
    admin: AdminSettings = AdminSettings()
    throttling: ThrottlingSettings = ThrottlingSettings()
    metrics: MetricsSettings = MetricsSettings()
    redis: RedisSettings = RedisSettings()
    logging: LoggingSettings = LoggingSettings()
    i18n: I18nSettings = I18nSettings()
    privacy: PrivacySettings = PrivacySettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


class ConfigError(Exception):
    """The configuration file or environment is invalid; the message says where."""


def config_path(explicit: str | None) -> Path | None:
    """--config FILE, else KOMEKSHI_CONFIG, else ./config.toml when it exists."""
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    from_env = os.environ.get(f"{ENV_PREFIX}CONFIG")
    if from_env:
        path = Path(from_env)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path} (from {ENV_PREFIX}CONFIG)")
        return path
    default = Path(DEFAULT_CONFIG_FILE)
    return default if default.is_file() else None


def load_settings(explicit_file: str | None = None, **overrides: Any) -> Settings:
    """Build the settings once, at start-up; nothing reads them at import time."""
    from pydantic import ValidationError

    path = config_path(explicit_file)

    class FileSettings(Settings):
        model_config = SettingsConfigDict(toml_file=path)

    try:
        return FileSettings(**overrides)
    except ValidationError as exc:
        where = f" in {path}" if path else ""
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigError(f"invalid configuration{where}: {details}") from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc}") from exc

"""The registry's configuration, read from `REGISTRY_*` environment variables.

Development runs need no configuration at all (embedded SQLite, a development
secret); production refuses to start with the development secret, because the
secret keys the personal-id index and token hashing.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from registry.database import persistence_env

DEVELOPMENT_SECRET = "development-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", frozen=True)

    database_url: str = "sqlite:///./registry.sqlite3"
    environment: Literal["development", "production"] = "development"
    secret_key: str = DEVELOPMENT_SECRET
    timezone: str = "UTC"
    suppression_threshold: int = 5
    ready_max_lag: int = 10_000

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError(
                "set REGISTRY_SECRET_KEY: the development secret is refused in production"
            )
        return self

    @cached_property
    def persistence_env(self) -> dict[str, str]:
        return persistence_env(self.database_url)

    @property
    def personal_id_key(self) -> bytes:
        return self.secret_key.encode()

    def today(self) -> date:
        """Today in the registry's time zone: "never in the future" is judged by it."""
        return datetime.now(ZoneInfo(self.timezone)).date()

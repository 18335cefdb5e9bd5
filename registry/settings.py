"""The registry's configuration, read from `REGISTRY_*` environment variables.

Development runs need no configuration at all (embedded SQLite, a development
secret); production refuses to start with the development secret, because the
secret keys the personal-id index and token hashing.

One `Settings` holds everything: the store, the secret and the calendar at the top
level, the HTTP interface's limits in `settings.http` and single sign-on in
`settings.oidc`. Grouping renamed no variable: a group's fields are read from flat
names (`REGISTRY_MAX_BODY_BYTES`, `REGISTRY_OIDC_ISSUER`), which deployments and
the documentation already use, not from pydantic-settings' nested spelling
(`REGISTRY_HTTP__MAX_BODY_BYTES`).
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cached_property
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from registry.database import persistence_env

DEVELOPMENT_SECRET = "development-only-secret-change-me"
"""The secret of a run given none; the one development secret of the code base (the
application's default personal-id key is derived from it)."""


class SettingsGroup(BaseModel):
    """Settings that belong together, each read from `REGISTRY_` + `env_infix` + its
    field's name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    env_infix: ClassVar[str] = ""
    """The group's part of its variables' names, if the names have one (`oidc_`)."""


class HttpGroup(SettingsGroup):
    """What only the HTTP interface reads (`REGISTRY_MAX_BODY_BYTES`, ...)."""

    idempotency_ttl_hours: int = 24
    """How long a refused `Idempotency-Key` request's answer is kept."""
    read_your_writes_timeout: float = 2.0
    """Seconds a request asking for read-your-writes waits for the read models."""
    token_cache_seconds: float = 5.0
    """How long a process reuses a checked local token's user without a database
    lookup; a token revoked elsewhere stops working within this time (0: never reuse)."""
    max_body_bytes: int = Field(default=1_048_576, gt=0)
    """The largest request body accepted (REST and GraphQL); a larger one is refused
    with 413 `payload_too_large` before it is read to the end."""


class PagesGroup(SettingsGroup):
    """What only the pages read (`REGISTRY_DEFAULT_LOCALE`, ...)."""

    default_locale: Literal["az", "ru", "en"] = "az"
    """The pages' language when neither the account nor the browser names one."""
    session_idle_minutes: int = Field(default=30, gt=0)
    """A signed-in session left unused this long ends; the user signs in again."""
    sign_in_failures: int = Field(default=5, gt=0)
    """Failed sign-ins per account (and four times as many per address) within
    `sign_in_window_minutes` before further attempts wait out the window."""
    sign_in_window_minutes: int = Field(default=15, gt=0)


class OidcGroup(SettingsGroup):
    """OpenID Connect (`REGISTRY_OIDC_ISSUER`, ...), switched on by an issuer and an
    audience, with keys from a JWKS URL or a JWKS file; local tokens keep working
    beside it."""

    env_infix: ClassVar[str] = "oidc_"

    issuer: str | None = None
    audience: str | None = None
    jwks_url: str | None = None
    jwks_file: str | None = None
    role_claim: str = "role"
    districts_claim: str = "districts"

    @property
    def enabled(self) -> bool:
        return bool(self.issuer and self.audience and (self.jwks_url or self.jwks_file))


class _FlatEnvSettingsSource(EnvSettingsSource):
    """The environment source, reading a group from its fields' flat names instead of
    a JSON value under the group's own name (so `REGISTRY_HTTP` or `REGISTRY_OIDC`,
    unknown like any other unused `REGISTRY_` variable, is ignored)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        group = _group(field)
        if group is None:
            return super().get_field_value(field, field_name)
        values = {}
        for name in group.model_fields:
            variable = self._apply_case_sensitive(f"{self.env_prefix}{group.env_infix}{name}")
            if (value := self.env_vars.get(variable)) is not None:
                values[name] = value
        return values or None, field_name, False

    def prepare_field_value(
        self, field_name: str, field: FieldInfo, value: Any, value_is_complex: bool
    ) -> Any:
        if _group(field) is None:
            return super().prepare_field_value(field_name, field, value, value_is_complex)
        return value


def _group(field: FieldInfo) -> type[SettingsGroup] | None:
    annotation = field.annotation
    if isinstance(annotation, type) and issubclass(annotation, SettingsGroup):
        return annotation
    return None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGISTRY_", frozen=True)

    database_url: str = "sqlite:///./registry.sqlite3"
    environment: Literal["development", "production"] = "development"
    secret_key: str = DEVELOPMENT_SECRET
    timezone: str = "UTC"
    suppression_threshold: int = 5
    ready_max_lag: int = 10_000
    http: HttpGroup = HttpGroup()
    pages: PagesGroup = PagesGroup()
    oidc: OidcGroup = OidcGroup()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The default sources, in their order, with the environment read flat."""
        return (
            init_settings,
            _FlatEnvSettingsSource(settings_cls),
            dotenv_settings,
            file_secret_settings,
        )

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

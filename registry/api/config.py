"""Settings the HTTP interface adds to the registry's own, from `REGISTRY_*` variables."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ApiSettings(BaseSettings):
    """OpenID Connect is switched on by an issuer and an audience, with keys from a
    JWKS URL or a JWKS file; local tokens keep working beside it."""

    model_config = SettingsConfigDict(env_prefix="REGISTRY_", frozen=True, extra="ignore")

    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_jwks_file: str | None = None
    oidc_role_claim: str = "role"
    oidc_districts_claim: str = "districts"
    idempotency_ttl_hours: int = 24
    read_your_writes_timeout: float = 2.0
    token_cache_seconds: float = 5.0
    """How long a process reuses a checked local token's user without a database
    lookup; a token revoked elsewhere stops working within this time (0: never reuse)."""
    max_body_bytes: int = Field(default=1_048_576, gt=0)
    """The largest request body accepted (REST and GraphQL); a larger one is refused
    with 413 `payload_too_large` before it is read to the end."""

    @property
    def oidc_enabled(self) -> bool:
        return bool(
            self.oidc_issuer and self.oidc_audience and (self.oidc_jwks_url or self.oidc_jwks_file)
        )

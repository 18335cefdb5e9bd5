"""Health, metrics and structured logs: what an operator watches, with no personal data."""

from registry.observability.install import install_observability

__all__ = ["install_observability"]

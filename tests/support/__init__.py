"""Helpers shared by the test suites (builders of decisions, backend base classes)."""

"""The registry's domain model: aggregates, events, coded values and rules.

Imports only the standard library and `eventsourcing`.
"""

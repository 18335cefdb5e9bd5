"""Bulk writes through the application's rules: historic imports and batched saves."""

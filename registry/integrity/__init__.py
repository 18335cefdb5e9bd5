"""Integrity of the stored log: the hash chain that seals it, and `registry verify`."""

"""Signing in to the pages: passwords, server-side sessions and the sign-in throttle."""

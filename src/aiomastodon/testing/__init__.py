"""Helpers for testing code that uses aiomastodon (and for aiomastodon's own tests)."""

from .clock import VirtualClock

__all__ = ["VirtualClock"]

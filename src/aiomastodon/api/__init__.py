"""Endpoint groups, one module per methods page of the Mastodon docs.

Each module is imported when its group is first used (``client.statuses`` imports
``aiomastodon.api.statuses``), so that ``import aiomastodon`` stays light;
``import_all`` imports them all (the route table needs every declaration).
"""

from __future__ import annotations

import importlib
import pkgutil

__all__ = ["import_all"]


def import_all() -> None:
    """Import every endpoint module, and the streaming package (its routes too)."""
    for module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        importlib.import_module(module.name)
    importlib.import_module("aiomastodon.streaming")

"""``python -m aiomastodon``: the ``aiomastodon`` command."""

from .cli import main

raise SystemExit(main())

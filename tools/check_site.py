"""Fail if a rendered page of the built docs site shows a literal Sphinx role.

mkdocstrings reads Markdown, not reStructuredText: a docstring's ``:meth:`x``` or
``:class:`X``` reaches the page as those very characters. Cross references are written
``[`X`][aiomastodon.X]`` instead.

    python tools/check_site.py SITE_DIR    # exit 1, listing each page and role found
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

# A role as it renders: ":meth:" right before the backticked (now <code>) target.
ROLE = re.compile(r"(?<![\w:]):(meth|class|func|data|mod|attr|exc|obj|ref):(?=<code>|`)")


def literal_roles(site: Path) -> list[tuple[Path, str]]:
    """``(page, role)`` for every literal role in the site's pages and search index."""
    found = []
    for page in sorted([*site.rglob("*.html"), *site.rglob("search_index.json")]):
        text = page.read_text(encoding="utf-8", errors="replace")
        found += [(page.relative_to(site), match.group(0)) for match in ROLE.finditer(text)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the directory mkdocs built")
    site = parser.parse_args().site
    if not any(site.rglob("*.html")):
        print(f"{site}: no built pages", file=sys.stderr)
        return 1
    found = literal_roles(site)
    for page, role in found:
        print(f"{page}: literal {role} role (write [`name`][aiomastodon.path])", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())

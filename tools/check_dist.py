"""Check a built sdist and wheel: what each holds, their metadata, the index page's links.

    python -m build --outdir DIST && twine check --strict DIST/* && python tools/check_dist.py DIST

The wheel must hold the package and nothing else: every module of ``src/aiomastodon``,
``py.typed``, and in ``.dist-info`` the metadata and the license files (``LICENSE`` and the
attribution of the Mastodon documentation). No tests, no caches, no stray files. The sdist
must hold what building, testing and the docs need, and no local debris. The long
description (the package index's page) must link only to absolute URLs, and the metadata
must claim every Python the CI tests and no project URL (there is no public repository yet).

Exits 1 with one line per problem; prints what it checked otherwise.
"""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "aiomastodon"
LICENSES = {"LICENSE", "LICENSES/mastodon-documentation.md"}
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
SDIST_NEEDS = {
    "pyproject.toml", "PKG-INFO", "README.md", "DESCRIPTION.md", *LICENSES,
    "src/aiomastodon/py.typed", "src/aiomastodon/__init__.py", "tests/conftest.py",
    "tests/data/mastodon-api/README.md", "docs/index.md", "mkdocs.yml",
}  # fmt: skip
SDIST_TOP = {
    "src", "tests", "docs", "tools", "benchmarks", "LICENSE", "LICENSES", "README.md",
    "DESCRIPTION.md", "ARCHITECTURE.md", "mkdocs.yml", "pyproject.toml", "PKG-INFO",
    ".gitignore",
}  # fmt: skip
DEBRIS = re.compile(
    r"(^|/)(__pycache__|\.venv[^/]*|\.git|\.hypothesis|\.pytest_cache|\.mypy_cache"
    r"|\.ruff_cache|dist|site)(/|$)|\.pyc$|\.orig$|~$"
)
LINK = re.compile(r"\]\(([^)\s]+)|<a\s[^>]*href=[\"']([^\"']+)|<(https?://[^>]+)>")


def package_files() -> set[str]:
    """What the wheel must hold of the package: every file of src/aiomastodon."""
    return {
        "aiomastodon/" + str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*")
        if path.is_file() and not DEBRIS.search(str(path.relative_to(PACKAGE)))
    }


def check_wheel(wheel: Path, problems: list[str]) -> str:
    """Check the wheel; its METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(f"{info}/METADATA").decode()
    allowed_info = {
        f"{info}/{name}" for name in ("METADATA", "WHEEL", "RECORD", "entry_points.txt")
    }
    allowed_info |= {f"{info}/licenses/{name}" for name in LICENSES}
    package = {n for n in names if n.startswith("aiomastodon/")}
    for name in sorted(names - package - allowed_info):
        problems.append(f"wheel: a file that is not the package's: {name}")
    for name in sorted(allowed_info - names - {f"{info}/entry_points.txt"}):
        problems.append(f"wheel: missing {name}")
    for name in sorted(package - package_files()):
        problems.append(f"wheel: not a file of src/aiomastodon: {name}")
    for name in sorted(package_files() - package):
        problems.append(f"wheel: missing {name}")
    for name in sorted(n for n in names if DEBRIS.search(n) or "/tests/" in n):
        problems.append(f"wheel: debris: {name}")
    return metadata


def check_sdist(sdist: Path, problems: list[str]) -> None:
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    top = {name.split("/")[0] for name in names}
    for name in sorted(top - SDIST_TOP):
        problems.append(f"sdist: unexpected at the top: {name}")
    for name in sorted(SDIST_NEEDS - names):
        problems.append(f"sdist: missing {name}")
    for name in sorted(n for n in names if DEBRIS.search(n)):
        problems.append(f"sdist: debris: {name}")
    for name in sorted(package_files()):
        if "src/" + name not in names:
            problems.append(f"sdist: missing src/{name}")


def check_metadata(metadata: str, problems: list[str]) -> None:
    headers = HeaderParser().parsestr(metadata)
    classifiers = headers.get_all("Classifier") or []
    for version in PYTHONS:
        if f"Programming Language :: Python :: {version}" not in classifiers:
            problems.append(f"metadata: no classifier for Python {version}")
    if headers.get("Requires-Python") != f">={PYTHONS[0]}":
        problems.append(f"metadata: Requires-Python is {headers.get('Requires-Python')!r}")
    for name in sorted(LICENSES - set(headers.get_all("License-File") or [])):
        problems.append(f"metadata: no License-File {name}")
    for url in headers.get_all("Project-URL") or []:
        problems.append(f"metadata: a project URL, but there is no public repository: {url}")
    description = headers.get_payload()
    if not description.strip():
        problems.append("metadata: no long description")
    for match in LINK.finditer(description):
        target = next(group for group in match.groups() if group)
        if not re.match(r"https?://", target):
            problems.append(f"long description: a link that is not absolute: {target}")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    dist = Path(argv[0])
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        print(f"check_dist: want one wheel and one sdist in {dist}, found {wheels + sdists}")
        return 1
    problems: list[str] = []
    metadata = check_wheel(wheels[0], problems)
    check_sdist(sdists[0], problems)
    check_metadata(metadata, problems)
    for problem in problems:
        print(f"check_dist: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"check_dist: {wheels[0].name} and {sdists[0].name} hold what they should")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

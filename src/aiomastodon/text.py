"""Status text for bots: HTML to plain text, and a status's length as Mastodon counts it.

[`to_plain`][aiomastodon.text.to_plain] turns the HTML of ``Status.content`` or
``Account.note`` into readable text with the standard library's ``html.parser``; it never
raises. [`status_length`][aiomastodon.text.status_length] and
[`fits`][aiomastodon.text.fits] count a status the way Mastodon's
``StatusLengthValidator`` does, so that a bot can check a reply against
``configuration.statuses.max_characters`` before posting it. Counting needs the
``regex`` package (grapheme clusters and Unicode properties): install
``aiomastodon[text]``.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple

from . import _tlds

if TYPE_CHECKING:
    import regex

__all__ = ["URL_LENGTH", "fits", "status_length", "to_plain"]

# --- HTML to plain text ----------------------------------------------------------------

# Elements that start a new paragraph (a blank line before and after).
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
})  # fmt: skip
# Elements with no end tag: never pushed on the stack of open elements.
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
})  # fmt: skip
# Elements whose content is never text for a reader.
_UNSEEN = frozenset({"head", "noscript", "script", "style", "template", "title"})
# A start tag of one of these closes an open <p>, as in a browser.
_CLOSES_P = _BLOCKS | {"li"}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_NUMBER = re.compile(r"[0-9]{1,9}")


class _Open:
    """One open element: what it changes for the text inside it."""

    __slots__ = ("counter", "hidden", "kind", "marker", "tag")

    def __init__(self, tag: str, kind: str, hidden: bool, counter: int = 1) -> None:
        self.tag = tag
        self.kind = kind  # "quote", "list", "link", "pre" or ""
        self.hidden = hidden  # this element or one around it is not shown
        self.counter = counter  # next number of an <ol>
        self.marker = ""  # "- " or "3. " of a list's current item


class _PlainText(HTMLParser):
    """Renders HTML as text: blocks as paragraphs, lists and quotes as lines with prefixes.

    Breaks are owed, not written: a block end asks for a blank line, a ``<br>`` for one
    more line break, and they are written (with the prefixes of the quotes and lists
    around) only when more text follows, so no output starts or ends with blank lines.
    """

    def __init__(self, *, drop_leading_mentions: bool) -> None:
        super().__init__(convert_charrefs=True)
        self._drop_mentions = drop_leading_mentions
        self._out: list[str] = []
        self._stack: list[_Open] = []
        self._line: tuple[_Open, ...] = ()  # the quotes and lists around the current line
        self._breaks = 0  # line breaks owed before the next text
        self._space = False  # a space owed before the next text on this line
        self._started = False  # anything written yet
        self._seen_text = False  # any text other than leading mentions
        self._bullet: _Open | None = None  # the list whose item marker the next line shows
        self._pre: list[str] | None = None  # text of the open <pre>, written at its end

    # -- the result

    def text(self) -> str:
        self._flush_pre()
        lines = "".join(self._out).split("\n")
        return "\n".join(line.rstrip() for line in lines).strip("\n")

    # -- parser callbacks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P:
            self._close_open_p()
        if tag == "li":
            self._close_to("li", stop_at=("ul", "ol"))
        classes = set()
        for name, value in attrs:
            if name == "class" and value:
                classes.update(value.split())
        hidden = self._hidden() or tag in _UNSEEN or "quote-inline" in classes
        if "invisible" in classes and not self._in("link"):
            hidden = True  # Mastodon's UI hides these; inside a link they hold the URL
        if tag == "a" and self._drop_mentions and not self._seen_text and not hidden:
            hidden = "mention" in classes and "hashtag" not in classes
        if hidden:
            if tag not in _VOID:
                self._stack.append(_Open(tag, "", True))
            return
        if tag == "br":
            self._line_break()
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.handle_data(alt)
        elif tag in ("td", "th"):
            self._space = self._started
        elif tag == "tr":
            self._owe(1)
        if tag in _VOID:
            if tag == "hr":
                self._owe(2)
            return
        entry = _Open(tag, "", False)
        if tag in ("ul", "ol"):
            self._owe(1 if self._in("list") else 2)
            entry.kind = "list"
            start = dict(attrs).get("start") if tag == "ol" else None
            entry.counter = int(start) if start and _NUMBER.fullmatch(start.strip()) else 1
            entry.marker = "" if tag == "ol" else "- "
        elif tag == "li":
            self._start_item()
        elif tag == "blockquote":
            self._owe(2)
            entry.kind = "quote"
        elif tag == "pre":
            self._owe(2)
            entry.kind = "pre"
            if self._pre is None:
                self._pre = []
        elif tag == "a":
            entry.kind = "link"
        elif tag in _BLOCKS:
            self._owe(2)
        self._stack.append(entry)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # html.parser raises AssertionError on a marked section it does not know
        # (``<![ERROR[``); a browser reads that as a bogus comment, up to the next ``>``.
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return len(self.rawdata) if end < 0 else end + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br" and not self._hidden():
            self._line_break()  # </br> is a <br> to browsers
            return
        self._close_to(tag)

    def handle_data(self, data: str) -> None:
        if self._hidden() or not data:
            return
        if self._pre is not None:
            self._pre.append(data)
            return
        collapsed = _HTML_SPACE.sub(" ", data)
        words = collapsed.strip(" ")
        if collapsed.startswith(" "):
            self._space = self._started
        if words:
            self._write(words)
            self._seen_text = True
            self._space = collapsed.endswith(" ")

    # -- structure

    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1].hidden

    def _in(self, kind: str) -> bool:
        return any(entry.kind == kind for entry in self._stack)

    def _close_open_p(self) -> None:
        self._close_to("p", stop_at=("blockquote", "li", "ul", "ol", "td", "th", "table"))

    def _close_to(self, tag: str, stop_at: tuple[str, ...] = ()) -> None:
        """Close the innermost open ``tag`` and everything opened inside it (if it is open)."""
        for index in range(len(self._stack) - 1, -1, -1):
            open_tag = self._stack[index].tag
            if open_tag == tag:
                break
            if open_tag in stop_at:
                return
        else:
            return
        while len(self._stack) > index:
            self._end(self._stack.pop())

    def _end(self, entry: _Open) -> None:
        if entry.hidden:
            return
        if entry.kind == "pre" and not self._in("pre"):
            self._flush_pre()
            self._owe(2)
        elif entry.kind == "list":
            self._owe(1 if self._in("list") else 2)
            if self._bullet is entry:
                self._bullet = None
        elif entry.tag == "li":
            self._owe(1)
        elif entry.tag in _BLOCKS:
            self._owe(2)

    def _start_item(self) -> None:
        lists = [entry for entry in self._stack if entry.kind == "list"]
        self._owe(1)
        if not lists:
            return
        current = lists[-1]
        if current.tag == "ol":
            current.marker = f"{current.counter}. "
            current.counter += 1
        self._bullet = current

    # -- writing

    def _owe(self, breaks: int) -> None:
        self._breaks = max(self._breaks, breaks)
        self._space = False

    def _line_break(self) -> None:
        if self._pre is not None:
            self._pre.append("\n")
        else:
            self._breaks += 1
            self._space = False

    def _prefix(self, entries: tuple[_Open, ...], *, blank: bool = False) -> str:
        parts = []
        for entry in entries:
            if entry.kind == "quote":
                parts.append("> ")
            elif entry.kind == "list":
                shows_marker = entry is self._bullet and not blank
                parts.append(entry.marker if shows_marker else " " * len(entry.marker))
        return "".join(parts)

    def _new_line(self) -> None:
        """Write the owed breaks and the prefix of the line that starts now."""
        here = tuple(entry for entry in self._stack if entry.kind in ("quote", "list"))
        if self._started and self._breaks:
            shared = []
            for before, now in zip(self._line, here, strict=False):
                if before is not now:
                    break
                shared.append(now)
            blank = "\n" + self._prefix(tuple(shared), blank=True).rstrip()
            self._out.append(blank * (self._breaks - 1) + "\n")
        self._out.append(self._prefix(here))
        self._line = here
        self._bullet = None
        self._breaks = 0
        self._space = False

    def _write(self, text: str) -> None:
        if not self._started or self._breaks:
            self._new_line()
        elif self._space:
            self._out.append(" ")
        self._out.append(text)
        self._started = True
        self._space = False

    def _flush_pre(self) -> None:
        if self._pre is None:
            return
        text = "".join(self._pre).replace("\r\n", "\n")
        self._pre = None
        text = text.removeprefix("\n").rstrip("\n")  # browsers drop a newline after <pre>
        if not text.strip():
            return
        first, *rest = text.split("\n")
        self._write(first)
        for line in rest:
            self._out.append("\n" + self._prefix(self._line, blank=True) + line)
        self._seen_text = True


def to_plain(html: str, *, drop_leading_mentions: bool = False) -> str:
    """Turn status or bio HTML into readable plain text.

    - Paragraphs (``<p>``, headings, ``<div>``) are separated by a blank line; ``<br>``
      is a line break; whitespace is collapsed as a browser would, except in ``<pre>``.
    - Links become their text. A mention (``<a class="u-url mention">@<span>alice</span></a>``)
      is the ``@alice`` it shows, a hashtag ``#tag``. A URL Mastodon shortened for display
      (``<span class="invisible">https://</span><span class="ellipsis">example.com/very/lo
      </span><span class="invisible">ng</span>``) comes out whole,
      ``https://example.com/very/long``:
      the web UI shows ``example.com/very/lo…``, but a bot wants the address.
    - ``invisible`` spans outside links, and the ``quote-inline`` fallback that Mastodon
      4.4+ adds to quote posts (``<p class="quote-inline">RE: …</p>``; the quoted post
      is in ``Status.quote``) are dropped, as the web UI drops them.
    - ``<ul>``/``<ol>`` items become ``- item`` / ``1. item`` lines (nested lists
      indented), ``<blockquote>`` lines start with ``> ``, ``<pre>`` keeps its lines;
      ``<img>`` becomes its ``alt`` text; ``<script>`` and ``<style>`` are dropped.
    - Entities are decoded (``&amp;`` → ``&``); trailing spaces and leading or
      trailing blank lines are removed.

    Args:
        html: The HTML, e.g. ``Status.content`` or ``Account.note``. Any text is
            accepted; this never raises.
        drop_leading_mentions: Leave out the mention links before the first other text:
            ``"@bot @alice help me"`` gives ``"help me"``, the command a bot was sent.

    Returns:
        The text, with ``\\n`` line breaks.
    """
    parser = _PlainText(drop_leading_mentions=drop_leading_mentions)
    parser.feed(html)
    parser.close()
    return parser.text()


# --- status length ---------------------------------------------------------------------

URL_LENGTH = 23
"""How many characters every URL counts for (``characters_reserved_per_url``)."""

_MAX_URL_LENGTH = 4096  # a longer "URL" is not one to the extractor: it counts in full
_MAX_DOMAIN_LENGTH = 253  # a mention of a longer domain is not one, likewise
_MAX_TCO_SLUG_LENGTH = 40


def _chars(*items: str | tuple[int, int]) -> str:
    """Character-class contents for code points and (first, last) ranges."""
    out = []
    for item in items:
        if isinstance(item, tuple):
            out.append(f"\\U{item[0]:08x}-\\U{item[1]:08x}")
        else:
            out.append("".join(f"\\U{ord(c):08x}" for c in item))
    return "".join(out)


# The pieces of twitter-text's regexes (3.1.0), with the changes Mastodon makes to them
# in config/initializers/twitter_regex.rb.
_LATIN_ACCENTS = _chars(
    (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0xFF), (0x100, 0x24F), (0x253, 0x254), (0x256, 0x257),
    "\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb", (0x300, 0x36F), (0x1E00, 0x1EFF),
)  # fmt: skip
_DIRECTIONAL = _chars("\u061c\u200e\u200f", (0x202A, 0x202E), (0x2066, 0x2069))
_INVALID = _chars("\ufffe\ufeff\uffff")
_UNICODE_SPACES = _chars(
    (0x09, 0x0D), " \x85\xa0\u1680\u180e", (0x2000, 0x200A), "\u2028\u2029\u202f\u205f\u3000"
)
# twitter-text's PUNCTUATION_CHARS, as its Ruby regex reads them: without the backslash.
_PUNCTUATION = _chars("!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~")
_CONTROLS = _chars(" \t\n\x0b\x0c\r", (0, 0x1F), "\x7f")
_DOMAIN_CHAR = f"[^{_DIRECTIONAL}{_PUNCTUATION}{_CONTROLS}{_INVALID}{_UNICODE_SPACES}]"
_UCHARS = _chars(
    (0xA0, 0xD7FF), (0xF900, 0xFDCF), (0xFDF0, 0xFFEF), (0x10000, 0x1FFFD), (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD), (0x40000, 0x4FFFD), (0x50000, 0x5FFFD), (0x60000, 0x6FFFD),
    (0x70000, 0x7FFFD), (0x80000, 0x8FFFD), (0x90000, 0x9FFFD), (0xA0000, 0xAFFFD),
    (0xB0000, 0xBFFFD), (0xC0000, 0xCFFFD), (0xD0000, 0xDFFFD), (0xE1000, 0xEFFFD),
    (0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD),
)  # fmt: skip


def _url_pattern() -> str:
    tld_end = r"(?=[^0-9a-z@+-]|$)"
    tlds = (
        f"(?:(?:{'|'.join(_tlds.GENERIC.split())}){tld_end})"
        f"|(?:(?:{'|'.join(_tlds.COUNTRY.split())}){tld_end})"
        r"|(?:xn--[0-9a-z]+)"
    )
    d = _DOMAIN_CHAR
    domain = rf"(?:(?:(?:{d}(?:[_-]|{d})*)?{d}\.)*(?:(?:{d}(?:-|{d})*)?{d}\.)(?:{tlds}))"
    # twitter-text's own path characters survive in one place: Mastodon redefines the
    # balanced-parentheses pattern only after building the path-ending one from it.
    old_path_char = rf"[a-z\p{{Cyrillic}}0-9!*';:=+,.$/%#\[\]\p{{Pd}}_~&|@{_LATIN_ACCENTS}]"
    old_char = old_path_char
    old_parens = rf"\((?:{old_char}+|(?:{old_char}*\({old_char}+\){old_char}*))\)"
    path_char = r"[^\p{White_Space}<>()?]"
    parens = rf"\((?:{path_char}+|(?:{path_char}*\({path_char}+\){path_char}*))\)"
    path_end = rf"(?:[^\p{{White_Space}}()?!*\"'「」<>;:=,.$%\[\]~&|@]|{old_parens})"
    path = rf"(?:(?:{path_char}*(?:{parens}{path_char}*)*{path_end})|(?:{path_char}+/))"
    query = rf"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^{_UCHARS}]"
    query_end = rf"[a-z0-9_&=#/\-{_UCHARS}]"
    before = rf"(?:[^A-Z0-9@\uff20$#\uff03{_INVALID}]|[{_DIRECTIONAL}]|^)"
    protocol = r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://"
    return (
        rf"{before}(?P<url>(?P<protocol>{protocol})?(?P<domain>{domain})(?::[0-9]+)?"
        rf"(?:/{path}*)?(?:\?{query}*{query_end})?)"
    )


class _Patterns(NamedTuple):
    url: regex.Pattern[str]
    tco: regex.Pattern[str]
    mention: regex.Pattern[str]
    mention_end: regex.Pattern[str]
    blank: regex.Pattern[str]
    grapheme: regex.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    try:
        import regex
    except ImportError as exc:  # pragma: no cover - the hygiene test imports it absent
        raise ImportError(
            "counting a status's length needs the regex package: pip install 'aiomastodon[text]'"
        ) from exc
    word = r"[\p{L}\p{M}\p{N}\p{Pc}]"  # Ruby's [[:word:]]
    return _Patterns(
        url=regex.compile(_url_pattern(), regex.IGNORECASE | regex.MULTILINE),
        tco=regex.compile(r"^https?://t\.co/([a-z0-9]+)", regex.IGNORECASE),
        # Account::MENTION_RE
        mention=regex.compile(
            rf"(?<![=/]|{word})@((?i:[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@{word}+(?:[.-]+{word}+)*)?)"
        ),
        # twitter-text's end_mention_match: what may not follow a mention
        mention_end=regex.compile(rf"[@\uff20]|[{_LATIN_ACCENTS}]|://"),
        blank=regex.compile(r"\p{White_Space}*"),
        grapheme=regex.compile(r"\X"),
    )


def _valid_domain(url_length: int, domain: str) -> bool:
    # twitter-text's is_valid_domain: the host must survive IDNA (IDNA 2003, as libidn
    # does it) and the URL, with the host in punycode, be at most 4096 characters.
    try:
        encoded = domain.encode("idna")
    except UnicodeError:
        return False
    return url_length + max(0, len(encoded) - len(domain)) <= _MAX_URL_LENGTH


def _entities(text: str, p: _Patterns) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for every URL and mention, overlaps removed."""
    found: list[tuple[int, int, str]] = []
    if ":" in text:
        for match in p.url.finditer(text):
            if match.group("protocol") is None:
                continue  # Mastodon counts only URLs with a scheme
            url = match.group("url")
            start, end = match.span("url")
            tco = p.tco.match(url)
            if tco:
                if len(tco.group(1)) > _MAX_TCO_SLUG_LENGTH:
                    continue
                url = tco.group(0)
                end = start + len(url)
            if _valid_domain(len(url), match.group("domain")):
                found.append((start, end, "x" * URL_LENGTH))
    if "@" in text:
        for match in p.mention.finditer(text):
            if p.mention_end.match(text, match.end()):
                continue
            username, _, domain = match.group(1).partition("@")
            if len(domain) > _MAX_DOMAIN_LENGTH:
                continue
            found.append((match.start(), match.end(1), "@" + username))
    found.sort()
    kept: list[tuple[int, int, str]] = []
    for entity in found:
        if not kept or entity[0] >= kept[-1][1]:
            kept.append(entity)
    return kept


def status_length(text: str, *, spoiler_text: str = "") -> int:
    """The length of a status as Mastodon counts it against ``max_characters``.

    Mastodon's ``StatusLengthValidator``: the content warning plus the text, counted in
    grapheme clusters (a flag, an emoji ZWJ sequence or a letter with combining marks
    is one), where

    - every URL its extractor recognises counts as [`URL_LENGTH`][aiomastodon.text.URL_LENGTH] (23)
      characters,
      however long. Only URLs with a scheme count so (``http``, ``https``, and the
      ``dat``, ``dweb``, ``ipfs``, ``ipns``, ``ssb``, ``gopher``, ``gemini`` Mastodon
      adds); ``example.com/page`` counts in full. The host must end in a known
      top-level domain (``http://localhost/`` counts in full), a URL glued to a
      preceding letter or digit (``xhttps://…``) is not one, and trailing punctuation
      (``https://example.com/a.``) is not part of it;
    - a mention counts without its domain: ``@alice@example.social`` counts as ``@alice``.

    The content warning is counted as it is. A text of only whitespace counts as
    nothing; and when it is blank and there is a content warning, Mastodon posts the
    warning as the text (so its URLs count 23), which is counted the same way here.

    Raises:
        ImportError: The ``regex`` package is missing (``pip install 'aiomastodon[text]'``).
    """
    p = _patterns()
    if p.blank.fullmatch(text) and not p.blank.fullmatch(spoiler_text):
        text, spoiler_text = spoiler_text, ""
    countable = ""
    if not p.blank.fullmatch(text):
        parts = []
        position = 0
        for start, end, replacement in _entities(text, p):
            parts.append(text[position:start])
            parts.append(replacement)
            position = end
        parts.append(text[position:])
        countable = "".join(parts)
    return sum(1 for _ in p.grapheme.finditer(spoiler_text + countable))


def fits(text: str, max_characters: int, *, spoiler_text: str = "") -> bool:
    """Whether a status fits the instance's limit, as Mastodon will judge it.

    Args:
        text: The status text, as you would post it.
        max_characters: ``configuration.statuses.max_characters`` of the instance
            (``client.instance.get()``); 500 on a stock Mastodon.
        spoiler_text: The content warning, which counts too.
    """
    return status_length(text, spoiler_text=spoiler_text) <= max_characters

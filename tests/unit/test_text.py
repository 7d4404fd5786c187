"""aiomastodon.text: status HTML to plain text, and status length as Mastodon counts it."""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import aiomastodon
from aiomastodon import text
from aiomastodon.text import URL_LENGTH, fits, status_length, to_plain

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "mastodon-api" / "examples"


def _example(name: str) -> dict[str, object]:
    loaded = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# --- to_plain: real HTML from the Mastodon docs' examples --------------------------------


def test_bio_html_gives_back_the_plain_text_it_was_written_as() -> None:
    # CredentialAccount carries both: the rendered `note` and the `source.note` typed in.
    account = _example("CredentialAccount.json")
    source = account["source"]
    assert isinstance(source, dict)
    assert isinstance(account["note"], str)
    assert to_plain(account["note"]) == source["note"].replace("\r\n", "\n")


def test_status_with_a_shortened_link_keeps_the_whole_url() -> None:
    status = _example("Status.json")
    assert isinstance(status["content"], str)
    assert to_plain(status["content"]) == (
        '"I lost my inheritance with one wrong digit on my sort code"\n\n'
        "https://www.theguardian.com/money/2019/dec/07/"
        "i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code"
    )


def test_account_note_with_hashtags_mentions_and_emoji_shortcodes() -> None:
    note = _example("Account.json")["note"]
    assert isinstance(note, str)
    plain = to_plain(note)
    assert plain.startswith(":ms_rainbow_flag:\u200b :ms_bisexual_flagweb:\u200b")
    assert "#awoo.space #admin ~ #bi ~ #nonbinary ~ compsci student" in plain
    assert plain.endswith("avatar by @dzuk")
    assert "<" not in plain
    assert "\n" not in plain


def test_extended_description_with_headings_and_line_breaks() -> None:
    page = json.loads(
        (EXAMPLES / "methods" / "instance_extended_description.json").read_text("utf-8")
    )
    plain = to_plain(page["content"])
    assert "\n\nFunding\n\nThis server is crowdfunded by Patreon donations." in plain
    assert plain.endswith(
        "Handelsregister\nGeführt bei: Amtsgericht Charlottenburg\nNummer: HRB 230086 B"
    )


def test_privacy_policy_list_items_become_lines() -> None:
    page = json.loads((EXAMPLES / "methods" / "instance_privacy_policy.json").read_text("utf-8"))
    plain = to_plain(page["content"])
    assert "What information do we collect?\n\n- Basic account information: If you" in plain
    # Source newlines inside a list item are whitespace, not line breaks.
    assert "you may be asked to enter a username" in plain
    assert "\n- IPs and other metadata: When you log in" in plain


# --- to_plain: hand-written cases, Mastodon and forks -----------------------------------

MENTION_BOT = (
    '<span class="h-card" translate="no"><a href="https://example.social/@bot"'
    ' class="u-url mention">@<span>bot</span></a></span>'
)
MENTION_ALICE = (
    '<span class="h-card"><a href="https://other.example/@alice" class="u-url mention"'
    ' rel="nofollow noopener" target="_blank">@<span>alice</span></a></span>'
)


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("", ""),
        ("plain text, no tags", "plain text, no tags"),
        ("<p>Hello world</p>", "Hello world"),
        ("<p>cats<br>cats never change</p>", "cats\ncats never change"),
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("<p>one</p>\n\n<p>two</p>\n", "one\n\ntwo"),
        ("<p>a<br><br>b</p>", "a\n\nb"),
        ("<p>a<br/>b</br>c</p>", "a\nb\nc"),
        ("<p>a<p>b", "a\n\nb"),  # an unclosed <p> ends where the next begins
        ("<p>ta<b>b</b>le   spaced\n\ttext </p>", "table spaced text"),
        ("<p>&quot;x&quot; &amp; &lt;y&gt; &#128512; &eacute;</p>", '"x" & <y> \U0001f600 é'),
        (f"<p>{MENTION_ALICE} sup!</p>", "@alice sup!"),
        (
            '<p><a href="https://mspsocial.net/tags/cats" class="mention hashtag" rel="tag">'
            "#<span>cats</span></a></p>",
            "#cats",
        ),
        # Mastodon's shortened link: the web UI shows "example.com/very/lo…".
        (
            '<p>see <a href="https://example.com/very/long"><span class="invisible">https://'
            '</span><span class="ellipsis">example.com/very/lo</span><span class="invisible">'
            "ng</span></a>!</p>",
            "see https://example.com/very/long!",
        ),
        ('<p>a<span class="invisible"> hidden</span> b</p>', "a b"),
        # Mastodon 4.4+ quote fallbacks, hidden by the web UI.
        (
            '<p class="quote-inline">RE: <a href="https://x.example/@a/1">'
            "https://x.example/@a/1</a></p><p>my comment</p>",
            "my comment",
        ),
        (
            '<p>comment<span class="quote-inline"><br/><br/>RE: <a href="https://x.example/1">'
            "x</a></span></p>",
            "comment",
        ),
        # glitch-soc / Akkoma markdown
        (
            "<p>code:</p><pre><code>def f():\n    return 1\n</code></pre><p>done</p>",
            "code:\n\ndef f():\n    return 1\n\ndone",
        ),
        ("<pre>  indented\n\n  after a blank line</pre>", "  indented\n\n  after a blank line"),
        ("<p>inline <code>x = 1</code> here</p>", "inline x = 1 here"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        (
            "<p>list:</p><ol><li>first</li><li>second</li></ol><p>after</p>",
            "list:\n\n1. first\n2. second\n\nafter",
        ),
        (
            '<ol start="9"><li>nine</li><li>ten<br>more</li><li>eleven</li></ol>',
            "9. nine\n10. ten\n    more\n11. eleven",
        ),
        (
            "<ul><li>a<ul><li>a.1</li><li>a.2</li></ul></li><li>b</li></ul>",
            "- a\n  - a.1\n  - a.2\n- b",
        ),
        ("<ul><li>unclosed<li>items</ul>", "- unclosed\n- items"),
        ("<ul><li><p>loose a</p></li><li><p>loose b</p></li></ul>", "- loose a\n\n- loose b"),
        ("<ul><li>item<pre>code\nmore</pre></li></ul>", "- item\n\n  code\n  more"),
        (
            "<p>Hello</p><blockquote><p>quoted one</p><p>two<br>lines</p></blockquote><p>after</p>",
            "Hello\n\n> quoted one\n>\n> two\n> lines\n\nafter",
        ),
        (
            "<blockquote><ul><li>a</li></ul><blockquote><p>deeper</p></blockquote></blockquote>",
            "> - a\n>\n> > deeper",
        ),
        ("<blockquote><pre>quoted\ncode</pre></blockquote>", "> quoted\n> code"),
        ("<h1>Title</h1><p>Body</p><hr><p>End</p>", "Title\n\nBody\n\nEnd"),
        ('<p><img class="emoji" alt=":blobcat:" src="x.png"> hi</p>', ":blobcat: hi"),
        ("<script>alert(1)</script><style>p{}</style><p>visible</p>", "visible"),
        ("<p>a</p><![ERROR[ junk ]]><p>b</p>", "a\n\nb"),
    ],
)
def test_to_plain(html: str, plain: str) -> None:
    assert to_plain(html) == plain


def test_drop_leading_mentions_leaves_the_command() -> None:
    html = f"<p>{MENTION_BOT} {MENTION_ALICE} help me with {MENTION_ALICE}</p>"
    assert to_plain(html) == "@bot @alice help me with @alice"
    assert to_plain(html, drop_leading_mentions=True) == "help me with @alice"


def test_drop_leading_mentions_keeps_hashtags_and_text_before() -> None:
    tag = '<a href="https://e.example/tags/x" class="mention hashtag">#<span>x</span></a>'
    assert to_plain(f"<p>{tag} {MENTION_BOT} go</p>", drop_leading_mentions=True) == "#x @bot go"
    assert to_plain(f"<p>hey {MENTION_BOT}</p>", drop_leading_mentions=True) == "hey @bot"


def test_drop_leading_mentions_across_paragraphs() -> None:
    html = f"<p>{MENTION_BOT}</p><p>roll 2d6</p>"
    assert to_plain(html, drop_leading_mentions=True) == "roll 2d6"


_FRAGMENTS = st.sampled_from([
    "<p>", "</p>", "<br>", "<br/>", "</br>", '<a href="x" class="u-url mention">', "</a>",
    '<span class="invisible">', '<span class="ellipsis">', "</span>", "<pre>", "</pre>",
    "<ul>", "</ul>", "<ol start=3>", "</ol>", "<li>", "</li>", "<blockquote>",
    "</blockquote>", "<code>", "</code>", "<![ERROR[", "<!--", "-->", "<", ">", "&",
    "&amp;", "&#x;", "&#99999999;", "<script>", "</script>", '<span class="quote-inline">',
    "<img alt='a'>", "<![CDATA[", "]]>", "<!DOCTYPE html>", "<?php", "\n", " ", "\r",
])  # fmt: skip


@given(
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=4)), max_size=40).map("".join), st.booleans()
)
def test_to_plain_never_raises_on_tag_soup(html: str, drop: bool) -> None:
    assert isinstance(to_plain(html, drop_leading_mentions=drop), str)


@given(st.text())
def test_to_plain_never_raises_on_any_text(html: str) -> None:
    assert isinstance(to_plain(html), str)


_TAGS = ["p", "span", "a", "b", "em", "li", "ul", "blockquote", "code", "pre", "h2", "div"]
_WORDS = st.text(alphabet="abc xyz\n\t.,!@#", min_size=1, max_size=8)


@given(
    st.lists(
        st.one_of(
            _WORDS,
            st.sampled_from(_TAGS).map(lambda tag: f"<{tag}>"),
            st.sampled_from(_TAGS).map(lambda tag: f"</{tag}>"),
            st.sampled_from(_TAGS).map(lambda tag: f'<{tag} class="h-card" data-x="1">'),
        ),
        max_size=30,
    ).map("".join)
)
def test_no_parsed_tag_survives(html: str) -> None:
    # The text has no "<" of its own, so any tag in the output would be a parsed one.
    plain = to_plain(html)
    assert not re.search(r"</?[a-z]", plain)


# --- status_length: a table from Mastodon's rules ---------------------------------------
# StatusLengthValidator counts spoiler_text + text in grapheme clusters, after replacing
# every URL the twitter-text extractor (3.1.0, with Mastodon's config/initializers/
# twitter_regex.rb) finds *with a scheme* by 23 characters and every mention
# @user@domain by @user. The expected numbers were checked against that Ruby code.

X = URL_LENGTH
LONG = "/a" * 40  # 80 characters of path

LENGTHS = [
    # plain text, content warnings, blank text
    ("", "", 0),
    ("hello", "", 5),
    ("hello world", "cw", 13),
    ("   ", "", 0),  # a blank text counts as nothing
    ("   ", "cw", 2),
    (" \n\t", f"see https://example.com{LONG}", 4 + X),  # a lone CW is posted as the text
    ("日本語のテキスト", "注意", 10),
    # URLs with a scheme count 23, however long
    ("https://example.com", "", X),
    ("http://example.com", "", X),
    ("HTTPS://EXAMPLE.COM/PATH", "", X),
    (f"https://example.com{LONG}?with=query&and=more#frag", "", X),
    (f"https://example.com:8443{LONG}", "", X),
    (f"https://sub.domain.example.co.uk{LONG}", "", X),
    (f"https://under_score.example.com{LONG}", "", X),
    (f"https://user:pass@example.com{LONG}", "", 29 + 80),  # userinfo: not a URL at all
    (f"https://example.com/a https://example.org{LONG}", "", 2 * X + 1),
    (f"line\nhttps://example.com{LONG}", "", 5 + X),
    ("https://example.com/a\nhttps://example.com/b", "", 2 * X + 1),
    # ... and so do the schemes Mastodon adds, but no others
    (f"gemini://example.com{LONG}", "", X),
    (
        f"ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi.ipfs.dweb.link{LONG}",
        "",
        X,
    ),
    (f"ftp://example.com{LONG}", "", 17 + 80),
    ("xmpp:alice@example.com", "", 22),
    ("magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a", "", 60),
    # without a scheme a URL counts in full
    ("example.com", "", 11),
    (f"www.example.com{LONG}", "", 15 + 80),
    # the host must end in a top-level domain the extractor knows
    (f"http://localhost:3000{LONG}", "", 21 + 80),
    (f"http://127.0.0.1:3000{LONG}", "", 21 + 80),
    (f"https://example.invalid{LONG}", "", 23 + 80),
    (f"https://example.onion{LONG}", "", X),
    (f"https://example.xn--p1ai{LONG}", "", X),
    (f"https://example.comx{LONG}", "", 20 + 80),
    (f"https://example.community{LONG}", "", X),
    ("https://example.c/path", "", 22),
    # internationalised hosts and paths
    ("https://例え.jp/パス/とても長い", "", X),
    ("https://xn--r8jz45g.jp/long/path/here", "", X),
    ("https://münchen.de/straße/long", "", X),
    ("https://пример.рф/путь/длинный", "", X),
    ("https://example.com/пример/путь", "", X),
    ("https://example.com/?q=日本", "", X),
    ("https://example.com/\u00e9t\u00e9", "", X),
    # a URL glued to a preceding letter, digit or sign is not one
    (f"xhttps://example.com{LONG}", "", 20 + 80),
    (f"1https://example.com{LONG}", "", 20 + 80),
    (f"#https://example.com{LONG}", "", 20 + 80),
    (f"@https://example.com{LONG}", "", 20 + 80),
    (f"$https://example.com{LONG}", "", 20 + 80),
    (f"-https://example.com{LONG}", "", 1 + X),
    (f"/https://example.com{LONG}", "", 1 + X),
    (f"https://example.com/ahttps://example.org{LONG}", "", X),
    # trailing punctuation stays outside the URL (and counts)
    ("see https://example.com/a.", "", 4 + X + 1),
    ("see https://example.com/a, and more", "", 4 + X + 10),
    ("https://example.com/path?q=1.", "", X + 1),
    ("https://example.com/path!", "", X + 1),
    ("https://example.com/path?", "", X + 1),
    ('"https://example.com/quoted"', "", X + 2),
    ("(https://example.com/wiki/Foo_(bar))", "", X + 2),
    ("https://example.com/wiki/Foo_(bar_(baz))", "", X),
    ("https://example.com.", "", X + 1),
    ("https://example.com/<tag>", "", X + 5),
    ("https://example.com\u3000text", "", X + 5),
    # t.co links stop after the slug
    ("https://t.co/abc123def/more/path", "", X + 10),
    # too long to be a URL (over 4096 characters), or a host label over 63
    ("https://example.com" + "/a" * 2100, "", 19 + 4200),
    ("https://example.com" + "/a" * 2030, "", X),
    ("https://" + "a" * 64 + ".com/path", "", 8 + 64 + 9),
    ("https://" + "a" * 63 + ".com/path", "", X),
    # mentions count without their domain
    ("@alice", "", 6),
    ("@alice@example.social", "", 6),
    ("@Alice@Example.Social hi", "", 9),
    ("hi @alice@mastodon.example.org and @bob", "", 3 + 6 + 5 + 4),
    ("@alice.smith@example.social", "", 12),
    ("@al-ice@ex-ample.social", "", 7),
    ("@a @b @c@d.e", "", 8),
    ("RT @alice hi", "", 12),
    ("email alice@example.social", "", 26),  # not a mention: glued to a word
    ("x@alice@example.social", "", 22),
    ("=@alice@example.social", "", 22),
    ("/@alice@example.social", "", 22),
    ("@alice@", "", 7),
    ("@alice@@example.social", "", 22),
    ("@alice@example.social@other", "", 27),  # followed by @: not a mention
    ("@alicé@example.social", "", 21),
    ("@alice@exämple.social", "", 6),
    ("@alice://", "", 9),
    ("@alice@" + "a" * 250 + ".com", "", 261),  # a domain over 253 characters
    ("@alice@" + "a" * 240 + ".com", "", 6),
    (f"https://example.social/@alice@example.social{LONG}", "", X),
    # grapheme clusters: each of these is one character
    ("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", "", 1),  # ZWJ family
    ("\U0001f1e9\U0001f1ea\U0001f1eb\U0001f1f7", "", 2),  # two flags
    ("\U0001f44d\U0001f3fd", "", 1),  # skin tone
    ("e\u0301e\u0301", "", 2),  # combining accents
    ("a\r\nb", "", 3),  # CR LF is one
    ("\u0301", "e", 1),  # the CW and the text are counted as one string
    # the content warning is counted as written: its URLs are not shortened
    ("http://example.com http://example.com", "https://example.com/in/cw", 25 + 2 * X + 1),
]


@pytest.mark.parametrize(("status", "spoiler", "length"), LENGTHS)
def test_status_length(status: str, spoiler: str, length: int) -> None:
    assert status_length(status, spoiler_text=spoiler) == length


def test_fits_against_max_characters() -> None:
    reply = "@alice@example.social " + "x" * 493  # counts 6 + 1 + 493 = 500
    assert fits(reply, 500)
    assert not fits(reply + "!", 500)
    assert not fits(reply, 500, spoiler_text="cw")
    assert fits("https://example.com" + "/long" * 200, 23)


@given(st.text(), st.text(max_size=5))
def test_status_length_never_raises(status: str, spoiler: str) -> None:
    assert status_length(status, spoiler_text=spoiler) >= 0


@given(st.text().filter(lambda s: ":" not in s and "@" not in s and s.strip()))
def test_without_urls_or_mentions_the_length_is_the_grapheme_count(status: str) -> None:
    import regex

    if regex.fullmatch(r"\p{White_Space}*", status):
        assert status_length(status) == 0
    else:
        assert status_length(status) == len(regex.findall(r"\X", status))


def test_status_length_without_regex_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "regex", None)
    text._patterns.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"pip install 'aiomastodon\[text\]'"):
            status_length("hello")
        assert to_plain("<p>still works</p>") == "still works"
    finally:
        monkeypatch.undo()
        text._patterns.cache_clear()
    assert status_length("hello") == 5


def test_module_imports_without_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aiomastodon, "text", text)  # restored after the fresh import below
    monkeypatch.setitem(sys.modules, "regex", None)
    monkeypatch.delitem(sys.modules, "aiomastodon.text")
    fresh = importlib.import_module("aiomastodon.text")
    assert fresh.to_plain("<p>a</p>") == "a"

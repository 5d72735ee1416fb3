"""The pieces under the pages: marking overlapping spans, URL and address checks, the graph layout."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from reportedly.errors import FetchError
from reportedly.link.records import Appearance, Cluster, Discrepancy, Source
from reportedly.model import Article, Attribution, Quantity, Report, Span, Speaker, Via
from reportedly.settings import DEFAULT, Settings
from reportedly.web.graph import layout, render_svg
from reportedly.web.marking import attribution_list, chain_text, render_marked
from reportedly.web.security import check_public_url, safe_href

TEXT = 'Dock strike ends\n\n"We signed at 3 a.m. after 11 days," union head Mara Quist told the Lowport Star.'


def _span(needle: str) -> Span:
    start = TEXT.index(needle)
    return Span.of(TEXT, start, start + len(needle))


def _report() -> Report:
    article = Article(text=TEXT, publisher="Coastal Daily")
    quote = Attribution(
        id="a1",
        kind="direct",
        content=[_span("We signed at 3 a.m. after 11 days,")],
        cue=_span("told"),
        source=_span("union head Mara Quist"),
        speakers=[Speaker("Mara Quist", "person", "e1")],
        via=[Via("Lowport Star", "e2", _span("the Lowport Star"))],
        confidence=0.9,
    )
    # crosses the quote's end on purpose: the marks must still nest
    crossing = Attribution(
        id="a2",
        kind="indirect",
        content=[_span('11 days," union head')],
        cue=None,
        source=None,
        speakers=[Speaker("Someone Else", "person", "e3")],
    )
    days = Quantity(_span("11 days"), 11, None, None, "=", "days", "a1")
    return Report(article=article, attributions=[quote, crossing], quantities=[days])


class _Checker(HTMLParser):
    """Collects the text and fails on a closing tag that does not match the open one."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        if ("class", "tag") in attrs:
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.skip:
            self.skip -= 1  # the [n] tag's number is ours, not the article's
            return
        self.text.append(data)


def test_marked_text_nests_and_keeps_the_text() -> None:
    html = str(render_marked(_report()))
    checker = _Checker()
    checker.feed(html)
    assert checker.stack == []
    assert "".join(checker.text) == TEXT
    assert html.count('id="att-a1"') == 1 and html.count('id="att-a2"') == 1
    assert 'class="qty"' in html and 'class="cue"' in html


def test_marked_text_escapes_content() -> None:
    text = 'Alarm\n\n"<script>alert(1)</script>" said Ada Vell.'
    start = text.index("<script>")
    att = Attribution(
        "a1",
        "direct",
        [Span.of(text, start, start + 25)],
        None,
        None,
        [Speaker('Ada "><b>Vell', "person", "e1")],
    )
    html = str(render_marked(Report(Article(text=text), [att])))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '"><b>' not in html


def test_chain_and_list() -> None:
    report = _report()
    assert chain_text(report.attributions[0], "Coastal Daily") == "Mara Quist → Lowport Star → Coastal Daily"
    listed = attribution_list(report)
    assert [m.number for m in listed] == [1, 2]
    assert listed[0].colour != listed[1].colour
    assert listed[0].speaker_key == "mara quist"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("", False),
        (None, False),
    ],
)
def test_safe_href(url: str | None, ok: bool) -> None:
    assert (safe_href(url) is not None) is ok


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/",
        "http://[::1]/",
        "http://10.0.0.8/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://169.254.169.254/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "ftp://example.org/",
    ],
)
def test_private_addresses_refused(url: str) -> None:
    with pytest.raises(FetchError):
        check_public_url(url, DEFAULT)


def test_public_address_and_the_setting() -> None:
    check_public_url("http://93.184.215.14/", DEFAULT)  # a literal: no DNS needed
    check_public_url("http://127.0.0.1/", Settings(allow_private_urls=True))
    with pytest.raises(FetchError):
        check_public_url("file:///etc/passwd", Settings(allow_private_urls=True))


def _appearance(article: str, outlet: str, date: str, edge: str, sources: list[Source]) -> Appearance:
    return Appearance(1, article, "the pier will close", None, outlet, date, "Ada Vell", [], edge, sources)  # type: ignore[arg-type]


def test_graph_layout_edges() -> None:
    cluster = Cluster(
        id=1,
        kind="claim",
        text="the pier will close",
        speaker="Ada Vell",
        appearances=[
            _appearance("x1", "Coastal Daily", "2026-01-01", "first-hand", []),
            _appearance("x2", "Wire <b>Co</b>", "2026-01-02", "cited", [Source("Coastal Daily", "x1")]),
            _appearance("x3", "Farm", "2026-01-03", "copied", [Source("Wire <b>Co</b>", "x2", "copy")]),
            _appearance("x4", "Blog", "2026-01-04", "cited", [Source("Harbour Radio", None)]),
        ],
        independent_origins=2,
        discrepancies=[Discrepancy("number", True, "x3", "Farm says 'nine'", "x1")],
    )
    g = layout(cluster)
    kinds = sorted((e.kind, e.source, e.target) for e in g.edges)
    assert kinds == [
        ("cited", "a:x1", "a:x2"),
        ("cited", "o:Harbour Radio", "a:x4"),
        ("copied", "a:x2", "a:x3"),
        ("reported", "o:Coastal Daily", "a:x1"),
        ("said", "s:Ada Vell", "o:Coastal Daily"),
    ]
    assert g.nodes["a:x3"].conflict and not g.nodes["a:x2"].conflict
    svg = str(render_svg(g))
    assert "Wire &lt;b&gt;Co&lt;/b&gt;" in svg and "<b>Co" not in svg
    assert 'href="/articles/x1"' in svg

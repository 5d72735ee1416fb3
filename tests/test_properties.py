"""Property tests (Hypothesis): whatever the input, readers refuse with one line or succeed.

Bounded so the whole module stays within seconds: few examples, small inputs. The long
campaign is ``make fuzz`` (benchmarks/fuzz.py). Hypothesis's per-example deadline doubles
as a hang detector: a regex that backtracks on some input fails the deadline.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import HOSTILE_PIECES as HOSTILE
from reportedly.errors import ReportedlyError
from reportedly.ingest import iter_jsonl
from reportedly.inputs import article_from_bytes
from reportedly.inputs.encoding import normalise_text
from reportedly.inputs.text import clean
from reportedly.inputs.url import is_public
from reportedly.pipeline import analyze, pieces

WORDS = [
    "The",
    "mayor",
    "of",
    "Portvale",
    "said",
    "on",
    "Monday",
    "that",
    "the",
    "river",
    "rose",
    "by",
    "40",
    "cm",
    "and",
    "flooded",
    "homes",
]
hostile_text = st.lists(st.sampled_from(HOSTILE + WORDS + [" ", ". "]), max_size=120).map("".join)
FAST = settings(
    max_examples=150, deadline=timedelta(milliseconds=500), suppress_health_check=[HealthCheck.too_slow]
)


@FAST
@given(st.text(max_size=300))
def test_normalise_text_leaves_no_surrogates_or_controls(text: str) -> None:
    out = normalise_text(text)
    out.encode("utf-8")  # no lone surrogates
    assert not re.search("[\x00-\x08\x0e-\x1f\x7f]", out)
    assert normalise_text(out) == out


@FAST
@given(hostile_text)
def test_clean_takes_anything(text: str) -> None:
    cleaned = clean(normalise_text(text))
    for p in cleaned.paragraphs:
        assert "\n" not in p and p == p.strip()


@FAST
@given(st.one_of(hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400)))
def test_bytes_become_an_article_or_one_line(data: bytes) -> None:
    try:
        article = article_from_bytes(data)
    except ReportedlyError as exc:
        assert "\n" not in str(exc)
        return
    article.text.encode("utf-8")
    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


@FAST
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=80), hostile_text.map(lambda t: json.dumps({"text": t})).map(str.encode)
        ),
        max_size=8,
    )
)
def test_jsonl_lines_are_items_or_failures(tmp_path_factory, lines: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("jl")) / "x.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines) + b"\n")
    got = list(iter_jsonl(path))
    assert len(got) == sum(1 for line in lines if line.replace(b"\n", b" ").strip())


@FAST
@given(st.ip_addresses())
def test_address_check_takes_any_address(address: object) -> None:
    assert is_public(str(address)) in (True, False)


@FAST
@given(st.text(alphabet="ab \n.", max_size=400), st.integers(min_value=4, max_value=60))
def test_pieces_cover_the_text(text: str, size: int) -> None:
    parts = pieces(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)


@settings(max_examples=25, deadline=timedelta(seconds=5), suppress_health_check=[HealthCheck.too_slow])
@given(hostile_text)
def test_analysis_takes_anything(text: str) -> None:
    try:
        article = article_from_bytes(("Title of the story\n\n" + text).encode("utf-8", "surrogatepass"))
    except ReportedlyError:
        return
    report = analyze(article)
    for a in report.attributions:
        for s in a.content:
            assert article.text[s.start : s.end] == s.text

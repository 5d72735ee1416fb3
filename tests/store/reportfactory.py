"""Hand-built reports for storage tests (invented people, outlets and events).

Storage must not depend on how well the extractor does, so these tests build
their reports directly from spans found in short texts they write themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportedly.model import Article, Attribution, Entity, Quantity, Report, Span, Speaker, Via


@dataclass
class Q:
    """One attribution to build: the quoted words, who, and through whom."""

    content: str
    speaker: str
    cue: str = "said"
    kind: str = "direct"
    speaker_kind: str = "person"
    via: list[str] = field(default_factory=list)


def _span(text: str, needle: str, after: int = 0) -> Span:
    start = text.index(needle, after)
    return Span.of(text, start, start + len(needle))


def make_report(
    text: str,
    quotes: list[Q],
    *,
    publisher: str | None = None,
    published: str | None = None,
    url: str | None = None,
    aliases: dict[str, tuple[str, ...]] | None = None,
    numbers: list[str] | None = None,
) -> Report:
    article = Article(
        text=text, title=text.split("\n", 1)[0], publisher=publisher, published=published, url=url
    )
    entities: dict[str, Entity] = {}

    def entity(name: str, kind: str) -> str:
        eid = f"e{len(entities)}" if name not in entities else entities[name].id
        entities.setdefault(
            name,
            Entity(eid, name, kind, tuple((aliases or {}).get(name, ()))),  # type: ignore[arg-type]
        )
        return eid

    atts = []
    for i, q in enumerate(quotes):
        content = _span(text, q.content)
        cue = _span(text, q.cue, content.end) if q.cue in text[content.end :] else _span(text, q.cue)
        source = _span(text, q.speaker) if q.speaker in text else None
        atts.append(
            Attribution(
                id=f"a{i}",
                kind=q.kind,  # type: ignore[arg-type]
                content=[content],
                cue=cue,
                source=source,
                speakers=[Speaker(q.speaker, q.speaker_kind, entity(q.speaker, q.speaker_kind))],  # type: ignore[arg-type]
                via=[Via(v, entity(v, "outlet"), _span(text, v)) for v in q.via],
                confidence=0.9,
            )
        )
    quantities = [
        Quantity(_span(text, n), float(n.split()[-1]), None, None, "=", "people", "a0") for n in numbers or []
    ]
    return Report(article, atts, quantities, list(entities.values()))

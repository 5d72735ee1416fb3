"""Score one Report against a hand-written gold reading of the same article.

The gold format (``NAME.gold.json`` beside ``NAME.txt``) names things by their
text, not by offsets, so the same gold survives changes to cleaning::

    {"title": ..., "caption": ..., "noise": [...],
     "headline_appears_once_in_clean_text": true,
     "attributions": [{"kind", "content", "cue", "source", "speakers": [...], "via": [...]}],
     "quantities": [{"text", "relation", "value", "counts"}]}

A gold attribution is *found* when a predicted attribution's content overlaps
where the gold content stands in ``report.article.text``; the found ones are
then checked for kind, cue, speakers and via. Matching is one-to-one, best
overlap first, so one long predicted span cannot claim two gold quotes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportedly.errors import InputError
from reportedly.model import Attribution, Quantity, Report, Span

if TYPE_CHECKING:
    from rich.console import Console

#: every key a gold file may carry at the top level; others are ignored
GOLD_KEYS = ("title", "caption", "noise", "headline_appears_once_in_clean_text", "attributions", "quantities")
#: what every gold attribution must give; ``kind``, ``cue``, ``source``, ``via`` and ``type``
#: are checked where a gold file gives them
ATTRIBUTION_KEYS = ("content", "speakers")
QUANTITY_KEYS = ("text", "relation", "value", "counts")

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-"})
_WORD = re.compile(r"[\w]+")
#: words that carry no identity in a name ("the head of the UK's GCHQ")
_NAME_STOP = frozenset({"the", "a", "an", "s"})


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read and check a gold file; one-line InputError when it is missing or malformed."""
    p = Path(path)
    try:
        gold = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no gold file at {p}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read gold file {p}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"gold file {p} is not JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(gold, dict):
        raise InputError(f"gold file {p} must hold a JSON object")
    for i, item in enumerate(gold.get("attributions", [])):
        missing = [k for k in ATTRIBUTION_KEYS if k not in item]
        if missing:
            raise InputError(f"gold file {p}: attribution {i} lacks {', '.join(missing)}")
    for i, item in enumerate(gold.get("quantities", [])):
        missing = [k for k in QUANTITY_KEYS if k not in item]
        if missing:
            raise InputError(f"gold file {p}: quantity {i} lacks {', '.join(missing)}")
    return gold


@dataclass(slots=True)
class GoldScore:
    """How one Report compares with its gold reading; counts plus what went wrong."""

    document: str = ""
    attributions: int = 0
    predicted: int = 0
    found: int = 0
    kind_ok: int = 0
    cue_ok: int = 0
    type_ok: int = 0
    speakers_ok: int = 0
    via_ok: int = 0
    quantities: int = 0
    quantities_found: int = 0
    #: value and relation both right
    quantities_ok: int = 0
    counted_ok: int = 0
    noise_left: list[str] = field(default_factory=list)
    title_ok: bool = True
    spans_ok: bool = True
    #: gold attributions no prediction overlapped: {"content", "reason"}
    missed: list[dict[str, Any]] = field(default_factory=list)
    #: found, but a field differs: {"content", "field", "expected", "got"}
    wrong: list[dict[str, Any]] = field(default_factory=list)
    #: predicted attributions matched to no gold one (content text)
    extra: list[str] = field(default_factory=list)
    #: gold quantities missed or read differently: {"text", "field", "expected", "got"}
    quantity_misses: list[dict[str, Any]] = field(default_factory=list)
    title_problem: str | None = None
    bad_spans: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.attributions)

    @property
    def precision(self) -> float:
        return _ratio(self.found, self.predicted)

    @property
    def speakers_rate(self) -> float:
        """Share of *found* attributions whose speakers are right."""
        return _ratio(self.speakers_ok, self.found)

    @property
    def via_rate(self) -> float:
        return _ratio(self.via_ok, self.found)

    @property
    def quantities_rate(self) -> float:
        """Share of *gold* quantities found with the right value and relation."""
        return _ratio(self.quantities_ok, self.quantities)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["rates"] = {
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "speakers": round(self.speakers_rate, 3),
            "via": round(self.via_rate, 3),
            "quantities": round(self.quantities_rate, 3),
        }
        return d

    def render(self, console: Console) -> None:
        """A summary table and the misses, for people."""
        from rich.table import Table

        table = Table(title=f"gold: {self.document}" if self.document else "gold", show_header=True)
        table.add_column("check")
        table.add_column("score", justify="right")
        table.add_row("attributions found", f"{self.found}/{self.attributions} ({self.recall:.0%})")
        table.add_row("precision", f"{self.found}/{self.predicted} ({self.precision:.0%})")
        for label, n in (
            ("speakers right", self.speakers_ok),
            ("via right", self.via_ok),
            ("kind right", self.kind_ok),
            ("cue right", self.cue_ok),
        ):
            table.add_row(label, f"{n}/{self.found}")
        table.add_row("quantities found", f"{self.quantities_found}/{self.quantities}")
        table.add_row("quantities value+relation", f"{self.quantities_ok}/{self.quantities}")
        table.add_row("quantities counted", f"{self.counted_ok}/{self.quantities}")
        table.add_row("noise left", _ok(not self.noise_left, ", ".join(self.noise_left)))
        table.add_row("title once, first", _ok(self.title_ok, self.title_problem or ""))
        table.add_row("span offsets", _ok(self.spans_ok, f"{len(self.bad_spans)} bad"))
        console.print(table)
        for m in self.missed:
            console.print(f"[red]missed[/] {m['content']!r} ({m['reason']})", highlight=False)
        for w in self.wrong:
            console.print(
                f"[yellow]{w['field']}[/] {w['content']!r}: expected {w['expected']!r}, got {w['got']!r}",
                highlight=False,
            )
        for q in self.quantity_misses:
            console.print(
                f"[yellow]quantity {q['field']}[/] {q['text']!r}: expected {q['expected']!r}, got {q['got']!r}",
                highlight=False,
            )
        for e in self.extra:
            console.print(f"[dim]extra[/] {e!r}", highlight=False)
        for b in self.bad_spans:
            console.print(f"[red]bad span[/] {b}", highlight=False)


def _ok(ok: bool, why: str) -> str:
    return "[green]ok[/]" if ok else f"[red]no[/] {why}"


def _ratio(n: int, d: int) -> float:
    return n / d if d else 1.0


def score(report: Report, gold: dict[str, Any]) -> GoldScore:
    """Compare ``report`` with ``gold`` (as returned by :func:`load_gold`)."""
    text = report.article.text
    result = GoldScore(document=str(gold.get("document", "")), predicted=len(report.attributions))
    _score_attributions(report, gold.get("attributions", []), result)
    _score_quantities(report, gold.get("quantities", []), result)
    result.noise_left = [n for n in [*gold.get("noise", []), gold.get("caption")] if n and n in text]
    if gold.get("title"):
        result.title_problem = _title_problem(
            text, gold["title"], gold.get("headline_appears_once_in_clean_text")
        )
        result.title_ok = result.title_problem is None
    result.bad_spans = [_describe(s) for s in _spans(report) if text[s.start : s.end] != s.text]
    result.spans_ok = not result.bad_spans
    return result


def score_file(path: str | Path, gold_path: str | Path | None = None) -> GoldScore:
    """Read ``path`` through the whole pipeline and score it against ``NAME.gold.json``."""
    import reportedly

    p = Path(path)
    gold = load_gold(gold_path or gold_path_for(p))
    result = score(reportedly.read(str(p)), gold)
    result.document = result.document or p.name
    return result


def gold_path_for(path: str | Path) -> Path:
    """``dir/NAME.txt`` -> ``dir/NAME.gold.json``."""
    p = Path(path)
    return p.with_name(p.stem + ".gold.json")


# --- attributions -------------------------------------------------------------------------------


@dataclass(slots=True)
class Matching:
    """Which predicted attribution answers which gold one (indexes), one to one."""

    gold_to_pred: dict[int, int]
    #: gold items whose content is not in the article text
    unlocated: list[int]
    #: predicted attributions matched to a gold one
    matched: set[int]


def _score_attributions(report: Report, gold_items: list[dict[str, Any]], result: GoldScore) -> None:
    result.attributions = len(gold_items)
    m = match(report, gold_items)
    for i, g in enumerate(gold_items):
        if i in m.unlocated:
            result.missed.append({"content": g["content"], "reason": "gold content not in article text"})
        elif i not in m.gold_to_pred:
            result.missed.append({"content": g["content"], "reason": "no predicted content overlaps"})
        else:
            result.found += 1
            _compare(g, report.attributions[m.gold_to_pred[i]], result)
    result.extra = [a.content_text for j, a in enumerate(report.attributions) if j not in m.matched]


def match(report: Report, gold_items: list[dict[str, Any]]) -> Matching:
    """Pair gold attributions with predicted ones by where their contents stand in the text."""
    text = report.article.text
    claimed: set[tuple[int, int]] = set()
    located: list[tuple[int, tuple[int, int]]] = []
    unlocated: list[int] = []
    for i, g in enumerate(gold_items):
        where = locate(text, g["content"], taken=claimed)
        if where is None:
            unlocated.append(i)
            continue
        claimed.add(where)
        located.append((i, where))

    # Units are single content spans, plus each attribution's cover as a weak fallback: a quote and
    # its follow-on merged into one two-span attribution can answer two gold items, but one long
    # span cannot. Pairs are taken best overlap first; between equal overlaps (the same content
    # predicted twice) the prediction that agrees with the gold wins and the other is extra.
    pairs: list[tuple[float, int, int, int, int]] = []
    for i, where in located:
        for j, a in enumerate(report.attributions):
            agree = _agreement(gold_items[i], a)
            for k, sp in enumerate(a.content):
                s = _overlap_score(where, [sp])
                if s > 0:
                    pairs.append((s, agree, i, j, k))
            if len(a.content) > 1:
                s = _cover_score(where, a.content)
                if s > 0:
                    pairs.append((s, agree, i, j, -1))
    pairs.sort(key=lambda t: (-round(t[0], 6), -t[1], t[2], t[3], t[4]))
    gold_to_pred: dict[int, int] = {}
    used: set[tuple[int, int]] = set()
    for _, _, i, j, k in pairs:
        if i in gold_to_pred or (j, k) in used or (j, -1) in used:
            continue
        if k == -1 and any(u[0] == j for u in used):
            continue
        gold_to_pred[i] = j
        used.add((j, k))
    return Matching(gold_to_pred, unlocated, {j for j, _ in used})


def _agreement(g: dict[str, Any], a: Attribution) -> int:
    """How many of speakers, via, kind and cue agree: only a tie-breaker between equal overlaps."""
    return (
        names_match(g["speakers"], [s.name for s in a.speakers])
        + names_match(g.get("via", []), [v.name for v in a.via])
        + (g.get("kind", a.kind) == a.kind)
        + (g.get("type", a.type) == a.type)
        + cue_matches(g.get("cue"), a.cue.text if a.cue else None)
    )


def _compare(g: dict[str, Any], a: Attribution, result: GoldScore) -> None:
    checks: list[tuple[str, bool, Any, Any]] = []
    got_speakers = [s.name for s in a.speakers]
    got_via = [v.name for v in a.via]
    got_cue = a.cue.text if a.cue else None
    # a field the gold leaves out is not checked (typed gold sets give content, type, speakers)
    if "kind" in g:
        checks.append(("kind", g["kind"] == a.kind, g["kind"], a.kind))
    if "cue" in g:
        checks.append(("cue", cue_matches(g["cue"], got_cue), g["cue"], got_cue))
    checks.append(("speakers", names_match(g["speakers"], got_speakers), g["speakers"], got_speakers))
    if "via" in g:
        checks.append(("via", names_match(g["via"], got_via), g["via"], got_via))
    if "type" in g:
        checks.append(("type", g["type"] == a.type, g["type"], a.type))
    for name, ok, expected, got in checks:
        if ok:
            setattr(result, f"{name}_ok", getattr(result, f"{name}_ok") + 1)
        else:
            result.wrong.append({"content": g["content"], "field": name, "expected": expected, "got": got})


def _overlap_score(where: tuple[int, int], spans: list[Span]) -> float:
    """Jaccard overlap of the predicted spans with the gold location."""
    gs, ge = where
    inter = sum(max(0, min(ge, s.end) - max(gs, s.start)) for s in spans)
    if inter <= 0:
        return 0.0
    union = (ge - gs) + sum(s.end - s.start for s in spans) - inter
    return inter / union


def _cover_score(where: tuple[int, int], spans: list[Span]) -> float:
    """A sliver of a score when only the cover of a multi-span content overlaps the gold text (it
    sits between the pieces): found, but any real span overlap wins over it."""
    gs, ge = where
    cover = max(0, min(ge, max(s.end for s in spans)) - max(gs, min(s.start for s in spans)))
    return 1e-3 * cover / max(1, ge - gs)


# --- names --------------------------------------------------------------------------------------


def name_tokens(name: str) -> tuple[str, ...]:
    """Lower-case word tokens without articles or possessive 's: 'the UK's GCHQ' -> (uk, gchq)."""
    words = _WORD.findall(name.translate(_QUOTES).lower().replace("'s ", " ").replace("'s", ""))
    return tuple(w for w in words if w not in _NAME_STOP)


def name_matches(expected: str, got: str) -> bool:
    """Same name after normalising, or one's tokens inside the other's.

    A prediction that contains the whole gold name is right ("the head of the UK's GCHQ intelligence
    service" for "head of GCHQ"). A prediction shorter than the gold must still have two or more
    tokens or be a common noun ("spokesperson" for "a spokesperson who asked not to be named"): a
    bare "Benyash" for "Mikhail Benyash", or "Courier" for "Portvale Courier", means the engine did
    not resolve the short form to the full name the article gives.
    """
    e, g = name_tokens(expected), name_tokens(got)
    if not e or not g:
        return False
    if set(e) <= set(g):
        return True
    common_noun = not any(c.isupper() for c in got)
    return (len(g) >= 2 or common_noun) and set(g) <= set(e)


def names_match(expected: Iterable[str], got: Iterable[str]) -> bool:
    """Order-insensitive equality of two lists of names under :func:`name_matches`."""
    exp, rest = list(expected), list(got)
    if len(exp) != len(rest):
        return False
    # exact matches first so a loose match cannot steal the partner of an exact one
    for e in sorted(exp, key=lambda n: not any(name_tokens(n) == name_tokens(r) for r in rest)):
        hit = next((r for r in rest if name_tokens(r) == name_tokens(e)), None)
        if hit is None:
            hit = next((r for r in rest if name_matches(e, r)), None)
        if hit is None:
            return False
        rest.remove(hit)
    return True


def cue_matches(expected: str | None, got: str | None) -> bool:
    """'said' == 'said'; 'according to' ~ 'according'; 'said in a statement' ~ 'said'."""
    if not expected or not got:
        return not expected and not got
    e, g = set(_WORD.findall(expected.lower())), set(_WORD.findall(got.lower()))
    return bool(e and g) and (e <= g or g <= e)


def counted_matches(expected: str | None, got: str | None) -> bool:
    """What a quantity counts: any token containment, ignoring plural -s ('guardsmen' ~ 'national
    guardsmen', 'home' ~ 'homes')."""
    if not expected or not got:
        return not expected and not got
    e = {w.rstrip("s") for w in name_tokens(expected)}
    g = {w.rstrip("s") for w in name_tokens(got)}
    return bool(e and g) and (e <= g or g <= e)


# --- locating gold text -------------------------------------------------------------------------


def locate(
    text: str, needle: str, *, taken: set[tuple[int, int]] | None = None, words: bool = False
) -> tuple[int, int] | None:
    """Where ``needle`` stands in ``text``: the first exact occurrence not already ``taken``, else
    the first one found ignoring case, quote style, dashes and whitespace. ``words`` requires word
    boundaries (so the quantity "three" is not found in "thirty-three")."""
    taken = taken or set()
    for where in _exact(text, needle, words):
        if where not in taken:
            return where
    for where in _normalised(text, needle, words):
        if where not in taken:
            return where
    return None


def _exact(text: str, needle: str, words: bool) -> Iterator[tuple[int, int]]:
    if not needle:
        return
    pattern = re.escape(needle)
    if words:
        # a hyphen before joins the word ("thirty-three" holds no "three"); after, it does not
        pattern = rf"(?<![\w-]){pattern}(?!\w)"
    for m in re.finditer(pattern, text):
        yield m.start(), m.end()


def _squash(s: str) -> tuple[str, list[int]]:
    """``s`` lower-cased, quotes and dashes unified and whitespace dropped, with each kept
    character's offset in ``s``."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(s.translate(_QUOTES).lower()):
        if not ch.isspace():
            out.append(ch)
            where.append(i)
    return "".join(out), where


def _normalised(text: str, needle: str, words: bool) -> Iterator[tuple[int, int]]:
    hay, where = _squash(text)
    pin, _ = _squash(needle)
    if not pin:
        return
    i = hay.find(pin)
    while i >= 0:
        start, end = where[i], where[i + len(pin) - 1] + 1
        if not words or (_boundary(text, start - 1, "-") and _boundary(text, end)):
            yield start, end
        i = hay.find(pin, i + 1)


def _boundary(text: str, i: int, joiners: str = "") -> bool:
    return i < 0 or i >= len(text) or not (text[i].isalnum() or text[i] in "_" + joiners)


# --- quantities ---------------------------------------------------------------------------------


def _score_quantities(report: Report, gold_items: list[dict[str, Any]], result: GoldScore) -> None:
    text = report.article.text
    result.quantities = len(gold_items)
    claimed: set[tuple[int, int]] = set()
    used: set[int] = set()
    for g in gold_items:
        where = locate(text, g["text"], taken=claimed, words=True)
        if where is None:
            result.quantity_misses.append(
                {"text": g["text"], "field": "found", "expected": "in text", "got": "not in article text"}
            )
            continue
        claimed.add(where)
        best = _best_quantity(where, report.quantities, used)
        if best is None:
            result.quantity_misses.append(
                {"text": g["text"], "field": "found", "expected": g["text"], "got": None}
            )
            continue
        used.add(best)
        q = report.quantities[best]
        result.quantities_found += 1
        value_ok = _same_value(g.get("value"), q.value)
        relation_ok = g.get("relation") == q.relation
        if value_ok and relation_ok:
            result.quantities_ok += 1
        else:
            result.quantity_misses.append(
                {
                    "text": g["text"],
                    "field": "value/relation",
                    "expected": [g.get("relation"), g.get("value")],
                    "got": [q.relation, q.value],
                }
            )
        if counted_matches(g.get("counts"), q.counted):
            result.counted_ok += 1
        else:
            result.quantity_misses.append(
                {"text": g["text"], "field": "counted", "expected": g.get("counts"), "got": q.counted}
            )


def _best_quantity(where: tuple[int, int], quantities: list[Quantity], used: set[int]) -> int | None:
    best, best_score = None, 0.0
    for j, q in enumerate(quantities):
        if j in used:
            continue
        s = _overlap_score(where, [q.span])
        if s > best_score:
            best, best_score = j, s
    return best


def _same_value(expected: Any, got: float | None) -> bool:
    if expected is None or got is None:
        return expected is None and got is None
    return abs(float(expected) - float(got)) <= 1e-6 * max(1.0, abs(float(expected)))


# --- title and spans ----------------------------------------------------------------------------


def _title_problem(text: str, title: str, once: bool | None) -> str | None:
    # the title is one line, whatever separates the paragraphs after it
    first = text.lstrip().split("\n", 1)[0].strip()
    if " ".join(first.split()) != " ".join(title.split()):
        return f"first paragraph is {first[:80]!r}"
    if once is not False:
        n = text.count(title)
        if n != 1:
            return f"title appears {n} times"
    return None


def _spans(report: Report) -> Iterator[Span]:
    for a in report.attributions:
        yield from a.content
        for s in (a.cue, a.source):
            if s is not None:
                yield s
        for v in a.via:
            yield v.evidence
            if v.cue is not None:
                yield v.cue
    for q in report.quantities:
        yield q.span


def _describe(s: Span) -> str:
    return f"[{s.start}:{s.end}] {s.text!r}"

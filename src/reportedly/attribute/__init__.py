"""Attributions in one parsed article: quotes, reporting verbs, "according to", chains.

``extract_attributions`` returns attributions with spans filled and speakers
empty; ``speakers.resolve_speakers`` names who is speaking and who relayed it.
"""

from __future__ import annotations

import bisect
import itertools
import re

from spacy.tokens import Doc

from reportedly.attribute import boundaries, confidence
from reportedly.attribute.according import apply_according
from reportedly.attribute.candidates import Candidate
from reportedly.attribute.chains import fold_nested
from reportedly.attribute.cues import learned_cues
from reportedly.attribute.labels import label_candidates
from reportedly.attribute.nouns import find_noun_candidates
from reportedly.attribute.quotes import Quote, find_quotes
from reportedly.attribute.rules import RULES, UNLEARNED, cue_forms, type_of
from reportedly.attribute.syntax import find_verb_candidates, mention_range
from reportedly.attribute.thresholds import MIN_FOLLOW_ON_WORDS, MIN_QUOTE_SHARE, QUOTED, WRITER_CEILING
from reportedly.attribute.transcripts import transcript_candidates
from reportedly.model import Article, Attribution, Span, Via
from reportedly.nlp import ents_in
from reportedly.settings import DEFAULT, Settings


def extract_attributions(doc: Doc, article: Article, settings: Settings = DEFAULT) -> list[Attribution]:
    lexicon = learned_cues(settings.cue_lexicon)
    cands = extract_candidates(doc, article, settings)
    model = confidence.load() if settings.learned_confidence else None
    if model is not None:
        # the learned confidence replaces the rule table's; the least likely go
        for c in cands:
            if c.rule not in UNLEARNED:
                c.confidence = model.probability(confidence.features(doc, c, lexicon))
        cands = [c for c in cands if c.confidence >= settings.min_keep or _kept(c, cands)]
    for c in cands:
        if c.rule.endswith("+writer"):
            c.confidence = min(c.confidence, WRITER_CEILING)
    return _finish(doc, cands)


def _kept(c: Candidate, cands: list[Candidate]) -> bool:
    """A candidate a follow-on quote continues stays, so the quote keeps its speaker."""
    return any(o.follows is c for o in cands)


def extract_candidates(doc: Doc, article: Article, settings: Settings = DEFAULT) -> list[Candidate]:
    """Every candidate the rules find, quotes snapped, in text order (confidences from the rule table)."""
    quotes = find_quotes(doc.text)
    # how far the quotes up to each one reach: bisecting it finds those near a sentence
    reach = list(itertools.accumulate((q.outer_end for q in quotes), max))
    cands = token_candidates(doc, settings, quotes, reach)
    _to_chars(doc, cands, boundaries.load() if settings.learned_boundaries else None)
    cands = _snap_quotes(doc, cands, quotes, reach)
    cands.sort(key=lambda c: c.pieces[0][0] if c.pieces else 0)
    return cands


def token_candidates(
    doc: Doc, settings: Settings = DEFAULT, quotes: list[Quote] | None = None, reach: list[int] | None = None
) -> list[Candidate]:
    """The rules' candidates in token ranges, before contents are ended and quotes snapped."""
    lexicon = learned_cues(settings.cue_lexicon)
    if quotes is None or reach is None:
        quotes = find_quotes(doc.text)
        reach = list(itertools.accumulate((q.outer_end for q in quotes), max))
    cands: list[Candidate] = []
    for sent in doc.sents:
        inside = _quote_token_ranges(doc, sent, quotes, reach)
        sent_cands = find_verb_candidates(sent, inside, lexicon)
        sent_cands = apply_according(sent, sent_cands)
        sent_cands += _unclaimed(find_noun_candidates(sent, inside, lexicon), sent_cands)
        cands.extend(fold_nested(sent_cands))
    for label in label_candidates(doc):
        # "PENCE: Well, Clinton thinks ...": the label is the outer voice of its paragraph;
        # reports inside what it says are part of that (univocal, as in the chains)
        ((lo, hi),) = label.content
        cands = [c for c in cands if not (c.cue is not None and lo <= c.cue[0] < hi)]
        cands.append(label)
    for line in transcript_candidates(doc):
        # "A: I told them no": reports inside an answer are part of it, as under a label
        ((lo, hi),) = line.content
        cands = [c for c in cands if not (c.cue is not None and lo <= c.cue[0] < hi)]
        cands.append(line)
    return cands


def _unclaimed(extra: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
    """Candidates whose cue no verb candidate already uses as source, cue or content."""
    taken: set[int] = set()
    for c in cands:
        for s, e in [*c.content, *(r for r in (c.cue, c.source) if r is not None)]:
            taken.update(range(s, e))
    return [x for x in extra if x.cue is not None and not (set(range(*x.cue)) & taken)]


def _quote_token_ranges(
    doc: Doc, sent: object, quotes: list[Quote], reach: list[int]
) -> list[tuple[int, int]]:
    """Token ranges strictly inside quotation marks in this sentence (reported speech inside
    a quote belongs to the quote: "He said we'd win," she said is one report, hers)."""
    out = []
    s0, s1 = sent.start_char, sent.end_char  # type: ignore[attr-defined]
    # quotes are ordered by start: only those from the first that reaches the sentence on
    for q in quotes[bisect.bisect_right(reach, s0) :]:
        if q.outer_start >= s1:
            break
        for a, b in q.pieces:
            if b <= s0 or a >= s1:
                continue
            span = doc.char_span(max(a, s0), min(b, s1), alignment_mode="contract")
            if span is not None and len(span):
                out.append((span.start, span.end))
    return out


def _to_chars(doc: Doc, cands: list[Candidate], ends: boundaries.Model | None) -> None:
    for c in cands:
        boundaries.choose_end(doc, c, ends)
        c.pieces = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in c.content if e > s]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _letters(text: str, a: int, b: int) -> int:
    return sum(ch.isalnum() for ch in text[a:b])


def _snap_quotes(doc: Doc, cands: list[Candidate], quotes: list[Quote], reach: list[int]) -> list[Candidate]:
    """Turn content that is a quotation into a direct quote (all of it, over every
    paragraph), content containing one into a mixed quote, and give cue-less
    quotes to the speaker they continue."""
    text = doc.text
    used: set[int] = set()
    # only quotes near a candidate can overlap it: look them up rather than scan them all
    quote_starts = [q.outer_start for q in quotes]
    for c in cands:
        if not c.pieces:
            continue
        lo, hi = min(a for a, _ in c.pieces), max(b for _, b in c.pieces)
        for qi in range(bisect.bisect_right(reach, lo), len(quotes)):
            q = quotes[qi]
            if quote_starts[qi] >= hi:
                break
            inner = (q.start, q.end)
            outer = (q.outer_start, q.outer_end)
            ov = sum(_overlap((lo, hi), p) for p in q.pieces)
            if ov == 0 or (c.kind == "direct" and qi not in used):
                continue
            outside = _letters(text, lo, hi) - sum(
                _letters(text, max(lo, a), min(hi, b)) for a, b in q.pieces
            )
            if outside <= 2 and qi not in used:
                c.pieces = list(q.pieces)
                c.kind = "direct"
                c.confidence = max(c.confidence, QUOTED)
                used.add(qi)
                break
            if outer[0] < lo <= inner[0] and inner[1] < hi:
                # 'said "we will reopen" soon': the quote opens the content; keep its mark
                c.pieces[0] = (outer[0], c.pieces[0][1])
                lo = outer[0]
            if lo <= outer[0] and outer[0] < hi:
                c.kind = "mixed"
                used.add(qi)
                if outer[1] > hi:
                    # 'said Russian soldiers were "refusing ... aircraft."': keep the closing mark
                    c.pieces[-1] = (c.pieces[-1][0], outer[1])
                    hi = outer[1]
            elif inner[0] < lo and inner[1] >= hi:
                c.pieces = list(q.pieces)
                c.kind = "direct"
                used.add(qi)
                break
    out = list(cands)
    starts = sorted((c.pieces[0][0], i) for i, c in enumerate(cands) if c.pieces)
    for qi, q in enumerate(quotes):
        if qi in used:
            continue
        owner = _adjacent_owner(text, q, cands) or _frame_after(doc, text, q, cands)
        if owner is not None:
            owner.pieces.extend(q.pieces)
            owner.kind = "direct" if owner.kind == "direct" else owner.kind
            continue
        # doc.text builds a new string on every access: pass the one built above
        framed = _colon_frame(doc, text, q) or _dash_frame(doc, text, q) or _manner_frame(doc, text, q)
        if framed is not None:
            out.append(framed)
            continue
        if not _fills_sentences(doc, text, q) or (
            q.words(text) < MIN_FOLLOW_ON_WORDS and not _whole_sentence(text, q)
        ):
            continue
        # A follow-on quote: the last speaker before it within three paragraphs.
        k = bisect.bisect_left(starts, (q.outer_start, -1))
        prev = [
            cands[i] for _, i in starts[:k] if cands[i].source is not None or cands[i].follows is not None
        ]
        if not prev:
            continue
        last = prev[-1]
        if text.count("\n\n", last.pieces[-1][1], q.outer_start) > 3:
            continue
        about = _turned_to(doc, text, last, q.outer_start)
        out.append(
            Candidate(
                cue=None,
                source=about,
                pieces=list(q.pieces),
                kind="direct",
                rule="follow-on",
                confidence=RULES["follow-on"].confidence,
                follows=None if about else last.follows or last,
            )
        )
    return out


def _turned_to(doc: Doc, text: str, last: Candidate, start: int) -> tuple[int, int] | None:
    """The one person a cue-less quote's paragraph turned to after the last speaker: 'Brook, who
    has led the union since 2019, grew up on the island. "We asked for talks four times."' is
    Brook's quote even when the minister spoke last. Only a named person as the subject of a
    clause counts (pronouns and "her father" do not), and only when the paragraph names one."""
    begin = max(text.rfind("\n", 0, start) + 1, _char_end(doc, last))
    names: dict[str, tuple[int, int]] = {}
    # the paragraph's own entities (doc.ents walks the whole article on every access)
    para = doc.char_span(begin, start, alignment_mode="contract") if begin < start else None
    for ent in ents_in(para) if para is not None else []:
        if ent.label_ != "PERSON":
            continue
        if any(t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN" for t in ent):
            names[ent[-1].lower_] = (ent.start, ent.end)
    if len(names) != 1:
        return None
    (surname, found), *_ = names.items()
    said_last = _source_words(doc, last.follows or last)
    return None if surname in said_last else found


def _char_end(doc: Doc, c: Candidate) -> int:
    ends = [e for _, e in c.pieces]
    ends += [doc[r[1] - 1].idx + len(doc[r[1] - 1]) for r in (c.cue, c.source) if r is not None]
    return max(ends, default=0)


def _source_words(doc: Doc, c: Candidate) -> set[str]:
    return {t.lower_ for t in doc[c.source[0] : c.source[1]]} if c.source else set()


def _frame_after(doc: Doc, text: str, q: Quote, cands: list[Candidate]) -> Candidate | None:
    """'"... A pathetic figure!" he wrote.': the sentence splitter cut the quote from its
    reporting clause, which is left with a cue and a source but no content."""
    for c in cands:
        if c.pieces or c.cue is None:
            continue
        first = min(c.cue[0], c.source[0] if c.source else c.cue[0])
        start = doc[first].idx
        if 0 <= start - q.outer_end <= 3 and not text[q.outer_end : start].strip(" ,"):
            c.kind = "direct"
            return c
    return None


_DASH_NAME = re.compile(r"[ \t]*[―—–][ \t]*([A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,4})")


def _dash_frame(doc: Doc, text: str, q: Quote) -> Candidate | None:
    """'"He cannot even answer a question." ― Esther Tapia': a name after a dash signs
    the quote (readers' voices, epigraphs, pull quotes); the dash is the cue."""
    m = _DASH_NAME.match(text, q.outer_end)
    if m is None:
        return None
    dash = doc.char_span(m.start(), m.start(1), alignment_mode="contract")
    name = doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
    if dash is None or name is None or not len(dash) or not len(name):
        return None
    return Candidate(
        cue=(dash.start, dash.end),
        source=(name.start, name.end),
        pieces=list(q.pieces),
        kind="direct",
        rule="dash",
        confidence=RULES["dash"].confidence,
    )


def _manner_frame(doc: Doc, text: str, q: Quote) -> Candidate | None:
    """'"She thought someone had been hurt," Dean laughed.': a name and a verb of manner
    (laughed, shrugged, smiled) closing the quote's sentence sign it like a cue."""
    after = doc.char_span(q.outer_end, min(len(text), q.outer_end + 60), alignment_mode="expand")
    if after is None:
        return None
    toks = [t for t in after if not t.is_space]
    if toks and toks[0].text == ",":
        toks = toks[1:]
    names = 0
    while names < len(toks) and toks[names].pos_ in ("PROPN", "PRON") and names < 4:
        names += 1
    if not names or names + 1 >= len(toks):
        return None
    verb, stop = toks[names], toks[names + 1]
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if verb.pos_ != "VERB" or subj is None or stop.text not in (".", "!"):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None
    return Candidate(
        cue=(verb.i, verb.i + 1),
        source=(toks[0].i, verb.i),
        pieces=list(q.pieces),
        kind="direct",
        rule="manner",
        confidence=RULES["manner"].confidence,
    )


def _colon_frame(doc: Doc, text: str, q: Quote) -> Candidate | None:
    """'The coach was blunt: "..."': a clause ending in a colon introduces the quote;
    its subject speaks and the colon is the cue (PolNeAR's convention too)."""
    i = q.outer_start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] != ":":
        return None
    colon = doc.char_span(i, i + 1)
    if colon is None:
        return None
    tok = colon[0]
    if tok.i == 0:
        return None
    # the clause before the colon: climb from the word before it while heads stay left of it
    verb = doc[tok.i - 1]
    while verb.head.i < tok.i and verb.head != verb:
        verb = verb.head
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i), None)
    if subj is None or subj.pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    return Candidate(
        cue=(tok.i, tok.i + 1),
        source=mention_range(subj),
        pieces=list(q.pieces),
        kind="direct",
        rule="colon",
        confidence=RULES["colon"].confidence,
    )


def _adjacent_owner(text: str, q: Quote, cands: list[Candidate]) -> Candidate | None:
    """'"First," he said, "second."': the second quote right after a direct quote's frame."""
    for c in cands:
        if c.kind != "direct" or not c.pieces:
            continue
        end = c.pieces[-1][1]
        if end >= q.outer_start or q.outer_start - end > 60:
            continue
        between = text[end : q.outer_start]
        if "\n" in between:
            continue
        # the gap is just the reporting clause: closing mark, comma, speaker, cue, comma
        if between.rstrip().endswith((",", ":")) and between.count(".") == 0:
            return c
    return None


def _whole_sentence(text: str, q: Quote) -> bool:
    """'"We complained twice."': a short quote that is a sentence of its own is speech, not a
    scare quote or a title (those end without a full stop inside the marks)."""
    inner = text[q.start : q.end].rstrip()
    return q.words(text) >= 2 and inner[-1:] in (".", "!", "?") and inner[:1].isupper()


#: a sentence ending just before a quote opens
_SENTENCE_END = re.compile(r"[.!?][\"”’']*[ \t]+$")


def _fills_sentences(doc: Doc, text: str, q: Quote) -> bool:
    span = doc.char_span(q.outer_start, q.outer_end, alignment_mode="expand")
    if span is None:
        return False
    # the quote's own sentences, not a walk over every sentence of the article per quote
    first, last = span[0].sent, span[-1].sent
    sents = doc[first.start : last.end].sents  # type: ignore[attr-defined]
    chars = sum(s.end_char - s.start_char for s in sents)
    if _SENTENCE_END.search(text, first.start_char, q.outer_start):
        # "he said. ''We are here.''": the parser ran the quote into the sentence before it
        chars -= q.outer_start - first.start_char
    inside = sum(b - a for a, b in q.pieces)
    return chars > 0 and inside / chars >= MIN_QUOTE_SHARE


def _span(doc: Doc, text: str, rng: tuple[int, int] | None) -> Span | None:
    if rng is None:
        return None
    s, e = rng
    a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
    return Span(a, b, text[a:b])


def _cue_forms(doc: Doc, c: Candidate) -> frozenset[str]:
    if c.cue is None:
        return frozenset()
    tok = doc[c.cue[0]]
    return cue_forms(c.lemma or tok.lemma_.lower(), tok.text)


def _source_lemma(doc: Doc, rng: tuple[int, int] | None) -> str:
    if rng is None:
        return ""
    return doc[rng[0] : rng[1]].root.lemma_.lower()


def _finish(doc: Doc, cands: list[Candidate]) -> list[Attribution]:
    text = doc.text
    out: list[Attribution] = []
    index: dict[int, str] = {}
    for c in cands:
        pieces = [(a, b) for a, b in c.pieces if b > a]
        if not pieces:
            continue
        aid = f"a{len(out) + 1}"
        index[id(c)] = aid
        via = []
        for v in c.via:
            ev = _span(doc, text, v.evidence)
            if ev is None:
                continue
            via.append(Via(name=ev.text, entity="", evidence=ev, cue=_span(doc, text, v.cue)))
        content = [Span(a, b, text[a:b]) for a, b in pieces]
        att = Attribution(
            id=aid,
            kind=c.kind,  # type: ignore[arg-type]
            type=type_of(
                c.rule,
                _cue_forms(doc, c),
                _source_lemma(doc, c.source),
                " ".join(s.text for s in content),
                c.kind,
            ),
            rule=c.rule,
            content=content,
            cue=_span(doc, text, c.cue),
            source=_span(doc, text, c.source),
            via=via,
            confidence=c.confidence,
        )
        if c.follows is not None:
            # resolved later: a follow-on quote speaks with the voice it continues
            att.continues = index.get(id(c.follows))
        out.append(att)
    return out

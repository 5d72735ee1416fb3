"""Dependency rules: a reporting verb, its source and its reported content.

Three shapes cover most news prose:
- complement:  "Smith said (that) X"            content = the verb's clause complement
- trailing:    "X, Smith said." / "X, said Smith" content = the text before the reporting clause
- object:      "officials described X"           content = the object (a few verbs only)
"according to" lives in ``according.py``; folding nested reports in ``chains.py``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from reportedly.attribute.candidates import Candidate, ViaMention
from reportedly.attribute.cues import (
    ADDRESSEE_VERBS,
    CITING_VERBS,
    COGNITION_VERBS,
    NEEDS_CLAUSE,
    NON_SPEAKER_SUBJECTS,
    OBJECT_CONTENT_VERBS,
    SPEECH_VERBS,
    frame_of,
)
from reportedly.attribute.lexicon import ANONYMOUS_HEADS, GROUP_NOUNS, ORG_ANAPHORS, ORG_GENERIC, PERSON_NOUNS
from reportedly.attribute.rules import RULES

_SUBJ = ("nsubj", "nsubjpass", "csubj")
_CLAUSE = ("ccomp", "xcomp")
#: children of a reporting verb that belong to the reporting clause, not the content
_FRAME = ("aux", "auxpass", "neg", "advmod", "npadvmod", "prep", "agent", "punct", "dative", "prt", "cc")
_OPENERS = {'"', "“", "‘", "'", "«", "(", "[", "-", "—", "–", "•", "*"}
_PUNCT_AT_EDGE = {",", ";", ":", "-", "—", "–", '"', "“", "”", "‘", "’", "'", "(", ")", "«", "»", "…"}


#: (lemma, frame) -> how often annotators marked it a cue (``cues.learned_cues``)
Lexicon = dict[tuple[str, str], float]


def is_cue_verb(tok: Token, lexicon: Lexicon) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    lemma = tok.lemma_.lower()
    if (tok.pos_ == "AUX" and lemma != "say") or lemma == "accord":
        # "according to" is a phrase, handled in according.py
        return False
    return lemma in SPEECH_VERBS or (lemma, frame_of(tok)) in lexicon


def learned_confidence(tok: Token, lexicon: Lexicon) -> float:
    """How often annotators marked this verb frame a cue in PolNeAR train (1.0 for verbs of speech)."""
    lemma = tok.lemma_.lower()
    if lemma in SPEECH_VERBS:
        return 1.0
    return lexicon.get((lemma, frame_of(tok)), 0.0)


#: prepositions after an object that carry the rest of what was said about it
_OBJECT_PREPS = frozenset(["as", "for", "on", "of", "about", "with", "against", "over", "to", "from"])


def _object_content(verb: Token) -> tuple[int, int] | None:
    """ "called the plan a disgrace", "described the field as very good": object and complement."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None:
        return None
    end = obj.right_edge.i + 1
    for c in sorted((c for c in verb.children if c.i > obj.i), key=lambda c: c.i):
        # "criticized Trump for alienating voters", "blamed the law on politicians"
        if c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS):
            end = max(end, c.right_edge.i + 1)
        elif c.dep_ != "punct":
            break
    return obj.left_edge.i, end


#: words opening an adjunct clause that annotators leave outside the content
_ADJUNCT_OPENERS = frozenset(
    ["despite", "though", "although", "while", "whereas", "putting", "citing", "adding", "noting"]
)


def _with_object(verb: Token, clause: Token, part: tuple[int, int]) -> tuple[int, int]:
    """ "urged conservatives to unite": the object is the subject of the reported xcomp."""
    if clause.dep_ != "xcomp" or verb.lemma_.lower() in ADDRESSEE_VERBS:
        return part
    obj = next((c for c in verb.children if c.dep_ == "dobj" and verb.i < c.i < clause.i), None)
    return (obj.left_edge.i, part[1]) if obj is not None else part


def _without_adjuncts(clause: Token, part: tuple[int, int]) -> tuple[int, int]:
    """ "X said the name stayed on ballots, despite complaints": the concessive or participial
    tail after a comma comments on the report; it is not part of what was said."""
    doc = clause.doc
    for child in clause.children:
        if child.i <= clause.i or child.dep_ not in ("advcl", "prep", "npadvmod"):
            continue
        first = doc[child.left_edge.i]
        if (
            child.left_edge.i > part[0]
            and doc[child.left_edge.i - 1].text == ","
            and (first.lower_ in _ADJUNCT_OPENERS or (child.dep_ == "advcl" and child.tag_ == "VBG"))
            and child.right_edge.i + 1 >= part[1] - 1
        ):
            return part[0], child.left_edge.i - 1
    return part


def _prep_content(verb: Token) -> tuple[int, int] | None:
    """ "referring to the deal", "warned on Sunday of floods": the object of the preposition
    that carries the topic (of/about before to/for/on, whatever their order)."""
    preps = {c.lower_: c for c in verb.children if c.dep_ == "prep" and c.i > verb.i}
    for c in list(preps.values()):
        # "warned on Sunday afternoon of floods": the parser hangs "of" on the date
        for when in (g for g in c.children if g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME")):
            for inner in when.children:
                if inner.dep_ == "prep" and inner.lower_ in ("of", "about"):
                    preps.setdefault(inner.lower_, inner)
    for word in ("of", "about", "to", "for", "on"):
        prep = preps.get(word)
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None and prep is not None:
            end = obj.right_edge.i + 1
            # "focused on climate change as a signature issue": what follows the topic
            for c in sorted((c for c in verb.children if c.i > prep.i), key=lambda c: c.i):
                if c.dep_ != "prep" or c.lower_ not in ("as", "to", "for"):
                    break
                end = max(end, c.right_edge.i + 1)
            return obj.left_edge.i, end
    return None


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject, inherited through conjunction and participles ("..., saying X")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        # "He had been warned", "Vance is expected to": the subject is told, not telling;
        # the teller is the agent ("was told by police"), if any
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
    # two subjects happen when a dateline parses as one ("RENO (AP) — Trump said"): the
    # one nearest the verb is the speaker
    subjects = sorted((c for c in verb.children if c.dep_ in _SUBJ), key=lambda c: abs(c.i - verb.i))
    if subjects:
        return None if subjects[0].lower_ in NON_SPEAKER_SUBJECTS else subjects[0]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
        return subject_of(verb.head)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN"):
        return verb.head
    return None


def cue_range(verb: Token) -> tuple[int, int]:
    """The verb with contiguous auxiliaries, manner adverbs and a particle: "has said",
    "openly admitted", "pointed out"."""
    start = verb.i
    while start > verb.sent.start:
        prev = verb.doc[start - 1]
        manner = prev.dep_ == "advmod" and prev.lower_.endswith("ly") and prev.lower_ not in ("only", "early")
        if prev.head == verb and (prev.dep_ in ("aux", "auxpass", "neg") or manner):
            start -= 1
        else:
            break
    end = verb.i + 1
    if end < verb.sent.end and verb.doc[end].dep_ == "prt" and verb.doc[end].head == verb:
        end += 1
    return start, end


def mention_range(tok: Token) -> tuple[int, int]:
    """A source mention: the subject's subtree, minus edge punctuation, a wire dateline in
    front ("RENO, Nev. (AP) — Trump") and asides after a name ("Ann Lee, 59, of Leeds";
    "Trump, in Kentucky"; "Golvach when asked about it")."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    whole = (start, end)
    for i in range(start, end - 1):
        if doc[i].text in ("—", "–", "-", "--") and any(doc[j].text == ")" for j in range(start, i)):
            start = i + 1
    if tok.pos_ == "PROPN":
        for child in tok.rights:
            if child.i >= end:
                break
            aside = child.dep_ in ("prep", "advcl", "amod", "acl", "npadvmod") or (
                child.dep_ == "appos" and child.like_num
            )
            if (aside and doc[child.left_edge.i - 1].text == ",") or child.dep_ in ("advcl", "acl"):
                end = min(end, child.left_edge.i)
                break
            if child.dep_ == "punct" and child.i + 1 < end and doc[child.i + 1].like_num:
                end = min(end, child.i)
                break
    if not start <= tok.i < end:
        # the trims are for asides around the head; a parse that puts them elsewhere keeps all
        start, end = whole
    while start < end and doc[start].text in _PUNCT_AT_EDGE:
        start += 1
    while end > start and doc[end - 1].text in _PUNCT_AT_EDGE:
        end -= 1
    return start, end


def _right_complement(verb: Token) -> bool:
    for child in verb.children:
        if child.i <= verb.i:
            continue
        if child.dep_ in _CLAUSE or child.dep_ == "parataxis":
            return True
        if child.dep_ in ("dobj", "attr", "oprd") and verb.lemma_.lower() not in ADDRESSEE_VERBS:
            return True
    return False


def _is_trailing(verb: Token, subj: Token | None) -> bool:
    """A reporting clause that closes its sentence: "X, Smith said." or "X," said Smith."""
    if subj is None or _right_complement(verb) or verb.dep_ in ("amod", "compound"):
        # "the so-called plan": no speaker, no report
        return False
    sent = verb.sent
    left = min(verb.i, subj.left_edge.i) if subj is not None and subj.i < verb.i else cue_range(verb)[0]
    if left <= sent.start + 1 or _that_clause(verb):
        return False
    # what comes before must be a clause, not a lead-in ("In Honolulu last week, he told ..."),
    # unless the report resumes after the frame ("Too often, Clarke said, the debate ...")
    if not any(t.pos_ in ("VERB", "AUX") for t in verb.doc[sent.start : left]):
        tail = _resumed(_frame_range(verb, subj), sent)
        if tail is None or not any(t.pos_ in ("VERB", "AUX") for t in verb.doc[tail[0] : tail[1]]):
            return False
    before = verb.doc[left - 1]
    return before.text in {",", '"', "”", "’", "'", ":", "—", "–", "-"} or before.is_punct


#: sentence adverbs that link to the text before; the writer's, not the source's
_DISCOURSE = frozenset(
    ["however", "meanwhile", "still", "instead", "nonetheless", "nevertheless", "moreover", "also", "indeed"]
)


def _after_discourse_marker(start: int, end: int, sent: SpacySpan) -> int:
    """ "However, slower growth is offset ..., the IMF said": the content starts after "However,"."""
    doc = sent.doc
    if end - start > 3 and doc[start].lower_ in _DISCOURSE and doc[start + 1].text == ",":
        return start + 2
    if end - start > 4 and doc[start].lower_ == "for" and doc[start + 1].lower_ in ("instance", "example"):
        return start + 3 if doc[start + 2].text == "," else start + 2
    return start


def _raised_subject(verb: Token, clauses: list[Token]) -> tuple[int, int] | None:
    """The passive subject of a raising cue ("X is expected to ...", "X was said to ...")."""
    if not any(c.dep_ == "xcomp" for c in clauses):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass" and c.i < verb.i), None)
    if subj is None or (subj.pos_ == "PRON" and subj.lower_ == "it"):
        return None
    return mention_range(subj)


def _resumed(frame: tuple[int, int], sent: SpacySpan) -> tuple[int, int] | None:
    """ "Too often, Mr. Clarke said, the debate is infected ...": a reporting clause in the
    middle of the sentence; the report resumes after it."""
    doc = sent.doc
    if frame[1] >= sent.end - 2:
        return None
    if doc[frame[1] - 1].text == ",":  # the frame took its closing comma
        start = frame[1]
    elif doc[frame[1]].text == ",":
        start = frame[1] + 1
    else:
        return None
    first = doc[start]
    # "..., adding that X": another report, not a resumption; "..., and still Y" resumes it
    if first.tag_ in ("VBG", "VBN") or first.lower_ in ("as", "while", "after", "before"):
        return None
    rng = (start, sent.end)
    if first.dep_ == "cc":
        rng = (start + 1, sent.end)
    rng = strip_range(*rng, sent)
    return rng if rng[1] - rng[0] >= 3 else None


#: how a writer's aside opens after a comma at the end of a content
_ASIDE_OPENERS = frozenset(
    ["which", "where", "who", "whom", "whose", "when", "while", "whereas", "despite", "though", "although"]
)


def without_aside(rng: tuple[int, int], doc: Doc) -> tuple[int, int]:
    """ "..., where 18 electoral votes are up for grabs", "..., citing her work", "..., known
    as HFCs", "..., the existing military alliance": the writer's aside closing a content."""
    start, end = rng
    for i in range(start + 3, end - 1):
        if doc[i].text != ",":
            continue
        nxt = doc[i + 1]
        head = nxt.head
        if nxt.lower_ in _ASIDE_OPENERS:
            clause = (
                head if nxt.dep_ in ("nsubj", "nsubjpass", "dobj", "advmod", "pobj", "mark", "prep") else nxt
            )
        elif nxt.tag_ in ("VBG", "VBN") and nxt.dep_ in ("advcl", "acl", "xcomp"):
            clause = nxt
        elif nxt.dep_ == "det" and head.dep_ == "appos":
            clause = head
        else:
            continue
        if clause.right_edge.i + 1 >= end - 1 and clause.left_edge.i > start:
            return start, i
    return rng


def strip_range(doc_start: int, doc_end: int, sent: SpacySpan) -> tuple[int, int]:
    doc = sent.doc
    start, end = doc_start, doc_end
    while (
        start < end
        and (
            doc[start].text in _PUNCT_AT_EDGE
            or (doc[start].is_punct and doc[start].text not in ("(", "[", "$"))
            or doc[start].is_space
            or doc[start].lower_ in ("that", "and", "but")
        )
        and (doc[start].lower_ != "that" or doc[start].dep_ == "mark")
    ):
        # Leading "and"/"but" only after a cut at a reporting clause; keep "But" opening a sentence.
        if doc[start].lower_ in ("and", "but") and start == sent.start:
            break
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].text in _PUNCT_AT_EDGE
    ):
        end -= 1
    return start, end


def _minus(ranges: list[tuple[int, int]], cut: tuple[int, int]) -> list[tuple[int, int]]:
    out = []
    for s, e in ranges:
        if cut[1] <= s or cut[0] >= e:
            out.append((s, e))
            continue
        if s < cut[0]:
            out.append((s, cut[0]))
        if cut[1] < e:
            out.append((cut[1], e))
    return out


def _frame_range(verb: Token, subj: Token | None) -> tuple[int, int]:
    """Tokens of a trailing reporting clause: subject, cue and its modifiers."""
    lo, hi = cue_range(verb)
    if subj is not None:
        s, e = subj.left_edge.i, subj.right_edge.i + 1
        lo, hi = min(lo, s), max(hi, e)
    for child in sorted((c for c in verb.children if c.i > verb.i), key=lambda c: c.i):
        # "on Friday", "in a statement", "to reporters" belong to the frame; a following
        # clause ("..., adding that X") is a report of its own
        if child.dep_ not in _FRAME or child.pos_ in ("VERB", "AUX"):
            break
        hi = max(hi, child.right_edge.i + 1)
    # take the comma that introduces the clause with it
    if lo > verb.sent.start and verb.doc[lo - 1].text == ",":
        lo -= 1
    return lo, hi


def find_verb_candidates(
    sent: SpacySpan, quote_inside: list[tuple[int, int]], lexicon: Lexicon
) -> list[Candidate]:
    """Candidates from reporting verbs in one sentence; ``quote_inside`` are token ranges of quotes."""
    doc = sent.doc
    verbs = [t for t in sent if is_cue_verb(t, lexicon) and not _inside(t.i, quote_inside)]
    info: list = []
    fixed: dict[int, Token] = {}
    for verb in verbs:
        subj = subject_of(verb)
        if subj is not None and not _right_complement(verb):
            better = _swallowed_subject(verb, subj)
            if better is not None:
                fixed[subj.i] = better
                subj = better
        info.append((verb, subj))
    # "..., a spokesperson said, adding that X": "adding" inherits the corrected subject
    info2 = []
    for verb, subj in info:
        if subj is not None and subj.i in fixed:
            subj = fixed[subj.i]
        info2.append((verb, subj, _is_trailing(verb, subj)))
    info = info2
    frames = [_frame_range(v, s) for v, s, tr in info if tr]

    out: list[Candidate] = []
    for verb, subj, trailing in info:
        lemma = verb.lemma_.lower()
        cand = Candidate(
            cue=cue_range(verb),
            source=mention_range(subj) if subj is not None else None,
            # only an act of speech, told as done, can be relayed ("would declare" is not one)
            speech=lemma in SPEECH_VERBS and lemma not in COGNITION_VERBS and not _modal(verb),
            inherited=subj is not None and subj.head != verb,
            lemma=lemma,
            # until a shape below finds its content; a quotation beside it may still do so
            rule="bare",
            confidence=RULES["bare"].confidence,
        )
        calibrated = learned_confidence(verb, lexicon)
        if trailing:
            frame = _frame_range(verb, subj)
            start = sent.start
            while start < frame[0] and doc[start].text in _OPENERS and doc[start].text not in ('"', "“", "‘"):
                start += 1
            rng = strip_range(_after_discourse_marker(start, frame[0], sent), frame[0], sent)
            ranges = [rng] if rng[1] > rng[0] else []
            for other in frames:
                if other != frame and rng[0] <= other[0] < rng[1]:
                    ranges = _minus(ranges, other)
            cand.content = [r for r in ranges if r[1] > r[0]]
            tail = _resumed(frame, sent)
            if tail is not None:
                cand.content.append(tail)
            cand.rule, cand.confidence = "trailing", RULES["trailing"].confidence
        else:
            clauses = [
                c for c in verb.children if c.dep_ in _CLAUSE or (c.dep_ == "parataxis" and c.i > verb.i)
            ] or _that_clause(verb)
            if clauses:
                for clause in clauses:
                    for part in _split_coordinated(clause):
                        part = _with_object(verb, clause, part)
                        cand.reach = max(cand.reach, part[1])
                        ranges = [_without_adjuncts(clause, part)]
                        for other in frames:
                            ranges = _minus(ranges, other)
                        ranges = [strip_range(s, e, sent) for s, e in ranges]
                        cand_ranges = [r for r in ranges if r[1] > r[0]]
                        if cand_ranges:
                            cand.content.extend(cand_ranges)
                cand.rule, cand.confidence = "complement", RULES["complement"].confidence
                raised = _raised_subject(verb, clauses)
                if raised is not None and len(cand.content) == 1:
                    # "North Korea is believed to be capable of ...": the subject is what the
                    # belief is about; content in two pieces around the cue
                    cand.content.insert(0, raised)
                    cand.rule = "raised"
            else:
                how = frame_of(verb)
                learned = (lemma, how) in lexicon
                obj = _object_content(verb) if lemma in OBJECT_CONTENT_VERBS or learned else None
                prep = _prep_content(verb) if learned and how == "bare" else None
                if obj is not None:
                    cand.content = [strip_range(*obj, sent)]
                    cand.rule, cand.confidence = "object", RULES["object"].confidence
                elif prep is not None:
                    cand.content = [strip_range(*prep, sent)]
                    cand.rule, cand.confidence = "preposition", RULES["preposition"].confidence
                    # "referring to", "warned of": the preposition belongs to the cue
                    if cand.cue is not None and prep[0] - cand.cue[1] == 1:
                        cand.cue = (cand.cue[0], prep[0])
            if not cand.content and (lemma in NEEDS_CLAUSE or lemma not in SPEECH_VERBS):
                continue
        # a verb known only from annotated data is as reliable as it was there
        cand.confidence = min(cand.confidence, calibrated) if calibrated < 1.0 else cand.confidence
        if _writers_voice(verb, subj):
            # PolNeAR counts the writer's own voice; a reader of who said what does not
            cand.rule += "+writer"
        _add_addressee(verb, cand)
        _add_citing(verb, cand)
        out.append(cand)
    # "reported, citing two officials": the citing participle was folded into the report
    citing = {c.cue for c in out if c.rule.endswith("+citing")}
    out = [c for c in out if c.rule.endswith("+citing") or c.cue not in citing]
    # a cue inside another report's source ("a spokesperson who asked not to be named said")
    # describes the source; it reports nothing
    sources = [c.source for c in out if c.source is not None]
    out = [c for c in out if not any(c.cue and s[0] <= c.cue[0] < s[1] for s in sources)]
    # "that X and that Y" gives two contents of one verb: split into two attributions
    return [piece for cand in out for piece in _split_content(cand)]


#: subjects that are the writer speaking in their own voice ("I can tell you", "we can reveal")
_WRITER = frozenset(["i", "we"])


def _writers_voice(verb: Token, subj: Token | None) -> bool:
    """The writer's own voice or an instruction to the reader is not an attribution: "I can
    tell you it has never been calmer", "we can reveal", "Note that the offer ends Friday"
    (outside quotation marks; transcript labels speak for their paragraphs elsewhere)."""
    if subj is not None:
        return subj.lower_ in _WRITER and subj.head == verb
    imperative = (
        verb.tag_ == "VB"
        and verb.dep_ == "ROOT"
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "expl") for c in verb.children)
    )
    return imperative and verb.i == verb.sent.start


def _swallowed_subject(verb: Token, subj: Token) -> Token | None:
    """ "Harlow plans to open stores, a spokesperson said": the parser made the whole
    first clause the subject; the speaker is the noun phrase after the last comma."""
    sent = verb.sent
    start = cue_range(verb)[0]
    if subj.left_edge.i > sent.start + 1 or subj.i >= verb.i:
        return None
    commas = [t.i for t in sent if subj.left_edge.i < t.i < start and t.text == "," and t.head.i < start]
    if not commas:
        return None
    lo = commas[-1] + 1
    heads = [t for t in verb.doc[lo:start] if not (lo <= t.head.i < start)]
    if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return heads[0]


def _that_clause(verb: Token) -> list[Token]:
    """ "told analysts on a call that X": a that-clause the parser hung on a nearby noun
    (only under the verb's own objects and phrases, never inside another clause)."""
    for child in verb.children:
        if child.i <= verb.i or child.dep_ not in ("dobj", "dative", "prep", "npadvmod", "attr"):
            continue
        for tok in child.subtree:
            if tok.dep_ not in ("relcl", "acl", "ccomp"):
                continue
            if any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
                return [tok]
    return []


def _modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def _split_coordinated(clause: Token) -> list[tuple[int, int]]:
    """``that X and that Y``: each conjunct with its own "that" is its own content."""
    parts = [c for c in clause.children if c.dep_ == "conj" and any(g.dep_ == "mark" for g in c.children)]
    whole = (clause.left_edge.i, clause.right_edge.i + 1)
    if not parts:
        return [whole]
    out = []
    cursor = whole[0]
    for conj in parts:
        cut = conj.left_edge.i
        # drop the coordinating "and" before the second clause
        end = cut
        while end > cursor and clause.doc[end - 1].dep_ in ("cc", "punct"):
            end -= 1
        out.append((cursor, end))
        cursor = cut
    out.append((cursor, whole[1]))
    return out


def _split_content(cand: Candidate) -> list[Candidate]:
    if len(cand.content) <= 1 or cand.rule != "complement":
        return [cand]
    out = []
    for i, rng in enumerate(cand.content):
        out.append(
            Candidate(
                cue=cand.cue,
                source=cand.source,
                content=[rng],
                via=list(cand.via),
                confidence=cand.confidence,
                rule=cand.rule,
                speech=cand.speech,
                lemma=cand.lemma,
                inherited=cand.inherited,
                # only the last piece may run on to the clause's end; the others stop at the next
                reach=cand.reach if i == len(cand.content) - 1 else 0,
            )
        )
    return out


def _add_addressee(verb: Token, cand: Candidate) -> None:
    """ "told the Financial Times", "said in an interview with the Courier": possible outlets."""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj") and verb.lemma_.lower() in ADDRESSEE_VERBS:
            cand.via.append(ViaMention(mention_range(child), None))
        elif child.dep_ == "prep" and child.lower_ in ("to", "with", "in"):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if child.lower_ in ("to", "with"):
                    cand.via.append(ViaMention(mention_range(pobj), None))
                else:
                    # "in an interview with X" / "in a statement to X"
                    for prep in pobj.children:
                        if prep.dep_ == "prep" and prep.lower_ in ("with", "to"):
                            for inner in prep.children:
                                if inner.dep_ == "pobj":
                                    cand.via.append(ViaMention(mention_range(inner), None))


def _add_citing(verb: Token, cand: Candidate) -> None:
    """ "Reuters reported, citing two officials": the officials speak, Reuters relays."""
    for child in verb.children:
        if child.dep_ in ("advcl", "xcomp", "conj") and child.lemma_.lower() in CITING_VERBS:
            obj = next((c for c in child.children if c.dep_ == "dobj"), None)
            if obj is None or not _can_speak(obj) or not cand.content:
                # "called Clinton a champion, citing her work": a reason, not a source
                continue
            if cand.source is not None:
                cand.via.insert(0, ViaMention(cand.source, cand.cue))
            cand.source = mention_range(obj)
            cand.cue = (child.i, child.i + 1)
            cand.rule += "+citing"


#: things a report can cite as its source besides people ("citing documents")
_CITABLE = frozenset(
    [
        "document",
        "documents",
        "report",
        "reports",
        "data",
        "study",
        "studies",
        "survey",
        "poll",
        "statement",
        "record",
        "records",
        "email",
        "emails",
        "letter",
        "filing",
        "filings",
    ]
)


def _can_speak(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in _PARTS:
        # "the local branch of the railway workers' union": the body it is part of
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        return pobj is not None and _can_speak(pobj)
    return (
        tok.pos_ == "PROPN"
        or lemma in PERSON_NOUNS
        or tok.lower_ in GROUP_NOUNS
        or lemma in ANONYMOUS_HEADS
        or lemma in ORG_ANAPHORS
        or lemma in ORG_GENERIC
        or tok.lower_ in _CITABLE
    )


#: nouns for part of a body: they speak when the body can
_PARTS = frozenset(["branch", "chapter", "wing", "arm", "division", "unit", "section", "member", "members"])


def _inside(i: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s <= i < e for s, e in ranges)

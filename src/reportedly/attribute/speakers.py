"""Who is speaking: resolve each source mention to an entity of the article.

Pronouns go to the last fitting speaker, surnames to the full name given
earlier, descriptions ("the lawyer") to the person the article names with
that description (or introduces right after it: the delayed lede), "the
company" to the last company named, outlets to their canonical names.
Unnamed roles stay roles; unnamed officials and sources are anonymous.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from reportedly.attribute import gender
from reportedly.attribute.cues import REPORT_VERBS
from reportedly.attribute.gender import Gender
from reportedly.attribute.lexicon import (
    ANONYMITY_MARKERS,
    ANONYMOUS_HEADS,
    GROUP_NOUNS,
    ORG_ANAPHORS,
    ORG_GENERIC,
    PERSON_NOUNS,
    PRONOUNS_PLURAL,
    PRONOUNS_SINGULAR,
)
from reportedly.attribute.outlets import OutletTable, normalise
from reportedly.attribute.syntax import mention_range
from reportedly.attribute.thresholds import ANAPHOR_TOKENS, ANAPHOR_WINDOW
from reportedly.model import Article, Attribution, Entity, EntityKind, Span, Speaker, Via
from reportedly.nlp import ents_in

#: nouns by which an article refers back to an outlet it named ("the newspaper said")
OUTLET_NOUNS = frozenset(
    [
        "newspaper",
        "paper",
        "broadcaster",
        "agency",
        "magazine",
        "channel",
        "station",
        "website",
        "site",
        "daily",
        "tabloid",
        "outlet",
        "publication",
        "network",
        "weekly",
    ]
)
#: things that "say" for their owner: "a statement released by the PMO", "the company's filing"
DOCUMENT_NOUNS = frozenset(
    [
        "statement",
        "report",
        "letter",
        "memo",
        "email",
        "tweet",
        "post",
        "lawsuit",
        "suit",
        "filing",
        "document",
        "release",
        "notice",
        "survey",
        "poll",
        "study",
        "record",
        "data",
        "figure",
        "minute",
        "analysis",
        "review",
        "audit",
        "message",
        "video",
        "blog",
    ]
)

_POSS = re.compile(r"(?:'s|’s|'|’)$")
#: last words of company names that start like a first name ("Harlow Foods", "Morgan Rail")
_COMPANY_WORDS = frozenset(
    [
        "foods",
        "food",
        "holdings",
        "bank",
        "group",
        "rail",
        "railways",
        "airlines",
        "air",
        "homes",
        "partners",
        "textiles",
        "coal",
        "energy",
        "power",
        "motors",
        "media",
        "systems",
        "services",
        "industries",
        "labs",
        "capital",
        "ventures",
        "trust",
        "foundation",
        "council",
        "office",
        "union",
        "club",
        "company",
        "corp",
        "inc",
        "ltd",
        "plc",
        "llc",
        "hotels",
        "stores",
        "pharma",
        "health",
        "insurance",
        "brewing",
        "logistics",
        "shipping",
        "steel",
        "mining",
        "oil",
        "gas",
        "telecom",
        "technologies",
        "software",
        "studios",
        "press",
        "books",
    ]
)
#: capitalised words after a first name that are not a family name ("Lucy Said", "Dean On")
_NOT_SURNAMES = frozenset(["and", "or", "said", "says", "told", "the", "on", "in", "at", "of", "for", "but"])
#: "Ilse and Maren Tobler": two first names sharing one family name
_SHARED_SURNAME = re.compile(r"\b([A-Z][a-z]+) and ([A-Z][a-z]+) ([A-Z][a-z]+)\b")


@dataclass(slots=True)
class _Ent:
    id: str
    name: str
    kind: EntityKind
    aliases: set[str] = field(default_factory=set)
    descriptors: list[str] = field(default_factory=list)
    first: int = 0
    gender: Gender = ""

    def freeze(self) -> Entity:
        aliases = tuple(sorted(a for a in self.aliases if a != self.name))
        return Entity(self.id, self.name, self.kind, aliases, tuple(dict.fromkeys(self.descriptors)))


class _Registry:
    def __init__(self, doc: Doc, article: Article) -> None:
        self.doc = doc
        self.outlets = OutletTable(article.publisher)
        self.ents: list[_Ent] = []
        self.by_key: dict[tuple[str, str], _Ent] = {}
        self.surnames: dict[str, _Ent] = {}
        #: first name -> the one person the article gives it to ("Lucy" for "Lucy Heale")
        self.firsts: dict[str, _Ent | None] = {}
        #: (char offset, entity) of every person/org/group mention, for anaphora
        self.mentions: list[tuple[int, _Ent]] = []
        #: people named as a clause subject: the likeliest antecedents of "he"/"she"
        self.subjects: list[tuple[int, _Ent]] = []
        #: document noun -> its owner as last resolved ("a statement by X" ... "the statement said")
        self.documents: dict[str, _Ent] = {}

    def get(self, name: str, kind: EntityKind, at: int = 0) -> _Ent:
        name = _without_markup(name)
        key = (kind, name.lower())
        ent = self.by_key.get(key)
        if ent is None:
            ent = _Ent(f"e{len(self.ents) + 1}", name, kind, {name}, first=at)
            self.ents.append(ent)
            self.by_key[key] = ent
        return ent

    def person(self, name: str, at: int) -> _Ent:
        name, titles = _split_title(_POSS.sub("", _without_markup(name)).strip())
        ent = self._person(name, at)
        for t in titles:
            if t not in ent.descriptors:
                ent.descriptors.append(t)
        ent.gender = ent.gender or gender.of_words(titles) or gender.of_words(ent.descriptors)
        return ent

    def _person(self, name: str, at: int) -> _Ent:
        parts = name.split()
        if len(parts) == 1:
            key = parts[0].lower()
            ent = (
                self.surnames.get(key)
                or self.firsts.get(key)
                or self._named_in_full(parts[0].title() if parts[0].isupper() else parts[0])
                or self._described_as(key)
            )
            if ent is not None:
                ent.aliases.add(name)
                return ent
        # a later full name extends an earlier bare surname ("Berg" ... "Jonas Berg")
        if len(parts) > 1:
            known = self.surnames.get(parts[-1].lower())
            if known is not None and (len(known.name.split()) == 1 or known.name == name):
                if len(known.name.split()) == 1:
                    known.aliases.add(known.name)
                    del self.by_key[("person", known.name.lower())]
                    known.name = name
                    self.by_key[("person", name.lower())] = known
                return known
        ent = self.get(name, "person", at)
        self.surnames.setdefault(parts[-1].lower(), ent)
        if len(parts) > 1:
            ent.gender = ent.gender or gender.of_first_name(parts[0])
            first = parts[0].lower()
            # a first name two people share names neither
            self.firsts[first] = ent if self.firsts.get(first, ent) is ent else None
        return ent

    def known_person(self, word: str) -> _Ent | None:
        """The person whose family or first name ``word`` is, named in full in the text."""
        key = word.lower()
        ent = self.surnames.get(key) or self.firsts.get(key)
        if ent is not None and len(ent.name.split()) > 1:
            return ent
        return self._named_in_full(word.title() if word.isupper() else word)

    def _described_as(self, noun: str) -> _Ent | None:
        """ "HOST:" in a transcript is the one person the article calls a host."""
        found = [e for e in self.ents if e.kind == "person" and noun in e.descriptors]
        return found[0] if len(found) == 1 else None

    def _named_in_full(self, word: str) -> _Ent | None:
        """ "Varga" or "Lucy" alone, where the tagger missed the full name elsewhere in the
        text: "Helena Varga opened ...", "Lucy Heale and Marcus Brandt married"."""
        if not word[:1].isupper() or len(word) < 3:
            return None
        text = self.doc.text
        w = re.escape(word)
        for m in re.finditer(rf"\b([A-Z][a-z]+) {w}\b", text):
            first = m.group(1)
            # a first name the lexicon knows, or any capitalised word inside a sentence that
            # is no title ("Ngozi Achebe"; not "Dr Achebe", not "Yesterday Achebe")
            inside = m.start() > 1 and text[m.start() - 2] not in ".!?\n"
            if gender.of_first_name(first) or (
                inside and first.lower() not in TITLES and first.lower() not in _NOT_SURNAMES
            ):
                return self._person(f"{first} {word}", m.start())
        if gender.of_first_name(word):
            for m in re.finditer(rf"\b{w} ([A-Z][a-z]+)\b", text):
                after = text[m.end() : m.end() + 1]
                if m.group(1).lower() not in _NOT_SURNAMES and after != "'":
                    return self._person(f"{word} {m.group(1)}", m.start())
        return None


#: honorifics and titles that precede a name but are not part of it
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "judge",
        "justice",
        "councillor",
        "councilor",
        "mayor",
        "inspector",
        "sergeant",
        "detective",
        "officer",
        "captain",
        "colonel",
        "general",
        "major",
        "lieutenant",
        "senator",
        "governor",
        "president",
        "minister",
        "chancellor",
        "secretary",
        "commissioner",
        "chief",
        "coach",
        "professor",
        "doctor",
        "father",
        "sister",
        "brother",
        "rep",
        "sen",
        "gov",
        "pres",
        "gen",
        "col",
        "capt",
        "lt",
        "sgt",
        "det",
        "insp",
        "supt",
        "superintendent",
        "constable",
    ]
)


def _split_title(name: str) -> tuple[str, list[str]]:
    """ "Councillor Nadia Osei" → ("Nadia Osei", ["councillor"])."""
    words = name.split()
    titles = []
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        titles.append(words.pop(0).lower().rstrip("."))
    return " ".join(words), titles


def _head(span: SpacySpan) -> Token:
    return span.root


def _parts(span: SpacySpan) -> list[SpacySpan]:
    """ "Reuters and the FT" → two mentions; "Ukrainian and Western officials" stays one."""
    root = span.root
    conjs = [c for c in root.children if c.dep_ == "conj" and span.start <= c.i < span.end]
    if not conjs or root.pos_ not in ("PROPN", "NOUN", "PRON"):
        return [span]
    doc = span.doc
    out = []
    first_end = min(c.left_edge.i for c in conjs)
    while first_end > span.start and doc[first_end - 1].dep_ in ("cc", "punct"):
        first_end -= 1
    out.append(doc[span.start : first_end])
    for c in conjs:
        # the conjunct alone, without its own coordination
        sub = [
            t.i
            for t in c.subtree
            if not any(cc.dep_ == "conj" and t.i >= cc.left_edge.i for cc in c.children)
        ]
        out.append(doc[min(sub) : max(sub) + 1])
    return [p for p in out if len(p)]


def resolve_speakers(
    doc: Doc, article: Article, attributions: list[Attribution]
) -> tuple[list[Attribution], list[Entity]]:
    reg = _Registry(doc, article)
    _collect(doc, reg)
    _unlabelled_names(doc, reg)
    publisher = (
        reg.get(reg.outlets.lookup(article.publisher) or article.publisher, "outlet")
        if article.publisher
        else None
    )
    if publisher is not None:
        publisher.aliases.add(article.publisher or "")
    _delayed_lede(doc, reg, attributions)
    by_id = {a.id: a for a in attributions}
    recent: list[tuple[int, _Ent]] = []  # speakers so far, in text order, for pronouns
    used: dict[str, _Ent] = {}
    for att in attributions:
        if att.continues and att.continues in by_id:
            prev = by_id[att.continues]
            att.speakers = list(prev.speakers)
            att.via = [*att.via, *prev.via] if not att.via else att.via
            continue
        if att.source is not None:
            span = doc.char_span(att.source.start, att.source.end, alignment_mode="expand")
            ents = [_resolve(p, reg, recent) for p in _parts(span)] if span is not None else []
            att.speakers = [Speaker(e.name, e.kind, e.id) for e in ents]
            for e in ents:
                used[e.id] = e
                insort(recent, (att.source.start, e), key=_position)
        att.via = _resolve_vias(doc, att, reg, used)
    entities = [e.freeze() for e in reg.ents if e.id in used or e.kind in ("person", "outlet")]
    return attributions, entities


def _learn_outlets(doc: Doc, reg: _Registry) -> None:
    """ "Northline and the Courier reported": a name that reports in this article is an outlet
    here, even one the alias table has never heard of."""
    for tok in doc:
        if tok.lemma_.lower() not in REPORT_VERBS or tok.pos_ != "VERB":
            continue
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            if subj.pos_ == "NOUN" and subj.lemma_.lower() in OUTLET_NOUNS:
                # "the Dagsposten newspaper reported", "the broadcaster NRV reported"
                for c in subj.children:
                    if c.dep_ in ("compound", "appos") and c.pos_ == "PROPN":
                        reg.outlets.learn(doc[c.left_edge.i : c.i + 1].text)
                continue
            parts = [subj, *subj.conjuncts]
            names = [doc[p.left_edge.i : p.i + 1].text for p in parts]
            # a place name reports only beside a known outlet ("Northline and the Courier")
            with_outlet = any(reg.outlets.lookup(n) for n in names)
            for part, name in zip(parts, names, strict=True):
                if part.pos_ != "PROPN" or part.ent_type_ == "PERSON" or reg.known_person(part.text):
                    continue
                if part.ent_type_ not in ("GPE", "NORP", "LOC") or with_outlet:
                    reg.outlets.learn(name)


def _collect(doc: Doc, reg: _Registry) -> None:
    """Named people, organisations and outlets, with descriptors from appositions and titles."""
    _learn_outlets(doc, reg)
    for m in _SHARED_SURNAME.finditer(doc.text):
        first, second, family = m.groups()
        if gender.of_first_name(first) and gender.of_first_name(second):
            reg.person(f"{first} {family}", m.start(1))
            reg.person(f"{second} {family}", m.start(2))
    for ent in doc.ents:
        text = _POSS.sub("", ent.text).strip()
        if not text:
            continue
        if ent.label_ == "PERSON":
            if reg.outlets.lookup(text):
                reg.mentions.append(
                    (ent.start_char, reg.get(reg.outlets.lookup(text) or text, "outlet", ent.start_char))
                )
                continue
            if len(ent) == 1 and not gender.of_first_name(text) and reg.known_person(text) is None:
                # a one-word "person" never named in full is as often a company ("Skyreach",
                # "Ofgas"): "the airline" and "it" may refer to it
                org = reg.get(text, "organization", ent.start_char)
                org.descriptors.extend(_org_nouns(ent))
                reg.mentions.append((ent.start_char, org))
            title = doc[ent.start - 1].text if ent.start else ""
            # "Ms Okonjo": the honorific the tagger left out tells the gender
            e = reg.person(f"{title} {text}" if title.lower().rstrip(".") in TITLES else text, ent.start_char)
            for d in _descriptors(ent):
                if d not in e.descriptors:
                    e.descriptors.append(d)
            reg.mentions.append((ent.start_char, e))
            if _is_subject(ent.root):
                reg.subjects.append((ent.start_char, e))
        elif (
            ent.label_ in ("ORG", "WORK_OF_ART")
            and len(ent) in (2, 3)
            and gender.of_first_name(ent[0].text)
            and ent[-1].lower_ not in _COMPANY_WORDS
            and not reg.outlets.resolve(text, ent.label_)
        ):
            # "Helena Varga opened the bakery": a first name the tagger took for a company, or
            # ('"We will rebuild," Elena Ruiz said') for a title; "Marie Claire" stays a magazine
            e = reg.person(text, ent.start_char)
            reg.mentions.append((ent.start_char, e))
            if _is_subject(ent.root):
                reg.subjects.append((ent.start_char, e))
        elif ent.label_ in ("ORG", "NORP", "GPE", "WORK_OF_ART", "FAC"):
            outlet = reg.outlets.resolve(text, ent.label_)
            if outlet:
                reg.mentions.append((ent.start_char, reg.get(outlet, "outlet", ent.start_char)))
            elif ent.label_ == "ORG":
                org = reg.get(normalise(text), "organization", ent.start_char)
                org.descriptors.extend(_org_nouns(ent))
                reg.mentions.append((ent.start_char, org))


def _org_nouns(ent: SpacySpan) -> list[str]:
    """ "the regulator Ofgas", "airline Skyreach": the kind of body named right before it."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.pos_ == "NOUN":
        noun = before.lemma_.lower()
        if noun in ORG_ANAPHORS or noun in ORG_GENERIC or noun in OUTLET_NOUNS:
            return [noun]
    return []


def _is_subject(tok: Token) -> bool:
    """A subject, or in apposition to one ("One of the firefighters, Kerry Lund, spent ...")."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    return tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass")


def _unlabelled_names(doc: Doc, reg: _Registry) -> None:
    """Two-word proper-noun subjects the NER missed ("Tomasz Wielgus has run ...")."""
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "PROPN" or tok.ent_type_:
            continue
        parts = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
        if not parts or parts[-1].i != tok.i - 1 or not all(p.text[:1].isupper() for p in parts):
            continue
        name, titles = _split_title(" ".join([*(p.text for p in parts), tok.text]))
        if len(name.split()) != 2 or reg.outlets.resolve(name):
            continue
        ent = reg.person(" ".join([*titles, name]), parts[0].idx)
        reg.mentions.append((parts[0].idx, ent))
        reg.subjects.append((parts[0].idx, ent))
    reg.mentions.sort(key=lambda m: m[0])
    reg.subjects.sort(key=lambda m: m[0])


def _descriptors(ent: SpacySpan) -> list[str]:
    out = []
    doc = ent.doc
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in PERSON_NOUNS:
            out.append(child.lemma_.lower())
        if (
            child.dep_ in ("compound", "amod")
            and child.i < ent.start
            and child.lemma_.lower() in PERSON_NOUNS
        ):
            out.append(child.lemma_.lower())
    # "lawyer Jonas Berg": a title right before the name
    if ent.start > 0 and doc[ent.start - 1].lemma_.lower() in PERSON_NOUNS:
        out.append(doc[ent.start - 1].lemma_.lower())
    # "the company's chief executive, Jane Roe": the person is the apposition of a role noun
    if root.dep_ == "appos" and root.head.lemma_.lower() in PERSON_NOUNS:
        out.append(root.head.lemma_.lower())
    return out


def _delayed_lede(doc: Doc, reg: _Registry, attributions: list[Attribution]) -> None:
    """ "A lawyer for the men said X. ... Jane Roe told the Courier Y": news style names
    a speaker a sentence or two after describing them; give the name the description."""
    for i, att in enumerate(attributions):
        if att.source is None:
            continue
        span = doc.char_span(att.source.start, att.source.end, alignment_mode="expand")
        if span is None:
            continue
        head = _head(span)
        noun = head.lemma_.lower()
        if head.pos_ != "NOUN" or noun not in PERSON_NOUNS or noun in ANONYMOUS_HEADS or head.tag_ == "NNS":
            continue
        if any(noun in e.descriptors for e in reg.ents if e.kind == "person"):
            continue
        if any(t.ent_type_ == "PERSON" for t in span):
            continue
        for later in attributions[i + 1 : i + 4]:
            if later.source is None:
                continue
            lspan = doc.char_span(later.source.start, later.source.end, alignment_mode="expand")
            if lspan is None:
                continue
            people = [e for e in ents_in(lspan) if e.label_ == "PERSON"]
            # "Noor Abadi, a shift supervisor who escaped ...": the same description, named
            described = any(t.dep_ == "appos" and t.lemma_.lower() == noun for t in lspan)
            if people and (len(lspan) <= 4 or described):
                person = reg.person(people[0].text, people[0].start_char)
                if not person.descriptors:
                    person.descriptors.append(noun)
                break
        else:
            # "The owner of Crumb & Co says X. Helena Varga opened the bakery in 2019.": the
            # person the next sentence is about
            nxt = [e for _, e in _between(reg.subjects, att.source.end + 1, att.source.end + 400)]
            if nxt and noun not in nxt[0].descriptors and not nxt[0].descriptors:
                nxt[0].descriptors.append(noun)


def _resolve(span: SpacySpan, reg: _Registry, recent: list[tuple[int, _Ent]]) -> _Ent:
    text = span.text.strip()
    head = _head(span)
    lower = head.lower_
    at = span.start_char
    # 0. a short name the article gives a person in full ("Marcus", "Benedetti"), whatever
    # the tagger made of it here
    if (head.pos_ == "PROPN" or head.is_upper) and len(span) == 1:
        known = reg.known_person(head.text)
        if known is not None:
            return known
    # 1. outlets: "Reuters", "the FT", "the Courier"
    outlet = reg.outlets.resolve(text) or reg.outlets.resolve(head.text)
    if outlet and head.pos_ == "PROPN":
        return reg.get(outlet, "outlet", at)
    # 2. named people
    # "Vance's lawyer, Paul Grieve": the person in the head, not the possessor
    # (a "PERSON" whose root is a common noun, "Café owner", is a tagging slip)
    # (the person is the head or named beside it: "Radio Fenwick host Colm Breen", "Vance's lawyer,
    # Paul Grieve"; never a name inside a phrase: "the owner of Crumb & Co on Mill Lane")
    people = [
        e
        for e in ents_in(span)
        if e.label_ == "PERSON"
        and e.root.dep_ != "poss"
        and e.root.pos_ == "PROPN"
        and (e.root == head or (e.root.head == head and e.root.dep_ in ("appos", "compound", "nmod")))
    ]
    if people:
        return reg.person(people[0].text, people[0].start_char)
    if head.pos_ == "PROPN" and (head.ent_type_ in ("", "PERSON") or head.lower_ in reg.surnames):
        if head.lower_ in reg.surnames:
            return reg.surnames[head.lower_]
        if head.ent_type_ == "PERSON" or (len(span) <= 3 and all(t.pos_ == "PROPN" for t in span)):
            name = " ".join(t.text for t in span if t.pos_ == "PROPN")
            return reg.person(name, at)
    # 3. pronouns
    if head.pos_ == "PRON":
        if lower in PRONOUNS_SINGULAR:
            # the latest speaker or person-subject before the pronoun that agrees with it
            # (centering: "he"/"she" continues whoever the text was last about)
            said = _latest(
                recent, None, at, lambda e: e.kind in ("person", "role") and gender.agrees(e.gender, lower)
            )
            subject = _latest(reg.subjects, at, at, lambda e: gender.agrees(e.gender, lower))
            pool = [pe for pe in (said, subject) if pe is not None]
            if pool:
                return _known_as(max(pool, key=_position)[1], lower)
            named = _latest(
                reg.mentions, at, at, lambda e: e.kind == "person" and gender.agrees(e.gender, lower)
            )
            if named is not None:
                return _known_as(named[1], lower)
        if lower == "it":
            # "It said it regretted the disruption": the body the text was last about
            pool = [
                pe
                for pe in (_latest(recent, None, at, _is_body), _latest(reg.mentions, at, at, _is_body))
                if pe is not None
            ]
            if pool:
                return max(pool, key=_position)[1]
        if lower in PRONOUNS_PLURAL:
            group = _antecedent_group(span, reg, recent)
            if group is not None:
                return group
        return reg.get(text, "anonymous", at)
    # 4. a description with the name in apposition: "its chief executive, Dr Owen Pryce"
    if head.pos_ == "NOUN":
        appos = next((c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        if appos is not None:
            lo, hi = mention_range(appos)
            return _resolve(span.doc[lo:hi], reg, recent)
    noun = head.lemma_.lower()
    det = next((t.lower_ for t in head.children if t.dep_ in ("det", "poss")), "")
    # documents speak for their owners: "a statement released by the PMO", "the statement said"
    if head.pos_ == "NOUN" and noun in DOCUMENT_NOUNS:
        owner = _owner(head, reg, recent)
        if owner is not None:
            reg.documents[noun] = owner
            return owner
        if det == "the" and noun in reg.documents:
            return reg.documents[noun]
    # "the newspaper", "the broadcaster": the outlet the article named last
    if noun in OUTLET_NOUNS and det == "the" and len(span) <= 3:
        last = _latest(reg.mentions, at, at, lambda e: e.kind == "outlet")
        if last is not None:
            return last[1]
    # "the insider", "the official": the anonymous source the text already quoted
    if noun in ANONYMOUS_HEADS and det == "the" and len(span) <= 2:
        quoted = _latest(recent, None, at, lambda e: e.kind == "anonymous")
        if quoted is not None:
            return quoted[1]
    # 5. organisations by name, and "the company" for the last one named
    orgs = [e for e in ents_in(span) if e.label_ == "ORG"]
    if orgs and head.pos_ == "PROPN":
        return reg.get(normalise(orgs[0].text), "organization", at)
    owned = det in ("the", "its", "their")
    if (noun in ORG_ANAPHORS or noun in ORG_GENERIC) and owned and len(span) <= 3:
        org = _latest(
            reg.mentions,
            at,
            at,
            lambda e: (
                e.kind == "organization"
                and (noun in ORG_GENERIC or noun in e.name.lower() or noun in e.descriptors)
            ),
        )
        if org is not None:
            return org[1]
        # a lede's "their union said", named in full in the next sentence
        for _, e in _between(reg.mentions, at + 1, at + 400):
            if e.kind == "organization" and noun in e.name.lower():
                return e
        if noun not in ORG_GENERIC:
            return reg.get(_short_name(span), "organization", at)
    # 6. descriptions of people
    lowered = text.lower()
    if noun in ANONYMOUS_HEADS or any(m in lowered for m in ANONYMITY_MARKERS):
        return reg.get(_short_name(span), "anonymous", at)
    if noun in PERSON_NOUNS and head.tag_ != "NNS":
        for e in reg.ents:
            if e.kind == "person" and noun in e.descriptors:
                return e
        return reg.get(_short_name(span), "role", at)
    if head.tag_ in ("NNS", "NNPS") or noun in GROUP_NOUNS:
        if det == "the" and len(span) <= 3:
            group = _antecedent_group(span, reg, recent)
            if group is not None:
                return group
        return _group(span, reg)
    if head.pos_ == "PROPN":
        return reg.get(normalise(text), "organization", at)
    return reg.get(_short_name(span), "role", at)


def _known_as(ent: _Ent, pronoun: str) -> _Ent:
    """The pronoun the text used for a person tells their gender from now on."""
    ent.gender = ent.gender or gender.PRONOUN_GENDER.get(pronoun, "")
    return ent


def _owner(doc_noun: Token, reg: _Registry, recent: list[tuple[int, _Ent]]) -> _Ent | None:
    """Who a document speaks for: its possessor ("the company's statement"), a name before it
    ("the Courier survey"), or the agent after it ("a statement by X", "released by X",
    "data from X")."""
    doc = doc_noun.doc
    for c in doc_noun.children:
        if (c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")) or (c.dep_ == "compound" and c.pos_ == "PROPN"):
            s, e = mention_range(c)
            return _resolve(doc[s:e], reg, recent)
    for c in doc_noun.children:
        preps = [c] if c.dep_ == "prep" else []
        if c.dep_ == "acl":  # "released by", "issued by", "published by"
            preps = [g for g in c.children if g.dep_ in ("agent", "prep")]
        for prep in preps:
            if prep.lower_ not in ("by", "from", "of"):
                continue
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is not None and (pobj.pos_ == "PROPN" or pobj.ent_type_ in ("ORG", "PERSON", "GPE")):
                s, e = mention_range(pobj)
                return _resolve(doc[s:e], reg, recent)
            if pobj is not None and pobj.lemma_.lower() in ORG_ANAPHORS | ORG_GENERIC | OUTLET_NOUNS:
                s, e = mention_range(pobj)
                return _resolve(doc[s:e], reg, recent)
    return None


def _short_name(span: SpacySpan) -> str:
    """A description without its relative clause or aside: "An insurance official, who asked
    not to be named because ..." → "insurance official"; keeps "head of the fire service"."""
    head = span.root
    keep = {
        t.i
        for t in head.lefts
        if t.dep_ not in ("punct", "det", "cc") and t.i >= span.start
        for t in t.subtree
    }
    keep.add(head.i)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "in", "with") and child.i < span.end:
            keep.update(t.i for t in child.subtree if t.i < span.end)
        elif child.dep_ not in ("prep",):
            break
    name = ""
    last = -2
    for i in sorted(keep):
        tok = span.doc[i]
        # a dropped comma between kept words leaves no space: "lanky, bespectacled" must not
        # become "lankybespectacled"
        if name and i != last + 1 and not name[-1].isspace():
            name += " "
        name += tok.text_with_ws
        last = i
    name = name.strip()
    return _clean_name(name) if name else _clean_name(span.text)


#: a whole tag, a tag's tail before the name ('">' of a broken attribute) or a tag's head after it
_MARKUP = re.compile(r"<[^<>]*>|^[^<>]*>|<[^<>]*$")


def _without_markup(name: str) -> str:
    """Scraped text can keep bits of HTML next to a name (``">Sanders``, ``Ortiz</b>``); a name
    shown to a reader never carries them. (Negated classes only: linear on any input.)"""
    if "<" not in name and ">" not in name:
        return name
    return _MARKUP.sub(" ", name).strip(" \t\n\"'=/") or name


def _clean_name(text: str) -> str:
    return normalise(text) or text


def _group(span: SpacySpan, reg: _Registry) -> _Ent:
    name = span.text.strip()
    if any(t.like_num for t in span) and not name.lower().startswith("the "):
        # "12 national guardsmen" is referred to later as "the 12 national guardsmen"
        name = "the " + re.sub(r"^(?:a|an|some)\s+", "", name, flags=re.I)
    ent = reg.get(name, "group", span.start_char)
    return ent


def _position(pe: tuple[int, _Ent]) -> int:
    return pe[0]


def _is_body(e: _Ent) -> bool:
    return e.kind in ("organization", "outlet")


def _latest(
    pairs: list[tuple[int, _Ent]], before: int | None, at: int, wanted: Callable[[_Ent], bool]
) -> tuple[int, _Ent] | None:
    """The last (position, entity) of ``pairs`` (in text order) that is ``wanted``, before
    ``before`` when given, looking back at most ``ANAPHOR_WINDOW`` characters from ``at``:
    an anaphor's antecedent is near it, and a bounded look keeps resolution linear in the
    article's length."""
    end = len(pairs) if before is None else bisect_left(pairs, before, key=_position)
    for i in range(end - 1, -1, -1):
        pos, e = pairs[i]
        if pos < at - ANAPHOR_WINDOW:
            break
        if wanted(e):
            return pos, e
    return None


def _between(pairs: list[tuple[int, _Ent]], lo: int, hi: int) -> list[tuple[int, _Ent]]:
    """The (position, entity) pairs with lo <= position < hi (``pairs`` in text order)."""
    return pairs[bisect_left(pairs, lo, key=_position) : bisect_left(pairs, hi, key=_position)]


def _antecedent_group(span: SpacySpan, reg: _Registry, recent: list[tuple[int, _Ent]]) -> _Ent | None:
    """ "they"/"the men": the last plural group of people named before this mention."""
    doc = span.doc
    best: SpacySpan | None = None
    for chunk in doc[max(0, span.start - ANAPHOR_TOKENS) : span.start].noun_chunks:
        if chunk.end_char > span.start_char:
            break
        root = chunk.root
        if root.tag_ not in ("NNS", "NNPS"):
            continue
        counted = any(c.dep_ == "nummod" for c in root.children)
        if not (counted or root.lower_ in GROUP_NOUNS or root.lemma_.lower() in PERSON_NOUNS):
            continue
        if root.dep_ in ("attr", "pobj") and root.head.lemma_ in ("be", "of"):
            continue
        best = chunk
    if best is None:
        group = _latest(recent, None, span.start_char, lambda e: e.kind in ("group", "organization"))
        return group[1] if group is not None else None
    # a group named with a number wins over a vaguer later one ("12 guardsmen" over "members")
    return _group(best, reg)


def _resolve_vias(doc: Doc, att: Attribution, reg: _Registry, used: dict[str, _Ent]) -> list[Via]:
    out: list[Via] = []
    seen: set[str] = set()
    for v in att.via:
        span = doc.char_span(v.evidence.start, v.evidence.end, alignment_mode="expand")
        if span is None:
            continue
        for part in _parts(span):
            outlet = reg.outlets.resolve(part.text) or (
                reg.outlets.resolve(part.root.text) if part.root.pos_ == "PROPN" else None
            )
            if outlet:
                ent = reg.get(outlet, "outlet", part.start_char)
            elif v.cue is not None:
                # a relaying person or body in a chain ("Smith said, according to Jones")
                ent = _resolve(part, reg, [])
            else:
                continue  # "told reporters", "said to him": a listener, not a relay
            if ent.id in seen or any(s.entity == ent.id for s in att.speakers):
                continue
            seen.add(ent.id)
            used[ent.id] = ent
            ev = v.evidence if len(_parts(span)) == 1 else _char(doc, part)
            out.append(Via(name=ent.name, entity=ent.id, evidence=ev, cue=v.cue))
    return out


def _char(doc: Doc, span: SpacySpan) -> Span:
    return Span(span.start_char, span.end_char, span.text)

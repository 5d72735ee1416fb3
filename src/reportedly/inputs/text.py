"""Cleaning scraped text: one paragraph per non-empty line, noise out, metadata kept.

Every rule is a small function over one line backed by a module-level pattern,
so "where are ad markers handled" is a search for ``AD_MARKER``. What a rule
drops is recorded as a ``Removal`` with one of the reasons in ``WHY``; nothing
disappears silently. Wording and quote characters are never changed: only
whitespace inside a line is normalised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reportedly import dates
from reportedly.errors import InputError
from reportedly.inputs import byline as bl
from reportedly.inputs.encoding import normalise_text
from reportedly.model import Article, Removal
from reportedly.settings import DEFAULT, Settings

#: the reasons a Removal may give
WHY = (
    "advertisement",
    "caption",
    "photo credit",
    "duplicated title",
    "template residue",
    "boilerplate",
    "byline",
    "dateline",
    "credits",
    "original",
    "related links",
)

# -- whitespace ---------------------------------------------------------------

#: characters that are layout, not text: zero-width marks, soft hyphen, BOM
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
#: runs of horizontal whitespace (including no-break and thin spaces)
SPACES = re.compile(r"[^\S\n]+")
#: line separators beyond \n
LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")

# -- template residue: {{ x }}, {% x %}, [[x]], ${x}, lone undefined/null/NaN --

# Each slot's inside excludes its closing character, so a slot can end in one place only:
# the old ".*?" insides let "{{}}{{}}" split in exponentially many ways (a 100-byte line
# took minutes). Every pattern here runs in time linear in the line.
_SLOT = r"\{\{[^{}]*\}\}|\{%[^%]*%\}|\[\[[^\[\]]*\]\]|\$\{[^{}]*\}|<%[^%]*%>"
TEMPLATE_LINE = re.compile(rf"^(?:\s*(?:{_SLOT}|undefined|null|nan|\[object object\]))+\s*$", re.I)
TEMPLATE_INLINE = re.compile(r"\{\{[^{}]*\}\}|\{%[^%]*%\}|\$\{[^{}]*\}")

# -- advertisement markers: the whole line is the marker ------------------------

AD_MARKER = re.compile(
    r"^(?:advertisements?|advert|ads?|advertising|sponsored(?: content| links?| stories)?|"
    r"paid (?:content|post|partnership)|promoted(?: content)?|partner content|"
    r"(?:story|article|content) continues below(?: this)?(?: advertisement| ad)?|"
    r"continue reading below(?: (?:the|this) (?:ad|advertisement))?|continue reading the main story|"
    r"scroll (?:down )?to continue(?: (?:with content|reading))?|skip (?:advertisement|ad)|"
    r"advertisement\s*[-–—:]\s*scroll to continue|ad feedback|remove ads|report this ad)$",
    re.I,
)
#: decoration around a marker: "- Advertisement -", "[Advertisement]"
MARKER_TRIM = " \t-–—_*•·|:.()[]"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- share / newsletter / comment / link / legal lines ---------------------------

_PLATFORM = r"(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|reddit|pinterest|telegram|bluesky|threads|instagram|tiktok|youtube|google news|flipboard|messenger)"
#: platform names as words, for the call-to-action rule ("Follow us on Instagram")
PLATFORMS = _words(
    "facebook twitter x linkedin whatsapp email reddit pinterest telegram bluesky threads instagram "
    "tiktok youtube google flipboard messenger"
)
BOILERPLATE: tuple[re.Pattern[str], ...] = (
    re.compile(r"^share (?:this|the) (?:article|story|post|page|video)\b", re.I),
    re.compile(rf"^(?:share|post|send) (?:it )?(?:on|via|to|with) {_PLATFORM}\b", re.I),
    re.compile(rf"^(?:share|tweet|e-?mail|print|save|copy link|link copied|comment|{_PLATFORM})$", re.I),
    re.compile(rf"^follow (?:us|me|.{{1,40}}?) on {_PLATFORM}\b", re.I),
    re.compile(r"^(?:sign up|subscribe|register)\b(?!.*\b(?:said|says|told)\b)", re.I),
    re.compile(r"^(?:get|receive|join|try)\b.*\bnewsletters?\b", re.I),
    re.compile(r"^newsletters?\b", re.I),
    # "Want more movie news? Sign up for our newsletter", "...straight to your inbox"
    re.compile(
        r"^(?!.*\b(?:said|says|told)\b).*\b(?:sign(?:ing)? up|subscribe|subscribing)\b.*"
        r"\b(?:newsletters?|inbox|e-?mail alerts?|briefing)\b",
        re.I,
    ),
    re.compile(r"^(?!.*\b(?:said|says|told)\b).*\b(?:newsletters?|briefing)\b.*\b(?:inbox|sign up)\b", re.I),
    re.compile(r"^thanks? (?:you )?for (?:subscribing|signing up|registering)\b", re.I),
    # "Follow her on X (formerly Twitter) at @handle": a social handle closes the line
    re.compile(rf"^(?:you can )?follow\b.{{0,80}}\b{_PLATFORM}\b.{{0,60}}@\w+", re.I),
    # "MORE: ...", "(MORE: ...)", "[Related: ...]", "Read more: ..."
    re.compile(
        r"^[\[(]?\s*(?:more|related|read more|read next|read also|also read|see also|watch|listen|opinion)"
        r"\s*:\s*\S.*?[\])]?$",
        re.I,
    ),
    re.compile(r"^(?:\d+\s+)?comments?(?:\s*\(\d+\))?$", re.I),
    re.compile(
        r"^(?:view|show|read|load|see|hide|open)\s+(?:all\s+)?(?:the\s+)?(?:\d+\s+)?comments?\b", re.I
    ),
    re.compile(r"^(?:leave|add|post|write) a comment\b|^join the (?:conversation|discussion)\b", re.I),
    re.compile(r"^click (?:here|to)\b|^tap (?:here|to)\b", re.I),
    re.compile(
        r"^(?:read more|read next|read also|also read|related(?: stories| articles| coverage| content| links?)?|"
        r"see also|more from [\w .&'’-]{1,40}|more on this(?: story)?|more stories|recommended(?: for you| stories)?|"
        r"most (?:read|popular|viewed|shared)(?: (?:in|on|from) [\w &'’-]{1,30})?|you (?:may|might) also like|watch|video|listen|trending(?: now)?|editor'?s picks?)"
        r"\s*(?::.*|[.…>»]*)$",
        re.I,
    ),
    re.compile(r"^(?:copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4})", re.I),
    re.compile(r"\ball rights reserved\b", re.I),
    re.compile(
        r"\b(?:we use cookies|(?:this|our) (?:site|website) uses cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences))\b",
        re.I,
    ),
    re.compile(r"^\d+\s*(?:min(?:ute)?s?)\.?\s+read$", re.I),
    # a section label or badge on a line of its own ("Opinion", "LIVE", "Analysis")
    re.compile(
        r"^(?:opinion|analysis|live|live updates|exclusive|breaking(?: news)?|explainer|editorial|"
        r"sponsored|updated|watch live|premium|subscriber only|subscribers only)$",
        re.I,
    ),
    re.compile(r"^(?:listen to|gift|save) (?:this )?(?:article|story)\b", re.I),
    re.compile(
        r"^(?:advertise with us|contact us|privacy policy|terms of (?:use|service)|about us|skip to (?:main )?content)$",
        re.I,
    ),
    re.compile(r"\bopens? in (?:a )?new (?:window|tab)\b", re.I),
)
#: longer lines are story, whatever they start with
MAX_BOILERPLATE_CHARS = 200

#: the vocabulary of cookie and consent notices; a paragraph using several of these terms
#: is a notice whatever its length ("We and our 842 partners store and/or access ...")
CONSENT_TERM = re.compile(
    r"\b(?:cookies?|consent(?:ing)?|(?:our|\d+) partners|personal data|privacy (?:policy|settings)|"
    r"(?:your|manage|change your) (?:preferences|choices|options)|legitimate interests?|"
    r"accept all|reject all|store and/or access|personalised (?:ads|advertising)|"
    r"personalized (?:ads|advertising)|device (?:identifiers|scanning)|tracking technologies)\b",
    re.I,
)
#: distinct consent terms that make a paragraph a notice
MIN_CONSENT_TERMS = 3

# -- content-farm calls to action: "Like this story? Share it with your friends!" ------------

#: the verbs that make a line a call to action; "Did you like it?" alone may be story, so liking is not one
CTA_VERBS = _words("share follow subscribe click tap comment retweet repost tweet bookmark")
#: the words such a line is made of besides its verbs; a short line of nothing else is not story
CTA_WORDS = CTA_VERBS | _words(
    "like liked enjoy enjoyed love loved spread join this that it the a an us our me my you your with to for "
    "on and or more story stories article articles "
    "post posts page video videos friends friend family others everyone below here button now today please "
    "don't dont do did didn't forget be sure word news updates latest content them so if want help let know "
    "what think up daily newsletter channel feed social media bell notifications stay tuned find found "
    "helpful interesting useful was is hit of by in"
)
CTA_WORD = re.compile(r"\w+(?:['’]\w+)*")
#: a call to action is a phrase, not a paragraph
MAX_CTA_WORDS = 14
#: quotation marks: a quoted call to action is someone speaking
QUOTE_MARKS = re.compile('["“”„«»]')

# -- "Read the original article on X": this article is a copy of X -------------

ORIGINAL = re.compile(
    r"^(?:read the original (?:article|story|post) (?:on|at|in)|"
    r"this (?:article|story|post) (?:was |is )?(?:originally|first) (?:appeared|published|ran) (?:in|on|by|at)|"
    r"(?:this (?:article|story) )?(?:was |is )?(?:originally|first) (?:published|appeared|ran) (?:in|on|by|at)|"
    r"this (?:article|story) (?:is|was) republished from)"
    r"\s+(?P<outlet>.+?)(?:\s+under\s+.*|\s+on\s+\w+\s+\d.*|[.!]\s+.*)?[.!]?$",
    re.I,
)

# -- photo credits and the captions glued to them --------------------------------

_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’&-]*\.?|\d+)"
_NAMEPART = rf"{_TOKEN}(?:\s+(?:{_TOKEN}|de|van|von|der|da|la|le|al|of|the|and|for))*"
_AGENCY = (
    r"(?:Getty Images|Getty|Shutterstock(?:\.com)?|Alamy(?: Stock Photo)?|iStock(?:photo)?|AFP|AP|Reuters|REUTERS|"
    r"EPA(?:-EFE)?|Bloomberg|Anadolu(?: Agency)?|NurPhoto|Xinhua|Sipa(?: USA)?|ZUMA(?: Press| Wire)?|"
    r"SOPA Images|LightRocket|Redux|PA(?: Wire| Images)?|AAP|Kyodo|Imagn|Reuters Connect|Associated Press)"
)
PHOTO_CREDIT: tuple[re.Pattern[str], ...] = (
    # "Photo: Jane Roe", "Image credit: Northline", "Credit: Jane Roe/Northline"
    re.compile(
        r"^(?:photo(?:graph)?s?|images?|pictures?|pic|illustration|credit|photo credit|image credit|"
        r"gallery|gallery credit|photo illustration)\s*:\s*\S.{0,100}$",
        re.I,
    ),
    # "(Photo by Jane Roe/Northline)", "Photo courtesy of the council"
    re.compile(
        r"^(?:photo(?:graph)?s?|images?|pictures?|illustration|photo illustration)\s+(?:by|courtesy(?: of)?)\s+\S.{0,100}$",
        re.I,
    ),
    re.compile(rf"^courtesy(?: of)?\s+{_NAMEPART}$", re.I),
    # "Ann Roe/Northline Agency via Getty Images", "Jane Roe via Reuters"
    re.compile(rf"^{_NAMEPART}(?:\s*/\s*{_NAMEPART})*\s+via\s+{_AGENCY}$"),
    # "Jane Roe/Getty Images", "Jane Roe/AFP"
    re.compile(rf"^(?:{_NAMEPART}\s*/\s*)+{_AGENCY}(?:,\s*file)?$", re.I),
    # "AP Photo/Jane Roe", "REUTERS/Jane Roe", "AP Photo/Jane Roe, File"
    re.compile(
        rf"^{_AGENCY}(?:\s+(?:Photo|Images|Pictures|Wire))?\s*/\s*{_NAMEPART}(?:\s*/\s*{_NAMEPART})?(?:,\s*[Ff]ile)?$"
    ),
    # a lone agency: "Getty Images", "Shutterstock"
    re.compile(rf"^{_AGENCY}(?:\s+(?:Images|Photo|Photos|Stock Photo))?$"),
)
#: "Jane Roe/Northline": a name over an outlet, only trusted when short
NAME_OVER_OUTLET = re.compile(rf"^{_NAMEPART}/{_NAMEPART}$")
MAX_CREDIT_CHARS = 120
#: where a credit may begin inside a line: after a sentence end (glued or spaced), a bar or dash, a "("
CREDIT_START = re.compile(r"(?<=[.!?])[\"”’)]?\s*(?=[A-Z(])|\s[|–—-]\s|\s(?=\()")

#: gallery and caption-toggle residue
CAPTION_RESIDUE = re.compile(
    r"^(?:(?:image|photo|picture|slide)\s+\d+\s+(?:of|/)\s+\d+|hide caption|toggle caption|show caption|"
    r"enlarge this image|expand image|open (?:image )?gallery|view gallery|\d+\s+photos?)$",
    re.I,
)

# -- the title ---------------------------------------------------------------------

#: a title longer than this is a paragraph
MAX_TITLE_CHARS = 250
#: headline-like lines closing an article that make a run of related links
MIN_LINK_RUN = 3
#: what a related-article headline has no use for: figures, labels, list bullets, handles
LINK_RUN_NOT = re.compile(r"[\d:()@|–—•*]|^- ")
#: "Headline | Portvale Courier", "Headline - Portvale Courier"
SITE_SUFFIX = re.compile(r"^\s*(?:\||-|–|—|::|·)\s*\S.{0,60}$")
#: trailing marks that do not make two titles different
TITLE_TRIM = " .:;,!?\"'“”‘’"
#: a headline ending in a full stop has at most this many words and none of ``CLAUSE_MARKS``
STOPPED_HEADLINE_WORDS = 10
CLAUSE_MARKS = re.compile(r"[,;:\"“”‘]|\s[’']")
#: "...the river fell. Passengers queued": two sentences, so a paragraph, not a headline
INNER_SENTENCE_END = re.compile(r"[a-z]{3,}[.!?][\"”’]?\s+[A-Z]")
BULLET = re.compile(r"^(?:[•●▪◦‣∙·*-]|\d+[.)])\s")
#: stamps that give a later date than first publication
UPDATE_STAMPS = frozenset({"updated", "last updated", "modified", "last modified"})
#: a paragraph that is prose: words ending a sentence
SENTENCE_END = re.compile(r"\w[.!?…][\"”’)]*(?:\s|$)|[。！？]")


@dataclass(slots=True)
class Cleaned:
    """The result of cleaning: paragraphs (title first when known), what went, what was learned."""

    paragraphs: list[str]
    title: str | None = None
    removed: list[Removal] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    publisher: str | None = None
    published: str | None = None
    dateline: str | None = None
    wire: str | None = None
    original: str | None = None
    #: date of an "Updated ..." line, the published date when there is no other
    updated: str | None = None
    #: the dateline's date as written (it may lack a year)
    dateline_date: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(slots=True)
class _Line:
    kept: str | None
    removed: list[Removal] = field(default_factory=list)


# -- line rules ------------------------------------------------------------------


def normalise_line(line: str) -> str:
    """Collapse whitespace and drop invisible characters; wording and quotes stay."""
    return SPACES.sub(" ", INVISIBLE.sub("", line)).strip()


def split_lines(text: str) -> list[str]:
    """Each non-empty line, normalised: scraped text has one paragraph per line."""
    lines = (normalise_line(line) for line in LINE_BREAKS.sub("\n", text).split("\n"))
    return [line for line in lines if line]


def is_template_residue(line: str) -> bool:
    return bool(TEMPLATE_LINE.match(line))


def strip_inline_template(line: str) -> tuple[str, list[str]]:
    """Remove '{{ slot }}' fragments inside a line; return the line and what went."""
    found = TEMPLATE_INLINE.findall(line)
    if not found:
        return line, []
    return normalise_line(TEMPLATE_INLINE.sub(" ", line)), found


def is_ad_marker(line: str) -> bool:
    return len(line) <= 80 and bool(AD_MARKER.match(line.strip(MARKER_TRIM)))


def is_boilerplate(line: str) -> bool:
    if len(line) > MAX_BOILERPLATE_CHARS:
        return False
    return any(p.search(line) for p in BOILERPLATE) or is_call_to_action(line)


def is_consent(paragraph: str) -> bool:
    """A cookie or consent notice: several distinct terms of their vocabulary in one paragraph."""
    terms = {m.group(0).lower() for m in CONSENT_TERM.finditer(paragraph)}
    return len(terms) >= MIN_CONSENT_TERMS


def is_call_to_action(line: str) -> bool:
    """'Like this story? Share it with your friends!': a short line of share/follow words and little else."""
    words = [w.lower().replace("’", "'") for w in CTA_WORD.findall(line)]
    if not words or len(words) > MAX_CTA_WORDS or QUOTE_MARKS.search(line):
        return False
    return any(w in CTA_VERBS for w in words) and all(w in CTA_WORDS or w in PLATFORMS for w in words)


def original_outlet(line: str) -> str | None:
    """'Read the original article on Portvale Courier.' -> 'Portvale Courier'."""
    if len(line) > MAX_BOILERPLATE_CHARS:
        return None
    m = ORIGINAL.match(line)
    return m["outlet"].strip(" .") if m else None


def is_caption_residue(line: str) -> bool:
    return bool(CAPTION_RESIDUE.match(line))


def is_photo_credit(text: str) -> bool:
    """True when ``text`` is nothing but a photo credit."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    # a credit has no quotation marks: 'Photos by @name," she captioned the post.' is speech
    if not text or len(text) > MAX_CREDIT_CHARS or QUOTE_MARKS.search(text):
        return False
    if any(p.match(text) for p in PHOTO_CREDIT):
        return True
    return len(text) <= 60 and bool(NAME_OVER_OUTLET.match(text))


def split_credit(line: str) -> tuple[str, str] | None:
    """(caption, credit) when ``line`` ends in a photo credit; caption may be ''.

    Scrapers glue a caption to its credit ("...the hall.Jane Roe/Northline via
    Getty Images"); the earliest point from which the rest is a credit splits them.
    """
    if is_photo_credit(line):
        return "", line
    for m in CREDIT_START.finditer(line):
        tail = line[m.end() :]
        if _inside_quotation(line[: m.end()]):
            continue  # the sentence end is inside a quotation: what follows is still the quote
        if is_photo_credit(tail):
            return line[: m.end()].strip(), tail.strip()
    return None


def _inside_quotation(head: str) -> bool:
    """Does ``head`` end inside an open quotation (an odd number of straight double quotes, or
    more curly openings than closings)?"""
    return head.count('"') % 2 == 1 or head.count("“") > head.count("”")


# -- the title --------------------------------------------------------------------


def title_key(text: str) -> str:
    return normalise_line(text).strip(TITLE_TRIM).casefold()


def is_title_copy(line: str, title: str) -> bool:
    """The same headline, maybe with the site name appended."""
    key, tkey = title_key(line), title_key(title)
    if not tkey:
        return False
    if key == tkey:
        return True
    short, long = sorted((key, tkey), key=len)
    suffix = long[len(short) :]
    # the headline is most of "Headline | Site": a short line that merely opens the title
    # ("Israel" beside "Israel - Gaza talks resume") is story, not a copy
    return (
        len(short.split()) >= 2
        and len(short) > len(suffix)
        and long.startswith(short)
        and bool(SITE_SUFFIX.match(suffix))
    )


def looks_like_headline(line: str) -> bool:
    """Short, several words, not a list item, and not a sentence: a full stop at the end is
    allowed on a short line with no clause marks ("Tide gauge fails during storm.": some
    outlets and exports end headlines with one)."""
    words = line.split()
    stripped = line.rstrip('"”’)')
    return (
        len(line) <= MAX_TITLE_CHARS
        and 3 <= len(words) <= 40
        and (
            not stripped.endswith(".")
            or (
                len(words) <= STOPPED_HEADLINE_WORDS
                and not stripped.endswith("..")
                and not CLAUSE_MARKS.search(stripped)
            )
        )
        and not BULLET.match(line)
        and not INNER_SENTENCE_END.search(line)
    )


def is_prose(paragraph: str) -> bool:
    """A sentence, not a menu: ends like one, or runs on with lower-case words (menus are Title Case)."""
    words = paragraph.split()
    if SENTENCE_END.search(paragraph) and (len(words) >= 4 or len(paragraph) >= 20):
        return True
    return len(words) >= 8 and sum(w[:1].islower() for w in words) >= 2


# -- the cleaner ------------------------------------------------------------------


def clean(text: str, *, title: str | None = None) -> Cleaned:
    """Clean scraped text; ``title`` (when known) becomes the first paragraph, exactly once."""
    out = Cleaned(paragraphs=[])
    lines = [_classify(line, out) for line in split_lines(text)]
    kept = [i for i, line in enumerate(lines) if line.kept is not None]

    if title:
        title = normalise_line(title)
    elif len(kept) > 1:
        first = lines[kept[0]].kept
        assert first is not None
        if looks_like_headline(first) and bl.parse_dateline(first) is None:
            title = first
    if title:
        out.title = title
        for n, i in enumerate(kept):
            line = lines[i]
            assert line.kept is not None
            if is_title_copy(line.kept, title):
                # the first line being the title is the title itself, not a copy
                if n > 0 or title_key(line.kept) != title_key(title):
                    line.removed.append(Removal(line.kept, "duplicated title"))
                line.kept = None

    _drop_link_run(lines)
    body = [i for i in kept if lines[i].kept is not None]
    _take_dateline(lines, body[:3], out)

    out.paragraphs = ([title] if title else []) + [p for line in lines if (p := line.kept)]
    out.removed = [r for line in lines for r in line.removed]
    out.published = out.published or out.updated
    if not out.published and out.dateline_date:
        # "PORTVALE, March 2 (Northline) -": the year is the one the story itself mentions most
        out.published = dates.iso(out.dateline_date, context=dates.year_in_text("\n".join(out.paragraphs)))
    if out.publisher is None and out.wire:
        out.publisher = out.wire
    return out


def _classify(raw: str, out: Cleaned) -> _Line:
    """Apply the line rules in order; the first that claims the line wins."""
    if is_template_residue(raw):
        return _Line(None, [Removal(raw, "template residue")])
    line, residue = strip_inline_template(raw)
    result = _Line(line or None, [Removal(r, "template residue") for r in residue])
    if not line:
        return result
    why = _noise_kind(line, out)
    if why:
        result.kept = None
        result.removed.append(Removal(line, why))
        return result
    parts = split_credit(line)
    if parts:
        caption, credit = parts
        result.kept = None
        if caption:
            result.removed.append(Removal(caption, "caption"))
        result.removed.append(Removal(credit, "photo credit"))
    return result


def _noise_kind(line: str, out: Cleaned) -> str | None:
    """The reason ``line`` is not story, recording any metadata it carries on ``out``."""
    if is_ad_marker(line):
        return "advertisement"
    outlet = original_outlet(line)
    if outlet:
        out.original = out.original or outlet
        return "original"
    if is_boilerplate(line) or is_consent(line):
        return "boilerplate"
    if is_caption_residue(line):
        return "caption"
    names = bl.parse_credits(line)
    if names:
        _add_names(out.byline, names)
        return "credits"
    stamp = bl.parse_stamp(line)
    if stamp:
        # a first-publication date beats an update time
        if stamp.kind in UPDATE_STAMPS:
            out.updated = out.updated or stamp.published
        else:
            out.published = out.published or stamp.published
        return "byline"
    if len(line) <= 60 and bl.is_date_only(line):
        out.published = out.published or bl.parse_date(line)
        return "byline"
    by = bl.parse_byline(line)
    if by:
        _add_names(out.byline, by.names)
        out.publisher = out.publisher or by.publisher
        out.published = out.published or by.published
        return "byline"
    return None


def _drop_link_run(lines: Sequence[_Line]) -> None:
    """Drop a run of at least MIN_LINK_RUN headline-like lines that closes the text: the
    related-article links a template puts after the story ("Harbour wall repairs to start
    next month" / "New lifeboat station opens" / ...). A story's own last lines are prose."""
    kept = [i for i, line in enumerate(lines) if line.kept is not None]
    run: list[int] = []
    for i in reversed(kept):
        text = lines[i].kept
        assert text is not None
        # a headline has no sentence end (sentence-case ones read as prose by word count);
        # list items and lines with figures or labels are data (tour dates, squads), not links
        if not looks_like_headline(text) or SENTENCE_END.search(text) or LINK_RUN_NOT.search(text):
            break
        run.append(i)
    if len(run) < MIN_LINK_RUN or len(run) == len(kept):
        return
    for i in run:
        line = lines[i]
        assert line.kept is not None
        line.removed.append(Removal(line.kept, "related links"))
        line.kept = None


def _take_dateline(lines: Sequence[_Line], candidates: Iterable[int], out: Cleaned) -> None:
    for i in candidates:
        line = lines[i]
        assert line.kept is not None
        dl = bl.parse_dateline(line.kept)
        if dl is None:
            continue
        line.kept = line.kept[len(dl.text) :].strip() or None
        line.removed.append(Removal(dl.text.strip(), "dateline"))
        out.dateline = dl.place
        out.wire = dl.wire
        out.published = out.published or dl.published
        out.dateline_date = dl.date_text
        return


def _add_names(into: list[str], names: Iterable[str]) -> None:
    for name in names:
        if name not in into:
            into.append(name)


# -- Article --------------------------------------------------------------------------


def article_from_text(
    text: str,
    *,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    settings: Settings = DEFAULT,
) -> Article:
    """Clean already-scraped text into an Article (title first, noise recorded in ``removed``)."""
    return build_article(
        text, name="<text>", publisher=publisher, url=url, published=published, title=title, settings=settings
    )


def build_article(
    text: str,
    *,
    name: str,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    byline: Sequence[str] = (),
    settings: Settings = DEFAULT,
) -> Article:
    """Clean ``text`` and build the Article; given metadata wins over what the text says.

    Every input reaches an Article through here, so this is where text and metadata are
    normalised (``normalise_text``) and measured against the size limit."""
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{name}: empty input, not an article")
    check_chars(text, name, settings)
    cleaned = clean(text, title=_meta(title))
    check_article_text(cleaned, name, settings)
    names = [n for n in (_meta(b) for b in byline) if n]
    _add_names(names, cleaned.byline)
    return Article(
        text=cleaned.text,
        title=cleaned.title,
        url=_meta(url),
        publisher=_meta(publisher) or cleaned.publisher,
        published=_meta(published) or cleaned.published,
        byline=names,
        removed=cleaned.removed,
        original=cleaned.original,
        dateline=cleaned.dateline,
    )


def _meta(value: str | None) -> str | None:
    return normalise_text(value).strip() or None if value else None


def check_chars(text: str, name: str, settings: Settings) -> None:
    """Refuse text over the byte limit; str inputs (pasted, JSON lines) never passed a byte count."""
    # a character is at most 4 bytes in UTF-8: only count when it could matter
    if len(text) * 4 > settings.max_bytes and len(text.encode("utf-8", "replace")) > settings.max_bytes:
        raise InputError(
            f"{name}: more than {settings.max_bytes:,} bytes of text exceeds the limit "
            "(set REPORTEDLY_MAX_BYTES or --max-bytes)"
        )


def check_article_text(cleaned: Cleaned, name: str, settings: Settings) -> None:
    """Refuse what is left when it is too short or has no sentence (navigation, headings)."""
    size = len(cleaned.text)
    if size < settings.min_text_chars:
        raise InputError(
            f"{name}: no article text ({size} characters after cleaning; at least {settings.min_text_chars} needed)"
        )
    body = cleaned.paragraphs[1:] if cleaned.title else cleaned.paragraphs
    if not any(is_prose(p) for p in body):
        raise InputError(f"{name}: no article text (only headings, links or boilerplate)")

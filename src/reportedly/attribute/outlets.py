"""News outlets: a curated alias table and in-article short forms.

"the FT" → Financial Times; "the Courier" after "the Portvale Courier"; the
article's own publisher from its byline. An outlet is where a report travels
through, so this decides whether a name joins the via chain.
"""

from __future__ import annotations

import re

#: alias (lower-case, no leading "the") → canonical outlet name
ALIASES: dict[str, str] = {
    "ft": "Financial Times",
    "financial times": "Financial Times",
    "the financial times": "Financial Times",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "the associated press": "Associated Press",
    "afp": "Agence France-Presse",
    "agence france-presse": "Agence France-Presse",
    "agence france presse": "Agence France-Presse",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "wsj": "The Wall Street Journal",
    "wall street journal": "The Wall Street Journal",
    "journal": "The Wall Street Journal",
    "nyt": "The New York Times",
    "new york times": "The New York Times",
    "times": "The Times",
    "washington post": "The Washington Post",
    "post": "The Washington Post",
    "bbc": "BBC",
    "bbc news": "BBC",
    "cnn": "CNN",
    "nbc": "NBC News",
    "nbc news": "NBC News",
    "cbs": "CBS News",
    "cbs news": "CBS News",
    "abc": "ABC News",
    "abc news": "ABC News",
    "fox news": "Fox News",
    "msnbc": "MSNBC",
    "npr": "NPR",
    "politico": "Politico",
    "axios": "Axios",
    "bloomberg": "Bloomberg",
    "bloomberg news": "Bloomberg",
    "the guardian": "The Guardian",
    "guardian": "The Guardian",
    "the telegraph": "The Telegraph",
    "telegraph": "The Telegraph",
    "the economist": "The Economist",
    "economist": "The Economist",
    "insider": "Insider",
    "business insider": "Insider",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "interfax": "Interfax",
    "xinhua": "Xinhua",
    "al jazeera": "Al Jazeera",
    "dpa": "Deutsche Presse-Agentur",
    "deutsche presse-agentur": "Deutsche Presse-Agentur",
    "efe": "EFE",
    "ansa": "ANSA",
    "kyodo": "Kyodo News",
    "yonhap": "Yonhap",
    "usa today": "USA Today",
    "los angeles times": "Los Angeles Times",
    "la times": "Los Angeles Times",
    "new york post": "New York Post",
    "the hill": "The Hill",
    "breitbart": "Breitbart",
    "breitbart news": "Breitbart",
    "huffington post": "HuffPost",
    "huffpost": "HuffPost",
    "buzzfeed": "BuzzFeed News",
    "buzzfeed news": "BuzzFeed News",
    "vox": "Vox",
    "slate": "Slate",
    "the atlantic": "The Atlantic",
    "new yorker": "The New Yorker",
    "the new yorker": "The New Yorker",
    "daily mail": "Daily Mail",
    "the sun": "The Sun",
    "le monde": "Le Monde",
    "der spiegel": "Der Spiegel",
    "spiegel": "Der Spiegel",
    "kommersant": "Kommersant",
    "meduza": "Meduza",
}

#: ambiguous one-word aliases only count as outlets when written as a name ("the Post")
_NEEDS_CAPITAL = {"journal", "times", "post", "guardian", "telegraph", "economist", "sun", "insider", "hill"}

#: words that make an organisation name look like a news outlet
OUTLET_WORDS = re.compile(
    r"\b(Times|Post|News|Journal|Courier|Herald|Tribune|Gazette|Chronicle|Telegraph|Guardian|Observer|"
    r"Independent|Mirror|Express|Star|Sun|Globe|Mail|Record|Review|Standard|Dispatch|Bulletin|Press|"
    r"Wire|Newswire|Agency|Television|TV|Radio|Broadcasting|Daily|Weekly|Magazine|Examiner|Inquirer|"
    r"Sentinel|Ledger|Register|Enquirer|Roundup|Buzz|Digest|Reporter|Insider|Monitor|Today|Online|Network)\b"
)

_LEAD = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s)$")


def normalise(name: str) -> str:
    name = _POSSESSIVE.sub("", name.strip(" \t\n.,;:\"'“”‘’"))
    return _LEAD.sub("", name).strip()


class OutletTable:
    """Outlet names known in one article: the alias table plus the article's own."""

    def __init__(self, publisher: str | None = None, extra: dict[str, str] | None = None) -> None:
        self.aliases = dict(ALIASES)
        if extra:
            self.aliases.update({k.lower(): v for k, v in extra.items()})
        self.publisher = publisher
        if publisher:
            self.learn(publisher)

    def learn(self, name: str) -> str:
        """Register an outlet named in full, with its short forms ("the Portvale Courier" → "Courier")."""
        canonical = self.lookup(name) or _display(name)
        key = normalise(name).lower()
        self.aliases.setdefault(key, canonical)
        words = normalise(name).split()
        if len(words) > 1:
            # "the Courier" for "the Portvale Courier": in-article short forms win
            # over the global table ("the Post" after "the New York Post").
            self.aliases[words[-1].lower()] = canonical
        return canonical

    def lookup(self, name: str) -> str | None:
        bare = normalise(name)
        key = bare.lower()
        if key in _NEEDS_CAPITAL and not bare[:1].isupper():
            return None
        return self.aliases.get(key)

    def resolve(self, name: str, ner_label: str | None = None) -> str | None:
        """Canonical outlet for a mention, or None when it is not an outlet."""
        found = self.lookup(name)
        if found:
            return found
        bare = normalise(name)
        if (
            ner_label in (None, "ORG", "WORK_OF_ART", "PRODUCT", "PERSON")
            and bare[:1].isupper()
            and OUTLET_WORDS.search(bare)
            and len(bare.split()) <= 6
        ):
            return self.learn(name)
        return None


def known_outlet(name: str) -> str | None:
    """The table's name for an outlet when ``name`` is one of its unambiguous aliases ("Huffington
    Post" -> "HuffPost"); a bare "Post" or "Times" could be any paper and gives None."""
    key = normalise(name).lower()
    return None if key in _NEEDS_CAPITAL else ALIASES.get(key)


def _display(name: str) -> str:
    bare = normalise(name)
    return bare

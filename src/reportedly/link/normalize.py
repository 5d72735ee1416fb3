"""Text normalisation for matching quotes and claims across articles.

Quote marks, dashes, case, accents and punctuation differ between outlets for
the same words; these functions fold all of that away so that comparison sees
only the words. Claims additionally fold numbers to ``#`` so that "seven dead"
and "eight dead" land in one cluster, where the changed figure is reported as a
discrepancy instead of splitting the story in two.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": " ",
    }
)
_WORD = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:['-][^\W\d_]+)*")
_NUMBER = re.compile(r"\d[\d,.]*")

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "hundreds thousand thousands million millions billion billions dozen dozens half"
)
NUMBER_WORDS = frozenset(_NUMBER_WORDS.split())

#: function words dropped from the sets that candidate generation and claim scoring use
_STOPWORDS = """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves said says say told according added adding"""
STOPWORDS = frozenset(_STOPWORDS.split())


def fold(text: str) -> str:
    """Casefolded, accent-free text with one kind of quote mark and dash."""
    text = text.translate(_FOLD)
    if text.isascii():  # the common case: nothing to decompose
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[str]:
    """The words of ``text`` in order, punctuation and quote marks gone ("don't" stays one word)."""
    return [w.replace("'", "") for w in _WORD.findall(fold(text))]


_CONTRACTIONS = (
    (re.compile(r"\b(can)'t\b"), r"\1 not"),
    (re.compile(r"\b(won)'t\b"), "will not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
    (re.compile(r"\b(\w+)'re\b"), r"\1 are"),
    (re.compile(r"\b(\w+)'ve\b"), r"\1 have"),
    (re.compile(r"\b(\w+)'ll\b"), r"\1 will"),
    (re.compile(r"\b(i)'m\b"), r"\1 am"),
    (re.compile(r"\b(it|that|there|here|what|who|he|she)'s\b"), r"\1 is"),
    (re.compile(r"\blet's\b"), "let us"),
)


def quote_words(text: str) -> list[str]:
    """The words of a quote with contractions spelled out: "we're" and "we are" are one wording."""
    folded = fold(text)
    for pattern, repl in _CONTRACTIONS:
        folded = pattern.sub(repl, folded)
    return words(folded)


def claim_words(text: str) -> list[str]:
    """Words with every number, in digits or words, folded to ``#``."""
    out: list[str] = []
    for w in words(text):
        token = "#" if _NUMBER.fullmatch(w) or w in NUMBER_WORDS else w
        if token == "#" and out and out[-1] == "#":
            continue  # "1,500" and "fifteen hundred" are one number, not two
        out.append(token)
    return out


def stem(word: str) -> str:
    """A crude suffix strip, enough to match "floods"/"flooded" and "deaths"/"death"."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_set(tokens: list[str]) -> set[str]:
    """The stemmed content words, the set MinHash candidates are drawn from."""
    return {stem(w) for w in tokens if w not in STOPWORDS and (len(w) > 1 or w == "#")}


def shingles(tokens: list[str], k: int) -> set[str]:
    """Word k-grams (the whole text as one shingle when it is shorter than k)."""
    if len(tokens) <= k:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def counted_key(counted: str | None) -> str | None:
    """What a quantity counts, reduced to its head noun: "emergency spillways" -> "spillway"."""
    if not counted:
        return None
    ws = words(counted)
    if not ws:
        return None
    head = ws[-1]
    if head.endswith("ies") and len(head) > 4:
        return head[:-3] + "y"
    if head.endswith("s") and not head.endswith("ss") and len(head) > 3:
        return head[:-1]
    return head

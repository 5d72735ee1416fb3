"""Grammatical gender of people, so that "he" and "she" find the right antecedent.

Evidence, strongest first: an honorific ("Ms Okonjo"), a gendered role noun
("spokeswoman", "his wife Janine"), the first name (the ``gender-guesser`` lexicon
of about 40,000 first names), and the pronouns the text already used for the same
person. Unknown is the common case and agrees with every pronoun.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

Gender = Literal["m", "f", ""]

MALE_TITLES = frozenset(
    ["mr", "sir", "lord", "father", "brother", "king", "prince", "duke", "baron", "count"]
)
FEMALE_TITLES = frozenset(
    ["mrs", "ms", "miss", "dame", "lady", "sister", "queen", "princess", "duchess", "baroness", "madam"]
)
MALE_NOUNS = frozenset(
    [
        "man",
        "father",
        "son",
        "husband",
        "brother",
        "grandfather",
        "grandson",
        "boy",
        "dad",
        "grandad",
        "uncle",
        "nephew",
        "king",
        "chairman",
        "spokesman",
        "businessman",
        "policeman",
        "fireman",
        "widower",
        "boyfriend",
        "actor",
        "congressman",
        "councilman",
    ]
)
FEMALE_NOUNS = frozenset(
    [
        "woman",
        "mother",
        "daughter",
        "wife",
        "sister",
        "grandmother",
        "granddaughter",
        "girl",
        "mum",
        "mom",
        "aunt",
        "niece",
        "queen",
        "chairwoman",
        "spokeswoman",
        "businesswoman",
        "policewoman",
        "widow",
        "girlfriend",
        "actress",
        "congresswoman",
        "councilwoman",
    ]
)
PRONOUN_GENDER: dict[str, Gender] = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}


@lru_cache(maxsize=1)
def _detector() -> Any:
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def of_first_name(name: str) -> Gender:
    """'Ruth' -> f, 'Tomasz' -> m, 'Kerry' or 'Ngozi' -> '' (androgynous or unknown)."""
    if not name[:1].isalpha():
        return ""
    guess = _detector().get_gender(name)
    return "m" if guess == "male" else "f" if guess == "female" else ""


def of_words(words: list[str]) -> Gender:
    """From an honorific or role noun among ``words`` (lower case): 'ms', 'spokeswoman'."""
    for w in words:
        w = w.rstrip(".")
        if w in MALE_TITLES or w in MALE_NOUNS:
            return "m"
        if w in FEMALE_TITLES or w in FEMALE_NOUNS:
            return "f"
    return ""


def agrees(gender: Gender, pronoun: str) -> bool:
    """Whether a person of ``gender`` can be "he"/"she" (unknown agrees with both)."""
    wanted = PRONOUN_GENDER.get(pronoun.lower(), "")
    return not wanted or not gender or wanted == gender

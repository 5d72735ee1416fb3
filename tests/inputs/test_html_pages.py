"""Extraction on our own pages in the styles of real templates (tests/fixtures/html, made by
its build.py), and the cleaning rules issue 13 added, each on the text that needed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportedly.errors import InputError
from reportedly.inputs import article_from_html, article_from_text
from reportedly.inputs.html import choose_body, is_consent_text, strip_publisher_suffix
from reportedly.inputs.text import clean, is_title_copy

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))


def test_there_are_thirty_pages_in_ten_templates() -> None:
    assert len(NAMES) >= 30
    assert len({n.split("-")[0] for n in NAMES}) >= 10


@pytest.mark.parametrize("name", NAMES)
def test_page_reads_as_its_expected_text(name: str) -> None:
    expected = (PAGES / f"{name}.expected.txt").read_text(encoding="utf-8").strip()
    noise = [n for n in (PAGES / f"{name}.noise.txt").read_text(encoding="utf-8").splitlines() if n]
    article = article_from_html((PAGES / f"{name}.html").read_text(encoding="utf-8"))
    title = expected.partition("\n\n")[0]
    assert article.title == title
    assert article.text == expected
    for n in noise:
        assert n not in article.text, n


# --------------------------------------------------------------------------- the two cleaning bugs


def test_a_quoted_post_ending_in_a_photo_credit_is_kept() -> None:
    para = (
        'Her co-star Bram Hessel shared a photo on Instagram. "Three weeks of sweat and laughter. '
        'Photos by @lenaroeshoots," Hessel captioned the post.'
    )
    cleaned = clean(f"Stage return\n\n{para}\n\nThe show runs until May.")
    assert para in cleaned.paragraphs
    assert cleaned.removed == []


def test_a_real_credit_after_a_caption_still_goes() -> None:
    cleaned = clean(
        "Stage return\n\nThe cast at the playhouse. Photo by Lena Roe/Saltby Star\n\nThe show runs until May."
    )
    assert [r.why for r in cleaned.removed] == ["caption", "photo credit"]


def test_a_short_line_is_not_a_copy_of_a_title_it_opens() -> None:
    title = "Israel - Gaza ceasefire talks resume in Cairo"
    assert not is_title_copy("Israel", title)
    cleaned = clean(
        f"{title}\n\nThe talks resumed on Monday, officials said.\n\nIsrael\n\nThe delegation arrived late."
    )
    assert "Israel" in cleaned.paragraphs
    # the copy with a site name after it is still a copy
    assert is_title_copy(f"{title} | Valley Post", title)


# --------------------------------------------------------------------------- noise the cleaner now removes


@pytest.mark.parametrize(
    "line",
    [
        "Want more movie news? Sign up for our weekly Culture newsletter.",
        "Get the latest updates straight to your inbox: sign up for our daily briefing",
        "Thank you for subscribing!",
        "Thanks for signing up.",
        "Follow her on X (formerly Twitter) at @annaholmwrites and on Bluesky.",
        "Follow Petra on X @petrawrites",
        "MORE: Lowmoor extend unbeaten run to nine games",
        "(MORE: The ten best stage shows to see this spring)",
        "[Related: County bus fares frozen for another year]",
        "Read more: Bridge inspections fall behind schedule",
        "Most read in Music",
        "Gallery Credit: Lena Roe",
        "Opinion",
        "LIVE",
        "We and our 842 partners store and/or access information on a device, such as cookies, and process "
        "personal data for personalised advertising. You may click to consent to our processing.",
    ],
)
def test_noise_line_is_removed(line: str) -> None:
    cleaned = clean(
        f"Ferry crews walk out\n\nFerry crews walked out on Monday, the union said.\n\n{line}\n\nTalks start Wednesday."
    )
    assert line not in cleaned.paragraphs
    assert line in [r.text for r in cleaned.removed]


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said residents could sign up for flood alerts by email, and 2,000 already had.",
        "More than 40 homes were flooded, the council said.",
        "Follow-up inspections on the bridge are planned for March, the county said.",
        "The festival drew most of its visitors from the town itself.",
        "Consent for the new housing estate was refused by the planning committee on Tuesday.",
    ],
)
def test_story_lines_like_noise_are_kept(line: str) -> None:
    cleaned = clean(
        f"Ferry crews walk out\n\nFerry crews walked out on Monday, the union said.\n\n{line}\n\nTalks start Wednesday."
    )
    assert line in cleaned.paragraphs


def test_a_closing_run_of_related_headlines_goes() -> None:
    links = [
        "Harbour wall repairs to start next month",
        "New lifeboat station opens on the north quay",
        "Residents asked to report potholes online",
    ]
    text = (
        "Museum theft\n\nPolice appealed for witnesses on Monday.\n\nThe museum stays closed.\n\n"
        + "\n\n".join(links)
    )
    cleaned = clean(text)
    assert cleaned.paragraphs == [
        "Museum theft",
        "Police appealed for witnesses on Monday.",
        "The museum stays closed.",
    ]
    assert [r.why for r in cleaned.removed] == ["related links"] * 3
    # two such lines are not a run; subheadings inside a story are not at its end
    two = clean("Museum theft\n\nPolice appealed on Monday.\n\n" + "\n\n".join(links[:2]))
    assert two.paragraphs[-2:] == links[:2]


# --------------------------------------------------------------------------- titles and choice of body


@pytest.mark.parametrize(
    ("title", "stripped"),
    [
        ("Ferry crews walk out over rota changes | CBC News", "Ferry crews walk out over rota changes"),
        ("Ferry crews walk out over rota changes - Times of India", "Ferry crews walk out over rota changes"),
        ("Why the flu jab queue is shorter | Opinion | Valley Post", "Why the flu jab queue is shorter"),
        # not a publisher: kept
        ("Rovers beat Town - Ventresca scores late", "Rovers beat Town - Ventresca scores late"),
        ("News | Times", "News | Times"),
    ],
)
def test_publisher_suffix_is_stripped(title: str, stripped: str) -> None:
    assert strip_publisher_suffix(title) == stripped


LEAD = [
    "Kestlow Rovers beat Amberfield Town 2-1 on Saturday after a late winner from the substitute.",
    "Amberfield had led through a first-half header, and defended with ten men behind the ball.",
]
REST = ['"We kept asking questions," the manager said after the match.', "The win lifts Rovers to fourth."]


def test_choose_body_puts_back_a_dropped_lead() -> None:
    precise = "\n".join(REST)
    recall = "\n".join(["Kestlow Rovers snatch derby win", *LEAD, *REST])
    assert choose_body(precise, recall) == "\n".join([*LEAD, *REST])


def test_choose_body_keeps_precision_over_a_standfirst() -> None:
    precise = "\n".join(REST)
    recall = "\n".join(["Kestlow Rovers snatch derby win", LEAD[0], *REST])
    assert choose_body(precise, recall) == precise


def test_choose_body_takes_recall_when_precision_is_a_stub() -> None:
    recall = "\n".join([*LEAD, *REST] * 3)
    assert choose_body("Vote now: who was man of the match?", recall) == recall


def test_choose_body_never_takes_a_consent_notice() -> None:
    notice = (
        "We and our partners use cookies and process personal data. Manage your preferences or accept all to "
        "consent to personalised advertising."
    )
    assert is_consent_text(notice)
    assert choose_body(notice, "\n".join([*LEAD, *REST])) == "\n".join([*LEAD, *REST])
    assert choose_body("\n".join(REST), notice) == "\n".join(REST)


def test_a_page_that_is_only_a_consent_wall_is_refused() -> None:
    page = (
        "<html><head><title>Privacy</title></head><body><div class='cmp'><p>"
        + "We and our 842 partners store and/or access information on a device, such as cookies, and process "
        "personal data. You may consent to our processing or manage your preferences. "
        * 3
        + "</p><button>Accept all</button></div></body></html>"
    )
    with pytest.raises(InputError, match="cookie or consent notice"):
        article_from_html(page)


def test_text_input_gets_the_same_noise_rules() -> None:
    a = article_from_text(
        "Ferry crews walk out\n\nFerry crews walked out on Monday, the union said.\n\n"
        "Thank you for subscribing!\n\nMORE: Bus fares frozen\n\nTalks start on Wednesday, the operator said.\n"
    )
    assert "subscribing" not in a.text and "MORE" not in a.text

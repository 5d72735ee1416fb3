"""Cleaning scraped text: each rule on small invented articles."""

from __future__ import annotations

import pytest

from reportedly.errors import InputError
from reportedly.inputs import article_from_text, clean
from reportedly.inputs.byline import Byline, Dateline, parse_byline, parse_credits, parse_date, parse_dateline
from reportedly.inputs.text import WHY, split_credit
from reportedly.model import Removal
from reportedly.settings import Settings

TITLE = "Floodwater closes Portvale bridge after two days of rain"

SCRAPED = f"""{TITLE}

Advertisement
By Ann Lee | Portvale Courier | March 2, 2026
{TITLE}
Water covers the riverside road on Monday.Jane Roe/Northline via Getty Images
PORTVALE, March 2 (Northline) - Floodwater closed the main bridge on Monday, the city engineer said.

  •   Crews   worked through the night to clear debris.
  • About 300 homes lost power, the utility said.
Story continues below advertisement

"We will reopen it when the inspectors say so," engineer Mara Quill told reporters. {{{{ ad_slot }}}}
Share this article
Follow us on Twitter
Sign up for our newsletter
Read more: Storm season starts early in the valley
The council will meet on Friday, a Reuters report said, and residents plan to attend.
(Reporting by Ann Lee; Editing by Tom Roe and Sam Poe)
Copyright 2026 Portvale Courier. All rights reserved.
{{{{}}}}
"""


@pytest.fixture(scope="module")
def article():
    return article_from_text(SCRAPED)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def whys(article, why: str) -> list[str]:
    return [r.text for r in article.removed if r.why == why]


def test_title_is_first_paragraph_exactly_once(article):
    assert article.title == TITLE
    assert paragraphs(article.text)[0] == TITLE
    assert article.text.count(TITLE) == 1
    assert whys(article, "duplicated title") == [TITLE]


def test_ad_markers_removed(article):
    assert "Advertisement" not in article.text
    assert "Story continues below" not in article.text
    assert whys(article, "advertisement") == ["Advertisement", "Story continues below advertisement"]


def test_caption_glued_to_credit_is_split_and_both_removed(article):
    assert whys(article, "caption") == ["Water covers the riverside road on Monday."]
    assert whys(article, "photo credit") == ["Jane Roe/Northline via Getty Images"]
    assert "Getty" not in article.text and "riverside road" not in article.text


def test_byline_becomes_metadata(article):
    assert article.byline[:1] == ["Ann Lee"]
    assert article.publisher == "Portvale Courier"
    assert article.published == "2026-03-02"
    assert whys(article, "byline") == ["By Ann Lee | Portvale Courier | March 2, 2026"]
    assert "By Ann Lee" not in article.text


def test_dateline_prefix_removed_from_paragraph(article):
    assert article.dateline == "PORTVALE"
    assert whys(article, "dateline") == ["PORTVALE, March 2 (Northline) -"]
    assert (
        paragraphs(article.text)[1] == "Floodwater closed the main bridge on Monday, the city engineer said."
    )


def test_bullets_kept_as_paragraphs_with_whitespace_normalised(article):
    paras = paragraphs(article.text)
    assert "• Crews worked through the night to clear debris." in paras
    assert "• About 300 homes lost power, the utility said." in paras


def test_template_residue_removed_inline_and_alone(article):
    assert "{" not in article.text
    assert whys(article, "template residue") == ["{{ ad_slot }}", "{{}}"]
    # the quote around the residue keeps its wording and quote characters
    assert (
        '"We will reopen it when the inspectors say so," engineer Mara Quill told reporters.'
        in paragraphs(article.text)
    )


def test_boilerplate_removed(article):
    assert whys(article, "boilerplate") == [
        "Share this article",
        "Follow us on Twitter",
        "Sign up for our newsletter",
        "Read more: Storm season starts early in the valley",
        "Copyright 2026 Portvale Courier. All rights reserved.",
    ]


def test_credits_names_join_byline(article):
    assert whys(article, "credits") == ["(Reporting by Ann Lee; Editing by Tom Roe and Sam Poe)"]
    assert article.byline == ["Ann Lee", "Tom Roe", "Sam Poe"]


def test_paragraph_mentioning_reuters_is_kept(article):
    assert (
        "The council will meet on Friday, a Reuters report said, and residents plan to attend."
        in paragraphs(article.text)
    )


def test_every_removal_has_a_known_reason(article):
    assert article.removed
    assert {r.why for r in article.removed} <= set(WHY)
    assert all(isinstance(r, Removal) and r.text for r in article.removed)


def test_explicit_metadata_wins():
    a = article_from_text(
        SCRAPED, publisher="Valley Wire", published="2026-03-03", url="https://example.org/x"
    )
    assert (a.publisher, a.published, a.url) == ("Valley Wire", "2026-03-03", "https://example.org/x")


def test_given_title_is_prepended_once_and_copies_removed():
    text = "Residents sandbag the riverbank as the water rises.\n\nBridge shut by flood\n\nMore rain is due on Tuesday."
    a = article_from_text(text, title="Bridge shut by flood")
    assert paragraphs(a.text)[0] == "Bridge shut by flood"
    assert a.text.count("Bridge shut by flood") == 1
    assert [r.why for r in a.removed] == ["duplicated title"]


def test_headline_with_site_suffix_counts_as_duplicate():
    text = f"{TITLE}\n{TITLE} | Portvale Courier\nThe bridge stayed shut for a second day, officials said."
    a = article_from_text(text)
    assert whys(a, "duplicated title") == [f"{TITLE} | Portvale Courier"]


def test_first_line_sentence_is_not_taken_for_a_title():
    a = article_from_text(
        "The bridge stayed shut for a second day, officials said.\nMore rain is due on Tuesday."
    )
    assert a.title is None
    assert paragraphs(a.text)[0] == "The bridge stayed shut for a second day, officials said."


def test_original_article_hint():
    text = f"{TITLE}\nThe bridge stayed shut for a second day, officials said.\nRead the original article on Eastbrook Gazette."
    a = article_from_text(text)
    assert a.original == "Eastbrook Gazette"
    assert whys(a, "original") == ["Read the original article on Eastbrook Gazette."]
    b = article_from_text(
        f"{TITLE}\nThe bridge stayed shut, officials said.\nThis article originally appeared in the Valley Ledger."
    )
    assert b.original == "the Valley Ledger"


def test_wire_becomes_publisher_when_none_known():
    a = article_from_text(
        "EASTBROOK, March 4 (Northline) - The dam held overnight, engineers said on Wednesday."
    )
    assert a.publisher == "Northline"
    assert a.dateline == "EASTBROOK"
    assert a.text == "The dam held overnight, engineers said on Wednesday."


def test_published_and_updated_lines():
    text = (
        f"{TITLE}\nUpdated 10:32 AM\nPublished March 2, 2026\n"
        "The bridge stayed shut for a second day, officials said."
    )
    a = article_from_text(text)
    assert a.published == "2026-03-02"
    assert whys(a, "byline") == ["Updated 10:32 AM", "Published March 2, 2026"]


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT",
        "Sponsored",
        "Continue reading below",
        "- Advertisement -",
        "Scroll to continue with content",
    ],
)
def test_ad_marker_variants(line):
    c = clean(f"{TITLE}\n{line}\nThe bridge stayed shut, officials said.")
    assert [r.why for r in c.removed] == ["advertisement"]


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Getty Images", "", "Getty Images"),
        ("AP Photo/Jane Roe", "", "AP Photo/Jane Roe"),
        ("REUTERS/Jane Roe", "", "REUTERS/Jane Roe"),
        ("Shutterstock", "", "Shutterstock"),
        ("Photo: Sam Poe", "", "Photo: Sam Poe"),
        ("Image: Portvale Council", "", "Image: Portvale Council"),
        ("Credit: Jane Roe/Northline", "", "Credit: Jane Roe/Northline"),
        (
            "The flooded square. (Photo by Jane Roe/Northline)",
            "The flooded square.",
            "(Photo by Jane Roe/Northline)",
        ),
        ("Volunteers fill sandbags.Jane Roe/Northline", "Volunteers fill sandbags.", "Jane Roe/Northline"),
        (
            "Firefighters at the dam. Sam Poe/AFP via Getty Images",
            "Firefighters at the dam.",
            "Sam Poe/AFP via Getty Images",
        ),
    ],
)
def test_photo_credit_forms(line, caption, credit):
    assert split_credit(line) == (caption, credit)


@pytest.mark.parametrize(
    "paragraph",
    [
        "The men will return on Friday, Reuters reported.",
        "A Reuters/Ipsos poll found most residents backed the repairs.",
        "The agency sold its archive to Getty Images last year.",
        "Photographers from AP and Reuters waited at the gate for hours.",
    ],
)
def test_paragraphs_mentioning_agencies_are_not_credits(paragraph):
    assert split_credit(paragraph) is None
    assert article_from_text(paragraph).text == paragraph


@pytest.mark.parametrize(
    "line", ["undefined", "null", "NaN", "{{ headline }}", "{% block body %}", "[[sidebar]]"]
)
def test_template_residue_lines(line):
    c = clean(f"The bridge stayed shut, officials said.\n{line}")
    assert c.removed == [Removal(line, "template residue")]


@pytest.mark.parametrize(
    "line",
    [
        "Share on Facebook",
        "Comments",
        "Comments (12)",
        "Click here to subscribe",
        "Related: Dam inspections begin",
        "All rights reserved",
        "We use cookies to improve your experience",
        "5 min read",
    ],
)
def test_boilerplate_lines(line):
    c = clean(f"The bridge stayed shut, officials said.\n{line}")
    assert c.removed == [Removal(line, "boilerplate")]


@pytest.mark.parametrize(
    "paragraph",
    [
        "By the time the water receded, the road was gone.",
        "By Tuesday, the river had risen another metre, officials said.",
        "Copyright lawyers said the photographs were used without permission.",
        "Comments from residents filled two hours of the council meeting.",
        "Related cases were heard in the county court last spring, the clerk said.",
    ],
)
def test_story_paragraphs_that_start_like_noise_are_kept(paragraph):
    c = clean(f"The bridge stayed shut, officials said.\n{paragraph}")
    assert c.removed == []
    assert c.paragraphs[-1] == paragraph


def byline_names(line: str) -> list[str] | None:
    by = parse_byline(line)
    return by.names if by else None


def test_byline_two_names_and_roles():
    assert byline_names("By Ann Lee and Tom Roe") == ["Ann Lee", "Tom Roe"]
    assert byline_names("By ANN LEE, Staff Writer") == ["Ann Lee"]
    assert byline_names("By Ann Lee, Tom Roe and Sam Poe") == ["Ann Lee", "Tom Roe", "Sam Poe"]
    assert parse_byline("By Tuesday, the river had risen") is None


def test_credits_parser_drops_places():
    assert parse_credits("(Reporting by Ann Lee in Portvale; Writing by Sam Poe; Editing by Tom Roe)") == [
        "Ann Lee",
        "Sam Poe",
        "Tom Roe",
    ]
    assert parse_credits("(The river peaked at noon.)") is None


def test_dates():
    assert parse_date("Monday, March 2, 2026") == "2026-03-02"
    assert parse_date("2 March 2026") == "2026-03-02"
    assert parse_date("2026-03-02T10:32:00Z") == "2026-03-02"
    assert parse_date("March 32, 2026") is None


def test_dateline_variants():
    assert parse_dateline("PORTVALE (AP) — The river rose.") == Dateline(
        "PORTVALE (AP) — ", "PORTVALE", "AP", None
    )
    assert parse_dateline("EAST BROOK, March 2, 2026 (Northline) -- The river.") == Dateline(
        "EAST BROOK, March 2, 2026 (Northline) -- ", "EAST BROOK", "Northline", "2026-03-02"
    )
    assert parse_dateline("UK inflation - the figures are out") is None


def test_whitespace_inside_lines_normalised_but_quotes_kept():
    a = article_from_text(
        "Mara  Quill\u00a0said:   \u201cWe   are   ready.\u201d   \nAnd \u2018nobody\u2019 left."
    )
    assert a.text == "Mara Quill said: \u201cWe are ready.\u201d\n\nAnd \u2018nobody\u2019 left."


def test_too_little_text_after_cleaning():
    with pytest.raises(InputError, match=r"^<text>: no article text"):
        article_from_text("Advertisement\nShare this article\nThe end.")
    with pytest.raises(InputError, match="at least 5000 needed"):
        article_from_text(SCRAPED, settings=Settings(min_text_chars=5000))


def test_whitespace_only_text():
    with pytest.raises(InputError, match="empty input"):
        article_from_text(" \n\t \n")


def test_photo_by_in_parentheses_is_a_photo_credit_not_credits():
    c = clean("The bridge stayed shut, officials said.\n(Photo by Jane Roe/Northline)")
    assert c.removed == [Removal("(Photo by Jane Roe/Northline)", "photo credit")]
    assert c.byline == []


def test_credits_with_commas():
    assert parse_credits(
        "(Reporting by Ann Lee, Sam Poe, with additional reporting by Ivo Brandt, editing by Tom Roe.)"
    ) == [
        "Ann Lee",
        "Sam Poe",
        "Ivo Brandt",
        "Tom Roe",
    ]


def test_original_outlet_stops_at_the_sentence():
    c = clean(
        "The bridge stayed shut, officials said.\nThis article was originally published by Valley Ledger. Read the original article."
    )
    assert c.original == "Valley Ledger"


def test_cjk_text_counts_as_prose():
    a = article_from_text(
        "港の橋は月曜日に閉鎖された。市の技術者によると、再開は金曜日の予定だという。住民は迂回路を使っている。"
    )
    assert a.text.endswith("迂回路を使っている。")


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published: Monday, March 2, 2026 at 9:00 a.m. ET", "2026-03-02"),
        ("Last updated on March 3, 2026, 10:32 GMT", "2026-03-03"),
        ("Posted 3 hours ago", None),
        ("Updated at 1:23 p.m.", None),
    ],
)
def test_stamp_lines(line, published):
    c = clean(f"The bridge stayed shut, officials said.\n{line}")
    assert c.removed == [Removal(line, "byline")]
    assert c.published == published


@pytest.mark.parametrize(
    "paragraph",
    [
        "Updated figures will be released at 10:00 tomorrow, the ministry said.",
        "Posted at 9pm, the guard saw smoke rising from the depot.",
    ],
)
def test_sentences_starting_with_stamp_words_are_kept(paragraph):
    assert clean(f"The bridge stayed shut, officials said.\n{paragraph}").removed == []


# -- dated "|" bylines with a one-word outlet, desk bylines -----------------------------------------


def test_fielded_byline_takes_one_word_outlet_as_publisher():
    by = parse_byline("By Ivo Brandt | Kestrelwire | April 9, 2026")
    assert by == Byline(names=["Ivo Brandt"], publisher="Kestrelwire", published="2026-04-09")


def test_desk_byline_names_no_person():
    by = parse_byline("By ClickHub Desk | ClickHub | April 11, 2026")
    assert by == Byline(names=[], publisher="ClickHub", published="2026-04-11", desk="ClickHub Desk")


@pytest.mark.parametrize(
    "line",
    [
        # without a date the fields are not a byline layout: a one-word field could be anything
        "By Ivo Brandt | Kestrelwire",
        # days and months are never outlets
        "By Friday | Tuesday | April 9, 2026",
        "By Tuesday, the river had risen",
    ],
)
def test_one_word_fields_need_a_dated_fielded_byline(line):
    assert parse_byline(line) is None


def test_desk_byline_line_is_removed_and_gives_publisher_not_byline():
    line = "By ClickHub Desk | ClickHub | April 11, 2026"
    a = article_from_text(
        f"Otters return to the Welling canal\n{line}\nTwo otters were seen near the lock, the trust said."
    )
    assert whys(a, "byline") == [line]
    assert (a.publisher, a.published, a.byline) == ("ClickHub", "2026-04-11", [])
    assert "ClickHub Desk" not in a.text


# -- content-farm calls to action ----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Like this story? Share it with your friends!",
        "Enjoyed this article? Don't forget to share it!",
        "Don’t forget to share",
        "Follow us for more",
        "Click to share",
        "Tap to share",
        "Loved this? Hit the like button and follow us on Facebook",
    ],
)
def test_share_prompts_are_boilerplate(line):
    c = clean(f"The bridge stayed shut, officials said.\n{line}")
    assert c.removed == [Removal(line, "boilerplate")]
    assert line not in c.text


@pytest.mark.parametrize(
    "paragraph",
    [
        "Shares in Harlow Foods fell 4%.",
        "Share it with your friends, she said.",
        '"Follow us for more," the guide told the group.',
        "Did you like it?",
        "Follow the money.",
        "Like it or not, the river is rising.",
    ],
)
def test_sentences_about_sharing_and_liking_are_kept(paragraph):
    c = clean(f"The bridge stayed shut, officials said.\n{paragraph}")
    assert c.removed == []
    assert c.paragraphs[-1] == paragraph

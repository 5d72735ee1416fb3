"""One dates module: every way articles, feeds and users write a date, and datelines without a year."""

from __future__ import annotations

from datetime import date

import pytest

from reportedly import dates
from reportedly.errors import InputError, ReportedlyError
from reportedly.inputs import article_from_text


@pytest.mark.parametrize(
    "written",
    [
        "2026-03-02",
        "2026-03-02T09:00:00Z",
        "2026-03-02T23:30:00-08:00",
        "Mon, 02 Mar 2026 09:00:00 GMT",
        "Mon, 2 Mar 2026 23:30:00 -0800",
        "March 2, 2026",
        "Monday, March 2, 2026",
        "Mar. 2 2026",
        "2 March 2026",
        "2nd March 2026",
        "March 2, 2026 10:32 AM ET",
    ],
)
def test_every_common_way_of_writing_a_day(written: str) -> None:
    assert dates.iso(written) == "2026-03-02"


@pytest.mark.parametrize("written", ["", "hello", "2026", "March 2026", "5", "Sunday night"])
def test_what_is_not_a_day_stays_undated(written: str) -> None:
    assert dates.iso(written) is None


def test_a_missing_year_comes_from_the_context() -> None:
    assert dates.iso("March 2") is None  # no context: undated rather than guessed
    assert dates.iso("March 2", context="2026-03-05") == "2026-03-02"
    assert dates.iso("March 2", context=2024) == "2024-03-02"
    # a dateline of 31 December in a story dated 2 January is from the year before
    assert dates.iso("December 31", context=date(2026, 1, 2)) == "2025-12-31"
    assert dates.iso("February 29", context=2025) is None


def test_user_dates_are_days_with_a_year_or_a_clear_error() -> None:
    assert dates.user_date(" 2 March 2026 ", "--since") == "2026-03-02"
    assert dates.user_date(None, "--since") is None
    with pytest.raises(ReportedlyError, match="--since: 'soon' is not a date"):
        dates.user_date("soon", "--since")
    with pytest.raises(InputError, match="published: 'March 2' is not a date"):
        dates.user_date("March 2", "published", InputError)


def test_a_dateline_without_a_year_takes_the_year_the_story_mentions() -> None:
    body = (
        "Kellport ferry to resume after 2026 repairs\n\n"
        "KELLPORT, March 2 (Vantage Wire) - The Kellport ferry will resume on Friday after repairs "
        "that began in January 2026 and ran over budget, the harbour board said.\n\n"
        '"We are ready," said harbour master Ines Duarte, adding that the 2026 timetable was unchanged.'
    )
    article = article_from_text(body)
    assert article.dateline == "KELLPORT"
    assert article.published == "2026-03-02"
    # the date the article's metadata gives wins over the dateline
    assert article_from_text(body, published="2026-03-03").published == "2026-03-03"


def test_a_dateline_without_a_year_or_context_stays_undated() -> None:
    body = (
        "Kellport ferry to resume\n\n"
        "KELLPORT, March 2 (Vantage Wire) - The Kellport ferry will resume on Friday after repairs "
        "ran over budget, the harbour board said.\n\n"
        '"We are ready," said harbour master Ines Duarte.'
    )
    assert article_from_text(body).published is None


def test_bylines_and_stamps_read_their_dates_the_same_way() -> None:
    body = (
        "Kellport ferry to resume\n\nBy Ann Lee | Kellport Echo | 2nd March 2026\n\n"
        "The Kellport ferry will resume on Friday after repairs ran over budget, the harbour board said.\n\n"
        '"We are ready," said harbour master Ines Duarte.'
    )
    assert article_from_text(body).published == "2026-03-02"

"""The shared scraped example against its gold annotations (read from ../shared at run time)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportedly.inputs import load_article

EXAMPLES = Path(__file__).resolve().parents[2] / ".." / "shared" / "examples"
TEXT = EXAMPLES / "insider-russian-guardsmen.txt"
GOLD = EXAMPLES / "insider-russian-guardsmen.gold.json"

pytestmark = pytest.mark.skipif(not TEXT.exists(), reason="../shared/examples is not there")


@pytest.fixture(scope="module")
def gold():
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article():
    return load_article(TEXT)


def test_noise_is_gone(article, gold):
    for noise in gold["noise"]:
        assert noise not in article.text


def test_caption_is_gone(article, gold):
    assert gold["caption"] not in article.text


def test_title_first_and_once(article, gold):
    assert article.title == gold["title"]
    assert article.text.split("\n\n")[0] == gold["title"]
    assert article.text.count(gold["title"]) == 1


def test_bullet_lines_kept(article):
    bullets = [
        line.strip() for line in TEXT.read_text(encoding="utf-8").splitlines() if line.strip().startswith("•")
    ]
    assert bullets
    paragraphs = article.text.split("\n\n")
    for bullet in bullets:
        assert " ".join(bullet.split()) in paragraphs


def test_every_removal_recorded(article, gold):
    removed = {(r.text, r.why) for r in article.removed}
    assert (gold["title"], "duplicated title") in removed
    assert (gold["caption"], "caption") in removed
    for noise in gold["noise"]:
        assert any(text == noise for text, _ in removed), noise
    whys = {why for text, why in removed if text in gold["noise"]}
    assert whys == {"advertisement", "photo credit", "template residue"}


def test_every_attributed_content_survives(article, gold):
    # cleaning must not eat story text: every gold quote is still in the clean text
    for attribution in gold["attributions"]:
        assert attribution["content"] in article.text

"""The pages and the JSON API through FastAPI's TestClient, over the examples and a hostile article."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient
from webcorpus import HOSTILE_PUBLISHER, Corpus

from reportedly.settings import DEFAULT
from reportedly.store import Store
from reportedly.web.app import create_app


def _titles(html: str) -> list[str]:
    return re.findall(r'class="title">([^<]*)<', html)


def test_article_list_filters(client: Any, corpus: Corpus) -> None:
    everything = client.get("/articles")
    assert everything.status_code == 200
    assert len(_titles(everything.text)) == 7
    northline = client.get("/articles", params={"outlet": "Northline"}).text
    assert len(_titles(northline)) == 1
    late = _titles(client.get("/articles", params={"since": "2026-03-04"}).text)
    assert len(late) == 3  # Daily Roundup, NewsBuzz, the hostile one
    calloway = client.get("/api/articles", params={"speaker": "Calloway"}).json()
    ids = {a["id"] for a in calloway["articles"]}
    assert corpus.courier in ids and corpus.festival not in ids
    found = client.get("/api/articles", params={"q": "spillways"}).json()
    assert 0 < found["total"] < 7 and corpus.festival not in {a["id"] for a in found["articles"]}
    # FTS syntax in user input is searched as words, not parsed
    assert client.get("/articles", params={"q": 'NEAR( "x AND'}).status_code == 200


def test_bad_filter_is_a_plain_error_page(client: Any) -> None:
    r = client.get("/articles", params={"since": "yesterday"})
    assert r.status_code == 400
    assert "not a date" in r.text and "Traceback" not in r.text
    assert client.get("/api/articles", params={"limit": 0}).json()["error"].startswith("bad request")


def test_article_page_marks_every_attribution(client: Any, corpus: Corpus) -> None:
    report = client.get(f"/api/articles/{corpus.roundup}").json()
    # the default view lists speech and evidence above the threshold; ?all=1 lists every one
    html = client.get(f"/articles/{corpus.roundup}?all=1").text
    n = len(report["attributions"])
    assert n > 3
    shown = [
        a for a in report["attributions"] if a["type"] in ("speech", "evidence") and a["confidence"] >= 0.5
    ]
    default = client.get(f"/articles/{corpus.roundup}").text
    assert 0 < len(re.findall(r'<mark class="att s\d" [^>]*id="att-', default)) == len(shown) < n
    assert len(re.findall(r'<mark class="att s\d" [^>]*id="att-', html)) == n
    assert [int(x) for x in re.findall(r'<span class="tag" aria-hidden="true">(\d+)</span>', html)] == list(
        range(1, n + 1)
    )
    assert "Ruth Calloway → Portvale Courier → Daily Roundup" in html
    assert 'class="qty"' in html
    # what cleaning removed is listed at the end
    removed = html[html.index("Removed while cleaning") :]
    assert "byline" in removed and "By Jess Parrish" in removed


def test_hostile_article_is_escaped(client: Any, corpus: Corpus) -> None:
    html = client.get(f"/articles/{corpus.hostile}").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert "<b onmouseover" not in html
    assert 'href="javascript' not in html.lower()
    assert "javascript:alert(1)" in html  # shown, as text
    assert HOSTILE_PUBLISHER not in html
    for path in ("/articles", "/outlets", "/speakers", "/stories"):
        assert "<script>alert" not in client.get(path).text
    headers = client.get("/articles").headers
    assert "script-src 'self'" in headers["content-security-policy"]


def test_speaker_page(client: Any) -> None:
    html = client.get("/speakers/ruth%20calloway").text
    assert '<h1 class="speaker-name">Ruth Calloway</h1>' in html
    for outlet in ("Portvale Courier", "Northline", "Daily Roundup"):
        assert f">{outlet}</a>" in html
    data = client.get("/api/speakers/ruth%20calloway").json()
    assert data["name"] == "Ruth Calloway" and len(data["quotes"]) >= 5
    assert client.get("/speakers/nobody%20at%20all").status_code == 404
    assert "Ruth Calloway" in client.get("/speakers").text


def test_outlet_page_says_who_cites_and_copies(client: Any) -> None:
    courier = client.get("/api/outlets/Portvale%20Courier").json()
    assert {"Northline", "Daily Roundup"} <= {c["outlet"] for c in courier["cited_by"]}
    roundup = client.get("/api/outlets/Daily%20Roundup").json()
    assert [c["outlet"] for c in roundup["copied_by"]] == ["NewsBuzz"]
    newsbuzz = client.get("/api/outlets/NewsBuzz").json()
    assert [c["outlet"] for c in newsbuzz["copies"]] == ["Daily Roundup"]
    assert "Who copies it" in client.get("/outlets/Daily%20Roundup").text
    assert client.get("/outlets/Nowhere%20Times").status_code == 404


def test_story_page_graph_and_discrepancies(client: Any) -> None:
    stories = client.get("/api/stories").json()
    seven = next(s for s in stories if s["text"].startswith("Seven people have died"))
    assert seven["conflicts"] >= 1
    html = client.get(f"/stories/{seven['id']}").text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'class="node node-outlet"' in svg and ">Portvale Courier<" in svg
    assert 'data-kind="copied"' in svg and 'data-kind="cited"' in svg and 'data-kind="said"' in svg
    assert re.search(r'class="node node-article conflict"[^>]*>.*?Daily Roundup', svg)
    assert "Eight" in html[html.index("Discrepancies") :]
    trace = client.get(f"/api/stories/{seven['id']}").json()
    assert trace["independent_origins"] == 1 and trace["first"]["publisher"] == "Portvale Courier"
    assert client.get("/stories/99999").status_code == 404
    assert client.get("/stories/not-a-number").status_code == 422


def test_read_shows_without_storing(client: Any, corpus: Corpus) -> None:
    before = client.get("/api/articles").json()["total"]
    text = '"The ferry will run again on Friday," said Captain Ines Duarte of the Kellport line.'
    r = client.post("/read", data={"text": "Kellport ferry returns\n\n" + text})
    assert r.status_code == 200
    assert "Ines Duarte" in r.text and "<mark" in r.text
    assert client.get("/api/articles").json()["total"] == before
    assert client.post("/read", data={"text": "   "}).status_code == 400


def test_read_and_store(corpus_copy: Path) -> None:
    with TestClient(create_app(str(corpus_copy))) as c:
        r = c.post(
            "/read",
            data={"text": 'Dam repaired\n\n"The dam is safe now," engineer Tove Lind said.', "store": "1"},
            follow_redirects=False,
        )
        assert r.status_code == 303
        article_id = r.headers["location"].rsplit("/", 1)[1]
        assert "Tove Lind" in c.get(f"/articles/{article_id}").text
        api = c.post(
            "/api/read", json={"text": 'Pier closed\n\n"Stay off the pier," said warden Ola Brandt.'}
        )
        assert api.json()["stored"] is False and api.json()["report"]["attributions"]
    with Store.open(str(corpus_copy)) as store:
        assert store.has(article_id) and store.count() == 8


def test_url_form_refuses_private_addresses(client: Any) -> None:
    for url in (
        "http://127.0.0.1:9/",
        "http://localhost/",
        "http://10.1.2.3/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "file:///etc/passwd",
        "javascript:alert(1)",
    ):
        r = client.post("/read", data={"url": url})
        assert r.status_code == 400, url
        assert "refusing" in r.text or "only http" in r.text, url


def test_url_form_allowed_with_the_setting(corpus: Corpus, live_server: str) -> None:
    settings = replace(DEFAULT, allow_private_urls=True)
    with TestClient(create_app(str(corpus.db), settings)) as c:
        r = c.post("/api/read", json={"url": f"{live_server}/articles/{corpus.courier}"})
        assert r.status_code == 200, r.text
        assert r.json()["report"]["article"]["url"].startswith(live_server)


def test_request_body_limit(corpus: Corpus) -> None:
    settings = replace(DEFAULT, web_max_body_bytes=2_000)
    with TestClient(create_app(str(corpus.db), settings)) as c:
        r = c.post("/read", data={"text": "word " * 2_000})
        assert r.status_code == 413
        assert "Traceback" not in r.text

        def chunks() -> Any:  # no Content-Length: the limit counts what arrives
            for _ in range(10):
                yield b"x" * 500

        r = c.post("/api/read", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413


def test_api_and_openapi(client: Any, corpus: Corpus) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/speakers", "/api/stories/{cluster_id}"):
        assert path in schema["paths"]
    assert client.get(f"/api/articles/{corpus.courier}").json()["schema"] == "reportedly.report/1"
    assert client.get("/api/articles/ffffffffffff").json() == {"error": "no article 'ffffffffffff'"}
    assert "/api/read" in client.get("/api").text
    # no CDN: the docs pages that load scripts from elsewhere are off
    assert client.get("/docs").status_code == 404


def test_pages_load_nothing_from_elsewhere(client: Any, corpus: Corpus) -> None:
    for path in ("/articles", f"/articles/{corpus.courier}", "/stories/1", "/read", "/speakers"):
        html = client.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html), path


def test_pages_on_each_database(corpus: Corpus, db_url: str) -> None:
    """The same corpus copied into a fresh SQLite file and a fresh PostgreSQL database."""
    from reportedly.link import link_new

    url = db_url
    with Store.open(str(corpus.db)) as source, Store.open(url) as target:
        for report in source.iter_reports():
            target.add(report)
        link_new(target)
    with TestClient(create_app(url), raise_server_exceptions=False) as c:
        assert len(_titles(c.get("/articles").text)) == 7
        found = c.get("/api/articles", params={"q": "spillways"}).json()
        assert 0 < found["total"] < 7
        assert c.get("/api/articles", params={"speaker": "Calloway"}).json()["total"] >= 4
        assert "Ruth Calloway" in c.get("/speakers/ruth%20calloway").text
        stories = c.get("/api/stories").json()
        assert any(s["conflicts"] for s in stories)
        assert c.get(f"/stories/{stories[0]['id']}").status_code == 200
        assert "NewsBuzz" in c.get("/outlets/Daily%20Roundup").text
        assert "&lt;script&gt;" in c.get(f"/articles/{corpus.hostile}").text


def test_cross_site_post_is_refused(client: Any) -> None:
    text = {"text": 'Kellport ferry returns\n\n"It runs Friday," said Ines Duarte.'}
    assert client.post("/read", data=text, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/read", data=text, headers={"Origin": "https://evil.example"}).status_code == 403
    same = client.post("/read", data=text, headers={"Origin": "http://testserver"})
    assert same.status_code == 200


def test_errors_are_plain_pages(corpus_copy: Path) -> None:
    with Store.open(str(corpus_copy)) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE quotes_fts")
        conn.exec_driver_sql("DROP TABLE link_discrepancies")
    with TestClient(create_app(str(corpus_copy)), raise_server_exceptions=False) as c:
        search = c.get("/articles", params={"q": "flood"})
        assert search.status_code == 400 and "cannot search for" in search.text
        broken = c.get("/stories")
        assert broken.status_code == 500
        assert "internal error" in broken.text and '<p class="error" role="alert">' in broken.text
        for r in (search, broken):
            assert "Traceback" not in r.text and "sqlite" not in r.text.lower()
        assert c.get("/api/stories").json() == {"error": "internal error; the server log has the details"}


def test_speaker_page_lists_the_default_view_and_switches_to_all(client: Any) -> None:
    speakers = client.get("/api/speakers?limit=500").json()
    mixed = None
    for s in speakers:
        quotes = client.get(f"/api/speakers/{quote(s['key'])}").json()["quotes"]
        shown = [q for q in quotes if q["type"] in ("speech", "evidence") and q["confidence"] >= 0.5]
        if 0 < len(shown) < len(quotes):
            mixed = (s["key"], quotes, shown)
            break
    assert mixed is not None, "the example corpus has a speaker with an attitude or question"
    key, quotes, shown = mixed
    default = client.get(f"/speakers/{quote(key)}").text
    everything = client.get(f"/speakers/{quote(key)}?all=1").text
    assert 'id="show-all"' in default and 'id="show-default"' in everything
    hidden = [q for q in quotes if q not in shown]
    assert default.count('class="type type-') == len(shown)
    assert everything.count('class="type type-') == len(quotes) > len(shown)
    assert hidden[0]["type"] in everything

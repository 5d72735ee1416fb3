"""The web application: server-rendered pages over a stored corpus, and a JSON API beside them.

>>> from reportedly.web.app import create_app
>>> app = create_app("corpus.db")        # then: uvicorn.run(app) or `reportedly serve`

Pages: ``/search`` (quote-first), ``/articles`` (search and filters), ``/articles/{id}``,
``/speakers`` (search, kind, pages), ``/speakers/{key}`` (and its edit form), ``/outlets``,
``/outlets/{name}``, ``/stories``, ``/stories/{id}`` (graph, timeline, verdict form), ``/read``. API: ``/api/...`` with its OpenAPI description at
``/openapi.json`` (and a plain page at ``/api``). Everything the browser loads
comes from this package: no CDN, works offline.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, get_args
from urllib.parse import quote, urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as FastPath
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from reportedly import __version__, dates
from reportedly.errors import FetchError, InputError, ReportedlyError, StoreError
from reportedly.inputs.encoding import normalise_text
from reportedly.link.trace import match_index
from reportedly.model import EntityKind, Report
from reportedly.render import visible
from reportedly.settings import DEFAULT, Settings
from reportedly.store import Store, find_speakers
from reportedly.store.names import name_key
from reportedly.store.verdicts import RATINGS, add_verdict, latest_verdicts
from reportedly.web import queries
from reportedly.web.background import linker, store_and_link
from reportedly.web.graph import layout, render_svg
from reportedly.web.marking import attribution_list, render_marked
from reportedly.web.reader import Busy, Reader, ReadJob
from reportedly.web.security import Guard, safe_href
from reportedly.web.timeline import timeline_svg

log = logging.getLogger("reportedly.web")

HERE = Path(__file__).resolve().parent
PAGE_SIZE = 50
#: quotes listed on a speaker's page (the API takes a limit)
SPEAKER_PAGE_QUOTES = 500
#: speakers per page of the speakers list, most quoted first
SPEAKERS_PAGE = 50
SPEAKER_KINDS: tuple[str, ...] = get_args(EntityKind)
#: a story told by hundreds of articles: the graph (grouped by outlet) draws the first ones, the
#: timeline lists as many; the chart of appearances per day counts them all
STORY_GRAPH_ARTICLES = 300
STORY_APPEARANCES = 300
#: ids and offsets are 64-bit integers in the database; larger ones are a 4xx, not an overflow
MAX_INT64 = 2**63 - 1
ClusterId = Annotated[int, FastPath(ge=0, le=MAX_INT64)]


# --------------------------------------------------------------------------- app


def create_app(db_url: str | None = None, settings: Settings = DEFAULT) -> FastAPI:
    """The application over the database at ``db_url`` (a SQLite path or ``postgresql://`` URL)."""
    store = Store.open(db_url, settings=settings)
    cache = queries.CorpusCache()

    reader = Reader(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        cache.warm(store, _summaries(store))
        yield
        linker(store, settings).wait(60)  # a link run of stored articles finishes its transaction
        reader.close()
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="reportedly",
        version=__version__,
        description="Who said what, who reported it, and how far it travelled: the corpus as JSON.",
        # the bundled Swagger/ReDoc pages load scripts from a CDN; /api lists the endpoints instead
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.store = store
    app.state.settings = settings
    # articles are read in a child process the server can abandon, never on its own loop
    app.state.reader = reader
    app.state.cache = cache
    app.add_middleware(Guard, limit=settings.web_max_body_bytes)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(safe_href=safe_href, version=__version__)
    templates.env.filters["q"] = lambda value: quote(str(value), safe="")
    app.state.templates = templates
    _errors(app, templates)
    _pages(app, store, cache, settings, templates)
    _api(app, store, cache, settings)
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _errors(app: FastAPI, templates: Jinja2Templates) -> None:
    def page(request: Request, status: int, message: str) -> Response:
        # a message may quote the input, lone surrogates and all
        message = normalise_text(message)
        if _is_api(request):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return page(request, 422, f"bad request: {problems}"[:500])

    @app.exception_handler(ReportedlyError)
    async def reportedly_error(request: Request, exc: ReportedlyError) -> Response:
        status = 503 if isinstance(exc, StoreError) else 400
        return page(request, status, str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path)
        return page(request, 500, "internal error; the server log has the details")


# --------------------------------------------------------------------------- shared helpers


def _summary(store: Store, cache: queries.CorpusCache, key: str) -> Any:
    """One shared corpus-wide value: cached, computed on a miss."""
    return cache.get(store, key, _summaries(store)[key])


def _summaries(store: Store) -> dict[str, Callable[[], Any]]:
    """The corpus-wide values pages share through the cache (computed ahead at start-up)."""
    return {
        "speaker_keys": store.speaker_keys,
        "outlet_names": lambda: queries.outlet_names(store),
        "outlets": lambda: store.outlets(top=25),
        "speakers": store.speakers,
        "match_index": lambda: match_index(store),
    }


def _report_or_404(store: Store, article_id: str) -> Report:
    report = store.get(article_id)
    if report is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return report


def _stories_of(store: Store, article_id: str) -> list[queries.StoryRow]:
    """The stories (told by two articles or more) an article is part of."""
    return [s for s in queries.stories(store, article=article_id, limit=50) if s.articles >= 2]


def _speaker_view(
    store: Store,
    cache: queries.CorpusCache,
    key: str,
    limit: int,
    settings: Settings = DEFAULT,
    everything: bool = True,
) -> dict[str, Any]:
    shown = queries.speaker_quotes(store, cache, key, limit=limit, view=settings.view())
    all_quotes = queries.speaker_quotes(store, cache, key, limit=limit)
    # a speaker with only attitudes or questions: show them rather than nothing
    quotes = all_quotes if everything or not shown else shown
    if not quotes:
        raise HTTPException(404, f"no quotes by {key!r}")
    names = [q.speaker for q in quotes if q.speaker]
    name = max(set(names), key=names.count) if names else key
    try:
        who = store.speaker(key)
        key, name, hidden = who.key, who.name, who.hidden
    except ReportedlyError:  # a bare surname asking for several people: no one speaker to edit
        hidden = False
    by_date: dict[str, list[Any]] = defaultdict(list)
    for q in quotes:
        by_date[dates.iso(q.published) or "undated"].append(q)
    return {
        "key": key,
        "name": name,
        "quotes": quotes,
        "articles": len({q.article_id for q in quotes}),
        "outlets": queries.speaker_outlets(quotes),
        "timeline": sorted(by_date.items(), key=lambda kv: (kv[0] == "undated", kv[0])),
        "speakers_as_written": sorted({q.speaker_as_written for q in quotes if q.speaker_as_written}),
        "everything": quotes is all_quotes and 0 < len(shown) < len(all_quotes),
        "hidden_quotes": len(all_quotes) - len(shown) if quotes is shown else 0,
        "limited": len(quotes) >= limit,
        "hidden": hidden,
    }


def _story_view(store: Store, cluster_id: int) -> dict[str, Any]:
    from reportedly.link import load_cluster

    try:
        cluster = load_cluster(store, cluster_id)
    except ReportedlyError:
        raise HTTPException(404, f"no story {cluster_id}") from None
    shown = cluster.appearances[:STORY_APPEARANCES]
    verdicts = latest_verdicts(store, cluster.id)
    return {
        "cluster": cluster,
        "shown": shown,
        "svg": render_svg(layout(cluster, STORY_GRAPH_ARTICLES), f"how story {cluster.id} travelled"),
        "timeline": timeline_svg(cluster),
        "graph_limited": len(cluster.appearances) > STORY_GRAPH_ARTICLES,
        "svg_articles": STORY_GRAPH_ARTICLES,
        "titles": queries.titles(store, [a.article for a in shown]),
        "numbers": {a.article: n for n, a in enumerate(cluster.appearances, 1)},
        "verdict": verdicts[0] if verdicts else None,
        "ratings": [r for r, _v in RATINGS],
        "form": {},
    }


def _outlet_view(store: Store, cache: queries.CorpusCache, name: str) -> dict[str, Any]:
    key = name_key(name, "outlet")
    summaries = _summary(store, cache, "outlets")
    summary = next((o for o in summaries if name_key(o.outlet, "outlet") == key), None)
    if summary is None:
        raise HTTPException(404, f"no outlet {name!r}")
    links = queries.outlet_links(store, summary.outlet)
    recent = queries.list_articles(store, cache, outlet=summary.outlet, limit=20)
    return {"summary": summary, "links": links, "recent": recent}


def _read_report(
    reader: Reader, *, text: str | None, html: str | None, url: str | None, publisher: str | None
) -> Report:
    """Read pasted text, pasted HTML or a (public) URL in the reading process; one-line errors."""
    try:
        return reader.read(ReadJob(text=text, html=html, url=url, publisher=publisher))
    except Busy as exc:
        raise HTTPException(503, str(exc)) from None


def _last_page(page: int, total: int, size: int) -> tuple[int, int]:
    """(page to show, number of pages): past the end means the last page (an old link, a typed
    number), never "page 99 of 2" over an empty list."""
    pages = max(1, -(-total // size))
    return min(page, pages), pages


def _pager(path: str, filters: dict[str, str], page: int, pages: int) -> dict[str, Any]:
    base = {k: v for k, v in filters.items() if v}
    return {
        "page": page,
        "pages": pages,
        "prev_url": f"{path}?{urlencode({**base, 'page': page - 1})}" if page > 1 else None,
        "next_url": f"{path}?{urlencode({**base, 'page': page + 1})}" if page < pages else None,
    }


def _valid_date(value: str | None, what: str) -> str | None:
    return dates.user_date(value, what, InputError)


# --------------------------------------------------------------------------- pages


def _pages(
    app: FastAPI, store: Store, cache: queries.CorpusCache, settings: Settings, templates: Jinja2Templates
) -> None:
    def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, template, context, status_code=status)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/articles", status_code=303)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(
        request: Request,
        q: str = "",
        outlet: str = "",
        speaker: str = "",
        since: str = "",
        until: str = "",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> HTMLResponse:
        since_d, until_d = _valid_date(since, "since"), _valid_date(until, "until")

        def fetch(page: int) -> queries.ArticlePage:
            return queries.list_articles(
                store,
                cache,
                search=q,
                outlet=outlet,
                speaker=speaker,
                since=since_d,
                until=until_d,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )

        result = fetch(page)
        last, pages = _last_page(page, result.total, PAGE_SIZE)
        if last != page:
            page, result = last, fetch(last)
        filters = {"q": q, "outlet": outlet, "speaker": speaker, "since": since, "until": until}
        return render(
            request,
            "articles.html",
            result=result,
            filters=filters,
            outlets=_summary(store, cache, "outlet_names"),
            undated=store.undated_count() if since_d or until_d else 0,
            **_pager("/articles", filters, page, pages),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        request: Request, article_id: str, everything: Annotated[bool, Query(alias="all")] = False
    ) -> HTMLResponse:
        full = _report_or_404(store, article_id)
        report = visible(full, settings, everything=everything)
        here = f"/articles/{quote(article_id)}"
        return render(
            request,
            "article.html",
            report=report,
            article=report.article,
            hidden=len(full.attributions) - len(report.attributions),
            everything=everything,
            switch_url=here if everything else here + "?all=1",
            marked=render_marked(report),
            attributions=attribution_list(report, _summary(store, cache, "speaker_keys")),
            quantities=_quantity_rows(report),
            stories=_stories_of(store, report.article.id),
            stored=True,
        )

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    def speakers_page(
        request: Request,
        q: str = "",
        kind: str = "",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> HTMLResponse:
        if kind and kind not in SPEAKER_KINDS:
            raise HTTPException(422, f"kind: {kind!r} is not one of {', '.join(SPEAKER_KINDS)}")
        found = find_speakers(_summary(store, cache, "speakers"), q, (kind,) if kind else None)
        page, pages = _last_page(page, len(found), SPEAKERS_PAGE)
        filters = {"q": q, "kind": kind}
        return render(
            request,
            "speakers.html",
            speakers=found[(page - 1) * SPEAKERS_PAGE : page * SPEAKERS_PAGE],
            total=len(found),
            kinds=SPEAKER_KINDS,
            filters=filters,
            **_pager("/speakers", filters, page, pages),
        )

    @app.get("/speakers/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(
        request: Request, key: str, everything: Annotated[bool, Query(alias="all")] = False
    ) -> HTMLResponse:
        view = _speaker_view(store, cache, key, SPEAKER_PAGE_QUOTES, settings, everything)
        return render(request, "speaker.html", **view)

    @app.post("/speakers/{key:path}/edit", include_in_schema=False)
    async def speaker_edit(request: Request, key: str) -> Response:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        action, value = form.get("action", ""), (form.get("value") or "").strip()
        edits: dict[str, Callable[[], str]] = {
            "rename": lambda: store.rename_speaker(key, value),
            "merge": lambda: store.merge_speakers(key, value),
            "alias": lambda: store.alias_speaker(value, key),
            "hide": lambda: store.hide_speaker(key, True),
            "unhide": lambda: store.hide_speaker(key, False),
        }
        if action not in edits:
            raise HTTPException(422, f"action: {action!r} is not one of {', '.join(edits)}")
        if action in ("rename", "merge", "alias") and not value:
            raise HTTPException(422, f"{action}: give a name")
        target = await run_in_threadpool(edits[action])
        cache.forget()
        return RedirectResponse(f"/speakers/{quote(target, safe='')}", status_code=303)

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request) -> HTMLResponse:
        outlets = _summary(store, cache, "outlets")
        return render(request, "outlets.html", outlets=outlets)

    @app.get("/outlets/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def outlet_page(request: Request, name: str) -> HTMLResponse:
        return render(request, "outlet.html", **_outlet_view(store, cache, name))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request) -> HTMLResponse:
        return render(request, "stories.html", stories=queries.stories(store))

    @app.get("/stories/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, cluster_id: ClusterId) -> HTMLResponse:
        return render(request, "story.html", **_story_view(store, cluster_id))

    @app.post("/stories/{cluster_id}/verdict", include_in_schema=False)
    async def story_verdict(request: Request, cluster_id: ClusterId) -> Response:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        view = await run_in_threadpool(_story_view, store, cluster_id)
        cluster = view["cluster"]
        try:
            await run_in_threadpool(
                lambda: add_verdict(
                    store,
                    cluster.id,
                    cluster.text,
                    rating=form.get("rating", ""),
                    explanation=form.get("explanation", ""),
                    reviewer=form.get("reviewer", ""),
                    url=form.get("url"),
                )
            )
        except ReportedlyError as exc:
            return render(
                request, "story.html", status=400, **{**view, "form": form, "verdict_error": str(exc)}
            )
        return RedirectResponse(f"/stories/{cluster.id}#verdict", status_code=303)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "") -> HTMLResponse:
        from reportedly.search import search_quotes

        result = search_quotes(store, q, index=_summary(store, cache, "match_index")) if q.strip() else None
        return render(request, "search.html", q=q, result=result)

    @app.get("/read", response_class=HTMLResponse, include_in_schema=False)
    def read_form(request: Request) -> HTMLResponse:
        return render(request, "read.html", form={}, report=None)

    @app.post("/read", response_class=HTMLResponse, include_in_schema=False)
    async def read_submit(request: Request) -> Response:
        form_data = await request.form(max_part_size=settings.web_max_body_bytes)
        form = {k: v for k, v in form_data.items() if isinstance(v, str)}
        try:
            report = await run_in_threadpool(
                _read_report,
                app.state.reader,
                text=form.get("text"),
                html=None,
                url=form.get("url"),
                publisher=form.get("publisher"),
            )
        except (InputError, FetchError) as exc:
            return render(request, "read.html", status=400, form=form, report=None, error=str(exc))
        if form.get("store"):
            await run_in_threadpool(
                store_and_link, store, report, "web:" + (form.get("url") or "pasted"), settings
            )
            return RedirectResponse(f"/articles/{quote(report.article.id)}", status_code=303)
        return await run_in_threadpool(show_reading, request, form, report)

    def show_reading(request: Request, form: dict[str, str], full: Report) -> HTMLResponse:
        # off the event loop: a reading with thousands of quotes takes a while to mark up
        report = visible(full, settings, everything=bool(form.get("all")))
        return render(
            request,
            "read.html",
            form=form,
            hidden=len(full.attributions) - len(report.attributions),
            report=report,
            article=report.article,
            marked=render_marked(report),
            attributions=attribution_list(report),
            quantities=_quantity_rows(report),
        )

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        schema = app.openapi()
        endpoints = [
            (method.upper(), path, op.get("summary", ""), op.get("description", ""))
            for path, ops in schema.get("paths", {}).items()
            for method, op in ops.items()
        ]
        return render(request, "api.html", endpoints=endpoints)


def _quantity_rows(report: Report) -> list[dict[str, Any]]:
    numbers = {a.id: n for n, a in enumerate(report.attributions, 1)}
    rows = []
    for q in report.quantities:
        if q.value is not None:
            value = f"{q.value:g}"
        elif q.low is not None and q.high is not None:
            value = f"{q.low:g}–{q.high:g}"
        else:
            value = "?"
        rows.append(
            {
                "text": q.span.text,
                "value": value,
                "relation": q.relation,
                "counted": q.counted or "",
                "attribution": numbers.get(q.attribution or ""),
            }
        )
    return rows


# --------------------------------------------------------------------------- JSON API


class ReadRequest(BaseModel):
    """What to read: exactly one of ``text``, ``html`` or ``url``."""

    text: str | None = Field(None, description="Plain article text (noise is cleaned first).")
    html: str | None = Field(None, description="An HTML page (main text through trafilatura).")
    url: str | None = Field(None, description="An http(s) URL on a public address.")
    publisher: str | None = Field(None, description="The outlet, when the input does not say.")
    store: bool = Field(False, description="Also store the reading in the corpus.")


def _api(app: FastAPI, store: Store, cache: queries.CorpusCache, settings: Settings) -> None:
    @app.get("/api/articles", tags=["articles"], summary="Articles, newest first, with filters")
    def api_articles(
        q: Annotated[str, Query(description="Words in the title or in quoted content")] = "",
        outlet: str = "",
        speaker: str = "",
        since: Annotated[str, Query(description="YYYY-MM-DD")] = "",
        until: Annotated[str, Query(description="YYYY-MM-DD")] = "",
        limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE,
        offset: Annotated[int, Query(ge=0, le=MAX_INT64)] = 0,
    ) -> dict[str, Any]:
        result = queries.list_articles(
            store,
            cache,
            search=q,
            outlet=outlet,
            speaker=speaker,
            since=_valid_date(since, "since"),
            until=_valid_date(until, "until"),
            limit=limit,
            offset=offset,
        )
        return {
            "total": result.total,
            "offset": offset,
            "limit": limit,
            "articles": [r.to_dict() for r in result.rows],
        }

    @app.get(
        "/api/articles/{article_id}", tags=["articles"], summary="One stored report (reportedly.report/1)"
    )
    def api_article(article_id: str) -> dict[str, Any]:
        return _report_or_404(store, article_id).to_dict()

    @app.get("/api/speakers", tags=["speakers"], summary="Speakers merged across articles, most quoted first")
    def api_speakers(limit: Annotated[int, Query(ge=1, le=5000)] = 100) -> list[dict[str, Any]]:
        speakers = _summary(store, cache, "speakers")
        return [s.to_dict() for s in speakers[:limit]]

    @app.get("/api/speakers/{key:path}", tags=["speakers"], summary="Every quote and claim by one speaker")
    def api_speaker(key: str, limit: Annotated[int, Query(ge=1, le=10_000)] = 500) -> dict[str, Any]:
        view = _speaker_view(store, cache, key, limit)
        return {
            "key": key,
            "name": view["name"],
            "articles": view["articles"],
            "outlets": [{"outlet": o, "quotes": n} for o, n in view["outlets"]],
            "limited": view["limited"],
            "quotes": [q.to_dict() for q in view["quotes"]],
        }

    @app.get("/api/outlets", tags=["outlets"], summary="Outlets: articles, whom they quote and cite")
    def api_outlets() -> list[dict[str, Any]]:
        return [o.to_dict() for o in _summary(store, cache, "outlets")]

    @app.get("/api/outlets/{name:path}", tags=["outlets"], summary="One outlet, and who cites or copies it")
    def api_outlet(name: str) -> dict[str, Any]:
        view = _outlet_view(store, cache, name)
        links: queries.OutletLinks = view["links"]
        return {
            **view["summary"].to_dict(),
            "cited_by": [{"outlet": o, "times": n} for o, n in links.cited_by],
            "copied_by": [{"outlet": o, "articles": n} for o, n in links.copied_by],
            "copies": [{"outlet": o, "articles": n} for o, n in links.copies],
            "recent": [r.to_dict() for r in view["recent"].rows],
        }

    @app.get("/api/stories", tags=["stories"], summary="Linked quotes and claims told by several articles")
    def api_stories(limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
        return [s.to_dict() for s in queries.stories(store, limit=limit)]

    @app.get("/api/stories/{cluster_id}", tags=["stories"], summary="One story, as `reportedly trace --json`")
    def api_story(cluster_id: ClusterId) -> dict[str, Any]:
        from reportedly.link import load_cluster

        try:
            return load_cluster(store, cluster_id).to_dict()
        except ReportedlyError:
            raise HTTPException(404, f"no story {cluster_id}") from None

    @app.get(
        "/api/search",
        tags=["stories"],
        summary="Every appearance of a quote or claim: candidate stories ranked with scores",
    )
    def api_search(
        q: Annotated[str, Query(min_length=1, description="Words of a quote or claim")],
    ) -> dict[str, Any]:
        from reportedly.search import search_quotes

        return search_quotes(store, q, index=_summary(store, cache, "match_index")).to_dict()

    @app.get(
        "/api/stories/{cluster_id}/claimreview",
        tags=["stories"],
        summary="The story's latest verdict as schema.org ClaimReview JSON-LD",
    )
    def api_claimreview(cluster_id: ClusterId) -> JSONResponse:
        from reportedly.claimreview import review_of

        view = _story_view(store, cluster_id)
        if view["verdict"] is None:
            raise HTTPException(404, f"no verdict on story {cluster_id}")
        doc = review_of(store, view["cluster"], view["verdict"])
        return JSONResponse(doc, media_type="application/ld+json")

    @app.post("/api/read", tags=["read"], summary="Read text, HTML or a URL; optionally store it")
    def api_read(body: ReadRequest) -> dict[str, Any]:
        report = _read_report(
            app.state.reader, text=body.text, html=body.html, url=body.url, publisher=body.publisher
        )
        stored = (
            store_and_link(store, report, "api:" + (body.url or "pasted"), settings) if body.store else False
        )
        return {"stored": stored, "report": report.to_dict()}

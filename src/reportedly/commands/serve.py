"""``reportedly serve``: the web application over a corpus (uvicorn)."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from reportedly.cliapp import app, err_console, fail
from reportedly.commands.corpus import DbOption


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_private_urls: Annotated[
        bool,
        typer.Option("--allow-private-urls", help="Let the read form fetch loopback and private addresses."),
    ] = False,
) -> None:
    """Browse the corpus in a web browser: articles, speakers, outlets, stories, and a read form."""
    import dataclasses

    import uvicorn

    from reportedly.settings import DEFAULT
    from reportedly.store import Store
    from reportedly.web.app import create_app

    Store.open(db, create=False).close()  # a typo in --db: say so, do not serve a new empty corpus
    _check_free(host, port)
    settings = dataclasses.replace(DEFAULT, allow_private_urls=allow_private_urls)
    web = create_app(db, settings)
    err_console.print(f"reportedly serving {web.state.store.url} on http://{host}:{port}/", highlight=False)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


def _check_free(host: str, port: int) -> None:
    """Fail with one line when the address is taken or unknown (uvicorn would log and exit 3)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(address)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")

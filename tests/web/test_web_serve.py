"""``reportedly serve`` starts the application on the given database and port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from webcorpus import Corpus, free_port

REPORTEDLY = Path(sys.executable).with_name("reportedly")


def test_serve_answers_then_stops(corpus: Corpus) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [str(REPORTEDLY), "serve", "--db", str(corpus.db), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/articles", timeout=5)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "Seven dead as River Marrow floods" in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_refuses_a_taken_port(corpus: Corpus) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(REPORTEDLY), "serve", "--db", str(corpus.db), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    assert "cannot listen on 127.0.0.1" in done.stderr and "Traceback" not in done.stderr

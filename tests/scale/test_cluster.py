"""The cluster set-ups of the README, as far as this machine allows: the KubeRay sample's
structure, and a ``ray start`` head plus a worker node on loopback running ``ingest --engine ray``."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scaledata import EXAMPLES, ROOT

yaml = pytest.importorskip("yaml")
ray = pytest.importorskip("ray")

KUBERAY = ROOT / "deploy" / "kuberay"
BIN = Path(sys.executable).parent


def test_the_kuberay_sample_is_a_raycluster_for_this_ray() -> None:
    doc = yaml.safe_load((KUBERAY / "raycluster.yaml").read_text(encoding="utf-8"))
    assert (doc["apiVersion"], doc["kind"]) == ("ray.io/v1", "RayCluster")
    spec = doc["spec"]
    assert spec["rayVersion"] == ray.__version__
    head = spec["headGroupSpec"]
    workers = spec["workerGroupSpecs"]
    assert workers, "no worker group"
    images = set()
    for params, template in [(head["rayStartParams"], head["template"])] + [
        (g["rayStartParams"], g["template"]) for g in workers
    ]:
        # KubeRay passes rayStartParams through as strings
        assert all(isinstance(v, str) for v in params.values())
        (container,) = template["spec"]["containers"]
        images.add(container["image"])
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert len(images) == 1, "head and workers must run the same image"
    ports = {p["name"]: p["containerPort"] for p in head["template"]["spec"]["containers"][0]["ports"]}
    assert ports["gcs"] == 6379 and ports["client"] == 10001
    for g in workers:
        assert g["minReplicas"] <= g["replicas"] <= g["maxReplicas"]
        cpus = int(g["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"])
        assert cpus >= 1
    dockerfile = (KUBERAY / "Dockerfile").read_text(encoding="utf-8")
    assert (
        f"rayproject/ray:{ray.__version__}-py{sys.version_info.major}{sys.version_info.minor}" in dockerfile
    )
    assert "reportedly[ray" in dockerfile


def free_port() -> int:
    """A free port below Ray's worker port range (10002-19999)."""
    for port in range(6400, 6500):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port in 6400-6499")


def start_node(args: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [str(BIN / "ray"), "start", "--block", "--num-cpus=1", "--node-ip-address=127.0.0.1", *args]
    with log.open("wb") as fh:
        # a session of its own: stopping it stops exactly the processes it started
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def stop_node(proc: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        os.killpg(proc.pid, sig)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def loopback_cluster(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = free_port()
    # Ray's token authentication: head, worker and driver share one token (a fresh machine has no
    # ~/.ray/auth_token, and `ray start` does not make one)
    token = tmp_path / "auth_token"
    token.write_text(secrets.token_hex(32), encoding="utf-8")
    env = {
        **os.environ,
        "RAY_AUTH_MODE": "token",
        "RAY_AUTH_TOKEN_PATH": str(token),
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    nodes = [
        start_node(
            ["--head", f"--port={port}", "--include-dashboard=false"],
            tmp_path / "head.log",
            env,
        )
    ]
    try:
        address = f"127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while "Ray runtime started" not in (tmp_path / "head.log").read_text(errors="replace"):
            assert nodes[0].poll() is None and time.monotonic() < deadline, (
                tmp_path / "head.log"
            ).read_text()
            time.sleep(0.5)
        nodes.append(start_node([f"--address={address}"], tmp_path / "worker.log", env))
        yield address, env
    finally:
        for node in reversed(nodes):
            stop_node(node)


def test_ingest_on_a_ray_start_cluster_of_two_nodes(
    loopback_cluster: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    address, env = loopback_cluster
    out = tmp_path / "out"
    cmd = [str(BIN / "reportedly"), "ingest", str(EXAMPLES), "--engine", "ray", "--address", address]
    cmd += ["--out", str(out), "--shard-size", "1", "--json", "--no-progress"]
    deadline = time.monotonic() + 60
    result: dict[str, Any] = {}
    while time.monotonic() < deadline:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout)["ingest"]
        # the worker node may still be joining on the first try: then only one CPU is there
        if result["workers"] == 2 or result["written"] == 0:
            break
    assert result["shards"] == 6 and result["failures"] == []
    assert len(list(out.glob("reports-*.parquet"))) == 6

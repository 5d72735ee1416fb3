"""``reportedly evaluate polnear`` end to end on two dev texts (read from ../shared, never copied)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import reportedly.commands.evaluate  # noqa: F401  (registers the commands)
from reportedly.cliapp import app

DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets" / "polnear" / "dev"

pytestmark = [
    pytest.mark.polnear,
    pytest.mark.skipif(not DEV.is_dir(), reason="../shared/datasets/polnear/dev is not here"),
]


def fractions(d: dict[str, object]) -> list[float]:
    return [float(d[k]) for k in ("precision", "recall", "f1")]  # type: ignore[arg-type]


def test_polnear_json_shape(tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(
        app, ["evaluate", "polnear", str(DEV), "--limit", "2", "--json", "--quiet", "--errors", str(errors)]
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["documents"] == 2
    for mode in ("exact", "overlap"):
        for role in ("source", "cue", "content"):
            assert all(0.0 <= x <= 1.0 for x in fractions(out[mode][role])), (mode, role)
    assert all(0.0 <= x <= 1.0 for x in fractions(out["attribution"]))
    assert set(out["by_kind"]) == {"direct", "indirect"}
    assert out["articles_per_second"] > 0
    assert out["textacy"]["exact"]["content"]["gold"] == out["exact"]["content"]["gold"] > 0
    assert out["published"]["BERT+Cofe"]["content"] == pytest.approx(0.729)
    lines = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert all({"doc", "role", "error", "text", "context"} <= set(e) for e in lines)
    assert {e["role"] for e in lines} <= {"source", "cue", "content", "attribution"}


def test_polnear_learned_ends_change_the_contents_only() -> None:
    def run(*extra: str) -> dict[str, dict[str, dict[str, int]]]:
        args = ["evaluate", "polnear", str(DEV), "--limit", "3", "--json", "--quiet", "--no-textacy", *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    learned, ruled = run("--learned-ends"), run()
    # the boundary model moves where contents end, never which cues and sources are found
    assert learned["exact"]["cue"] == ruled["exact"]["cue"]
    assert learned["exact"]["source"] == ruled["exact"]["source"]
    assert learned["exact"]["content"]["predicted"] == ruled["exact"]["content"]["predicted"]


def test_polnear_refuses_a_directory_that_is_not_a_split(tmp_path: Path) -> None:
    from reportedly.cli import main  # noqa: F401  (the entry point turns errors into one line)

    result = CliRunner().invoke(app, ["evaluate", "polnear", str(tmp_path), "--json"])
    assert result.exit_code != 0
    assert "not a PolNeAR split" in str(result.exception)


EXAMPLE = DEV.parents[2] / "examples" / "insider-russian-guardsmen.gold.json"


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="../shared/examples is not here")
def test_gold_accepts_the_gold_file_or_the_article() -> None:
    for given in (EXAMPLE, EXAMPLE.with_name("insider-russian-guardsmen.txt")):
        result = CliRunner().invoke(app, ["evaluate", "gold", str(given), "--json"])
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert out["document"] == "insider-russian-guardsmen.txt"
        assert 0 <= out["found"] <= out["attributions"]

"""The benchmark's corpus generator writes content that the build accepts (correctness only, no timing)."""

from __future__ import annotations

from pathlib import Path

from conftest import generate_corpus, run_build


def test_generated_corpus_passes_strict_check(tmp_path: Path) -> None:
    generate_corpus(2, tmp_path / "content")
    result = run_build("check", "--content", str(tmp_path / "content"), "--strict")
    assert result.returncode == 0, result.stderr
    assert "24 claims, 0 warnings" in result.stderr


def test_generated_corpus_is_deterministic(tmp_path: Path) -> None:
    generate_corpus(2, tmp_path / "a")
    generate_corpus(2, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)

"""The benchmark's corpus generator writes content that the build accepts (correctness only, no timing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_build


def _generate(n: int, out: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(n), str(out)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_generated_corpus_passes_strict_check(tmp_path: Path) -> None:
    _generate(2, tmp_path / "content")
    result = run_build("check", "--content", str(tmp_path / "content"), "--strict")
    assert result.returncode == 0, result.stderr
    assert "24 claims, 0 warnings" in result.stderr


def test_generated_corpus_is_deterministic(tmp_path: Path) -> None:
    _generate(2, tmp_path / "a")
    _generate(2, tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)

"""``status --stamp`` changes one line of a translation and nothing else, whatever its line endings."""

from __future__ import annotations

import re

from conftest import run_build, write_site


def test_stamping_keeps_crlf_line_endings_and_every_other_byte(tmp_path):
    root = write_site(tmp_path / "c", {})
    translation = root / "sections/fr/01-weather.md"
    original = translation.read_bytes().replace(b"\n", b"\r\n")
    translation.write_bytes(original)
    run_build("status", "--content", str(root), "--stamp", str(translation))
    stamped = translation.read_bytes()
    first, added, rest = stamped.split(b"\r\n", 2)
    assert first == b"---" and re.fullmatch(rb"source_hash: [0-9a-f]{12}", added)
    assert b"---\r\n" + rest == original
    translation.write_bytes(stamped.replace(added, b"source_hash: 000000000000"))
    run_build("status", "--content", str(root), "--stamp", str(translation))
    assert translation.read_bytes() == stamped, "re-stamping rewrites the hash in place, its CRLF kept"


def test_stamping_an_lf_file_adds_exactly_one_line(tmp_path):
    root = write_site(tmp_path / "c", {})
    translation = root / "pages/fr/about.md"
    original = translation.read_bytes()
    run_build("status", "--content", str(root), "--stamp", str(translation))
    first, added, rest = translation.read_bytes().split(b"\n", 2)
    assert re.fullmatch(rb"source_hash: [0-9a-f]{12}", added)
    assert first + b"\n" + rest == original

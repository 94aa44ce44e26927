"""Links in the PDFs, read back from their annotations: inside the document or public URLs, never
``file:`` URIs naming the builder's checkout, and the same bytes from any checkout.

A fixture section links every way content can: another printed page, a heading of its own
page by fragment, the glossary, a page the PDF does not contain, the other language, a
protocol-relative ``//host`` link, an external URL, a path above the site and one from the
host's root.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, SITES, run_build, write_site

LINKS = """

Read [the about page](about.html), [the rain](weather.html#rain-and-shine),
[this heading again](#rain-and-shine), [a term](glossary.html#term-scattering),
[every claim](claims.html#claim-sky-blue), [the French](../fr/weather.html),
[a share](//files.example.net/share), [an outside page](https://example.com/x),
[a parent folder](../../etc/passwd) and [the host root](/en/about.html).
"""


def links_site(root: Path, base_url: str) -> Path:
    section = (SITES / "minimal/sections/en/01-weather.md").read_text(encoding="utf-8")
    site_yml = (SITES / "minimal/site.yml").read_text(encoding="utf-8")
    return write_site(root, {"sections/en/01-weather.md": section.replace("\n## Rain", LINKS + "\n## Rain"),
                             "site.yml": site_yml.replace("https://example.org/mini/", base_url)})


def annotations(pdf: Path) -> tuple[list[str], list[str]]:
    """Every link of ``pdf``: (URIs, named destinations of internal links)."""
    uris, internal = [], []
    for page in PdfReader(pdf).pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A", {})
            if "/URI" in action:
                uris.append(str(action["/URI"]))
            elif "/Dest" in annot or action.get("/S") == "/GoTo":
                internal.append(str(annot.get("/Dest", action.get("/D"))))
            else:
                pytest.fail(f"{pdf.name}: a link that is neither a URI nor internal: {annot}")
    return uris, internal


def text(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


@pytest.fixture(scope="module", params=["https://example.org/mini/", '""'])
def built(request, tmp_path_factory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp("links")
    content = links_site(tmp / "content", request.param)
    result = run_build("pdf", "--content", str(content), "--out", str(tmp / "site"), "--strict")
    assert result.returncode == 0, result.stderr
    return request.param.strip('"'), tmp / "site" / "pdf"


@pytest.mark.slow
def test_no_link_is_a_file_uri_or_names_a_path_of_the_build(built):
    _, pdfs = built
    for pdf in sorted(pdfs.glob("*.pdf")):
        uris, _ = annotations(pdf)
        assert uris, pdf.name
        assert [u for u in uris if not u.startswith(("https://", "http://", "mailto:"))] == [], pdf.name
        assert [u for u in uris if str(ROOT) in u or str(pdfs.parent.parent) in u] == [], pdf.name
        assert b"file:" not in pdf.read_bytes(), pdf.name


@pytest.mark.slow
def test_pages_in_the_book_are_internal_links_to_the_right_place(built):
    _, pdfs = built
    _, internal = annotations(pdfs / "explainer-en.pdf")
    for anchor in ("about", "section-weather-rain-and-shine", "term-scattering"):
        assert any(anchor in dest for dest in internal), (anchor, internal)
    rain = [dest for dest in internal if "section-weather-rain-and-shine" in dest]
    assert len(rain) == 2, "by page name and by fragment alone"


@pytest.mark.slow
def test_other_pages_link_to_the_public_site_or_are_plain_text(built):
    base_url, pdfs = built
    pdf = pdfs / "explainer-en.pdf"
    uris, _ = annotations(pdf)
    assert "https://files.example.net/share" in uris and "https://example.com/x" in uris
    public = [f"{base_url}en/claims.html#claim-sky-blue", f"{base_url}fr/weather.html"]
    if base_url:
        assert set(public) <= set(uris)
    else:
        assert not [u for u in uris if "claims.html" in u or "weather.html" in u]
    assert not [u for u in uris if "passwd" in u or u.endswith("/en/about.html")]
    words = text(pdf)
    for label in ("every claim", "the French", "a parent folder", "the host root"):
        assert label in words, label


@pytest.mark.slow
def test_web_pages_give_protocol_relative_links_https_too(built):
    """Opened from disk, ``//host/share`` would be ``file://host/share`` on the web page as well."""
    _, pdfs = built
    page = (pdfs.parent / "en" / "weather.html").read_text(encoding="utf-8")
    assert 'href="https://files.example.net/share"' in page and 'href="//' not in page


def checkout(where: Path) -> Path:
    """A copy of the program (not of its tests or content) at another path."""
    where.mkdir(parents=True)
    shutil.copy(ROOT / "build.py", where / "build.py")
    for folder in ("explainer", "templates"):
        shutil.copytree(ROOT / folder, where / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return where


@pytest.mark.slow
def test_two_checkouts_at_different_paths_build_byte_identical_pdfs(tmp_path):
    content = links_site(tmp_path / "content", "https://example.org/mini/")
    built = []
    for where in (tmp_path / "a" / "checkout", tmp_path / "somewhere" / "else" / "explainer-clone"):
        program = checkout(where)
        out = where.parent / "out"
        result = subprocess.run([sys.executable, str(program / "build.py"), "pdf", "--no-cache", "--content",
                                 str(content), "--out", str(out)], cwd=where, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr
        built.append(out / "pdf")
    for pdf in ("explainer-en.pdf", "explainer-fr.pdf"):
        assert (built[0] / pdf).read_bytes() == (built[1] / pdf).read_bytes(), pdf


def test_a_print_document_with_a_link_that_would_become_a_file_uri_is_refused():
    """The last guard, for links a template (not content) might add: WeasyPrint would resolve them on disk."""
    from explainer.errors import PdfError
    from explainer.print_links import check_links

    check_links('<a href="#about">x</a> <a class="u" href="https://example.org/a">y</a> <a href="mailto:a@b.c">z</a>')
    for html in ('<a href="about.html">x</a>', '<a id="x" href="//host/share">x</a>', '<a href="file:///etc">x</a>',
                 '<a href="/en/about.html">x</a>'):
        with pytest.raises(PdfError, match="file: links"):
            check_links(html)

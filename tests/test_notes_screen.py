"""The notes on screen, in Debian's Chromium: beside their calls on wide screens, popovers
beside their call on medium ones (WCAG 1.4.13), and no raw URL as link text anywhere.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import every_kind_of_page
from test_browser import section_pages

pytestmark = pytest.mark.slow

WIDE = {"width": 1440, "height": 900}
MEDIUM = {"width": 1024, "height": 700}

PLACES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  return [...document.querySelectorAll('article > .notes > ol > li')].map(li => {
    const ref = document.querySelector(`a[role="doc-noteref"][href="#${li.id}"]`);
    const line = parseFloat(getComputedStyle(ref.closest('p, li, td') || ref).lineHeight);
    return {id: li.id, note: box(li), call: box(ref.closest('sup') || ref), line,
            figure: li.querySelector(':scope > .claim-facts dd') !== null,
            closed: [...li.querySelectorAll('details.claim-more')].every(d => !d.open)};
  });
}"""


NOTES_IN_ORDER = """() => {
  const notes = [...document.querySelectorAll('article > .notes > ol > li')].map(li => li.getBoundingClientRect());
  return notes.every((note, i) => i === 0 || note.top >= notes[i - 1].bottom);
}"""


def places(pg) -> list[dict]:
    """Where each note and its call are, once the layout scheduled for the next frame has run."""
    pg.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return pg.evaluate(PLACES)


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport=WIDE)
    yield context.new_page()
    context.close()


@pytest.fixture
def medium(browser):
    context = browser.new_context(viewport=MEDIUM)
    yield context.new_page()
    context.close()


def test_at_1440_every_note_sits_beside_its_call_or_just_below_the_note_above(wide, flagship, flagship_url):
    beside = pushed = 0
    for path in section_pages(flagship):
        wide.goto(f"{flagship_url}/{path}")
        notes = places(wide)
        assert notes, path
        previous = None
        for note in notes:
            where = f"{path} #{note['id']}"
            assert note["note"]["left"] > note["call"]["right"], f"{where}: the note is not in the margin"
            assert note["figure"] and note["closed"], f"{where}: verdict and figure shown, context and sources folded"
            if previous is not None:
                assert note["note"]["top"] >= previous["bottom"], f"{where} overlaps the note above"
            offset = note["note"]["top"] - note["call"]["top"]
            if abs(offset) <= 2 * note["line"]:
                beside += 1
            else:
                assert previous is not None and offset > 0, f"{where}: {offset:.0f}px from its call"
                assert note["note"]["top"] - previous["bottom"] <= note["line"], f"{where}: pushed further than the note above needs"
                pushed += 1
            previous = note["note"]
    assert beside > 3 * pushed, (beside, pushed)


def test_opening_a_margin_note_moves_only_the_notes_below_it(wide, flagship, flagship_url):
    wide.goto(f"{flagship_url}/{section_pages(flagship)[0]}")
    before = places(wide)
    wide.locator("#fn-1 details.claim-more > summary").click()
    assert wide.locator("#fn-1 .sources li").first.is_visible()
    # The notes move on the next frame after the <details> toggles; wait for it, not a clock.
    wide.wait_for_function(NOTES_IN_ORDER, timeout=5_000)
    after = places(wide)
    assert after[0]["note"]["top"] == before[0]["note"]["top"]
    assert after[0]["note"]["bottom"] > before[0]["note"]["bottom"]
    for above, note in zip(after, after[1:]):
        assert note["note"]["top"] >= above["note"]["bottom"]


def test_at_1440_a_call_brings_its_margin_note_forward_and_escape_returns_to_the_text(wide, flagship, flagship_url):
    wide.goto(f"{flagship_url}/{section_pages(flagship)[0]}")
    ref = wide.locator('a[role="doc-noteref"]').nth(1)
    ref.click()
    assert wide.locator(".popover").count() == 0
    note = wide.locator("#fn-2")
    assert note.evaluate("el => el === document.activeElement && el.classList.contains('note-active')")
    assert wide.url.endswith(".html")
    wide.keyboard.press("Escape")
    assert ref.evaluate("el => el === document.activeElement")


def test_without_a_wide_screen_the_notes_are_the_numbered_list_at_the_end(medium, flagship, flagship_url):
    medium.goto(f"{flagship_url}/{section_pages(flagship)[0]}")
    notes = places(medium)
    last_paragraph = medium.locator(".prose > *").last.bounding_box()
    assert all(n["note"]["top"] > last_paragraph["y"] for n in notes)
    assert not any(n["closed"] for n in notes if medium.locator(f"#{n['id']} details").count()), "context and sources open"
    assert medium.locator("#notes-heading").is_visible()


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


BOXES = """(pop, ref) => [ref.closest('sup') || ref, pop].map(el => { const r = el.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })"""


def test_at_medium_width_each_popover_opens_beside_its_call_inside_the_viewport(medium, flagship, flagship_url):
    checked = 0
    for path in section_pages(flagship):
        medium.goto(f"{flagship_url}/{path}")
        refs = medium.locator('a[role="doc-noteref"]')
        for i in range(refs.count()):
            ref = refs.nth(i)
            ref.scroll_into_view_if_needed()
            ref.click()
            pop = medium.locator(".popover")
            assert pop.count() == 1
            call, box = pop.evaluate(BOXES, ref.element_handle())
            where = f"{path} {ref.inner_text()}"
            assert box["left"] >= 0 and box["top"] >= 0, where
            assert box["right"] <= MEDIUM["width"] and box["bottom"] <= MEDIUM["height"], where
            assert not overlap(call, box), f"{where}: the popover covers its call"
            near = min(abs(box["left"] - call["right"]), abs(call["left"] - box["right"]),
                       abs(box["top"] - call["bottom"]), abs(call["top"] - box["bottom"]))
            assert near <= 16, f"{where}: opened {near:.0f}px from its call"
            medium.keyboard.press("Escape")
            assert pop.count() == 0
            checked += 1
    assert checked > 39


def test_a_hovered_popover_can_be_hovered_and_dismissed_with_escape(medium, flagship, flagship_url):
    """WCAG 1.4.13: hoverable, dismissible, persistent."""
    medium.goto(f"{flagship_url}/{section_pages(flagship)[0]}")
    ref = medium.locator('a[role="doc-noteref"]').nth(2)
    ref.scroll_into_view_if_needed()
    ref.hover()
    pop = medium.locator(".popover")
    pop.wait_for()
    box = pop.bounding_box()
    medium.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    medium.wait_for_timeout(800)  # longer than the hide delay: the pointer is on the popover, so it stays
    assert pop.count() == 1
    medium.keyboard.press("Escape")
    assert pop.count() == 0
    assert ref.get_attribute("aria-expanded") == "false"


def test_a_clicked_popover_stays_until_the_reader_dismisses_it(medium, flagship, flagship_url):
    medium.goto(f"{flagship_url}/{section_pages(flagship)[0]}")
    ref = medium.locator('a[role="doc-noteref"]').first
    ref.scroll_into_view_if_needed()
    ref.click()
    pop = medium.locator(".popover")
    medium.mouse.move(5, MEDIUM["height"] - 5, steps=8)
    medium.wait_for_timeout(800)
    assert pop.count() == 1, "a pinned popover does not vanish when the pointer leaves"
    medium.keyboard.press("Escape")
    assert pop.count() == 0
    assert ref.evaluate("el => el === document.activeElement")


RAW_URL_LINKS = r"""() => [...document.querySelectorAll('a')]
  .filter(a => a.getClientRects().length && /^\s*(https?:\/\/|www\.)/i.test(a.innerText))
  .map(a => a.innerText.trim())"""


def test_no_link_on_screen_shows_a_raw_url(browser, flagship, flagship_url):
    """On every kind of page (``every_kind_of_page``): the sampled claim pages show the template,
    and every claim's sources and note are also shown in its section's notes, which are all visited."""
    context = browser.new_context(viewport=WIDE)
    pg = context.new_page()
    raw = {}
    for path in every_kind_of_page(flagship):
        pg.goto(f"{flagship_url}/{path}")
        for more in pg.locator("details:not([open]) > summary").all():
            if more.is_visible():
                more.click()
        if found := pg.evaluate(RAW_URL_LINKS):
            raw[path] = found
    context.close()
    assert not raw


def test_narrowing_the_window_puts_the_notes_back_at_the_end_and_widening_returns_them(wide, flagship, flagship_url):
    wide.goto(f"{flagship_url}/{section_pages(flagship)[0]}")
    assert wide.locator("article.margin-notes").count() == 1
    wide.set_viewport_size(MEDIUM)
    expect(wide.locator("article.margin-notes")).to_have_count(0)
    assert not any(n["closed"] for n in places(wide)), "context and sources open again"
    assert wide.locator("#notes-heading").is_visible()
    wide.set_viewport_size(WIDE)
    expect(wide.locator("article.margin-notes")).to_have_count(1)
    notes = places(wide)
    assert all(n["closed"] for n in notes)
    assert abs(notes[0]["note"]["top"] - notes[0]["call"]["top"]) <= 2 * notes[0]["line"]

// Progressive enhancement only: every page reads and navigates without this file.
// Note references and glossary terms stay plain links (to the notes list and the
// glossary); with this file they also open in place as popovers. The claims filter
// and the search box exist only when this file runs, and search loads its index
// only when the reader types.
(() => {
  "use strict";

  // -- Popovers: notes and glossary terms, in place ----------------------------------
  // The popover is inserted right after its reference, so Tab moves from the
  // reference into the popover's links and on into the text; Escape closes it and
  // returns focus to the reference.
  const TRIGGER = 'a[role="doc-noteref"], a.term[data-term]';
  let open = null; // {ref, pop, pinned}
  let hideTimer = 0;
  let uid = 0;
  let restoring = false; // focus going back to a reference after Escape: no new preview

  function contentFor(ref) {
    const frag = document.createDocumentFragment();
    if (ref.matches("a.term")) {
      const tpl = document.getElementById("def-" + ref.dataset.term);
      if (!tpl) return null;
      frag.appendChild(tpl.content.cloneNode(true));
      return frag;
    }
    const note = document.getElementById(decodeURIComponent(ref.hash.slice(1)));
    if (!note) return null;
    for (const child of note.children) {
      if (!child.classList.contains("backrefs")) frag.appendChild(child.cloneNode(true));
    }
    for (const el of frag.querySelectorAll("[id]")) el.removeAttribute("id");
    return frag;
  }

  // Beside the call (right, else left) when the popover fits there, else below or above
  // its line; always inside the viewport, never over the call (WCAG 1.4.13).
  const GAP = 8;
  const EDGE = 8;
  function place(ref, pop) {
    const view = { w: document.documentElement.clientWidth, h: window.innerHeight };
    const call = (ref.closest("sup") || ref).getBoundingClientRect();
    pop.style.maxWidth = pop.style.maxHeight = "";
    pop.style.left = pop.style.top = "0px";
    const fullWidth = pop.offsetWidth;
    const right = view.w - EDGE - call.right - GAP;
    const left = call.left - GAP - EDGE;
    const side = Math.max(right, left);
    let x, y;
    if (side >= Math.min(fullWidth, 256)) { // a narrower popover beside the call beats one under it
      pop.style.maxWidth = Math.min(side, fullWidth) + "px";
      const width = pop.offsetWidth;
      x = right >= width || right >= left ? call.right + GAP : call.left - GAP - width;
      y = Math.max(EDGE, Math.min(call.top - GAP, view.h - EDGE - pop.offsetHeight));
    } else {
      const width = pop.offsetWidth;
      x = Math.max(EDGE, Math.min(call.left - 2 * GAP, view.w - EDGE - width));
      const below = view.h - EDGE - call.bottom - GAP;
      const above = call.top - GAP - EDGE;
      if (below >= pop.offsetHeight || below >= above) {
        pop.style.maxHeight = `min(32rem, 70vh, ${below}px)`;
        y = call.bottom + GAP;
      } else {
        pop.style.maxHeight = `min(32rem, 70vh, ${above}px)`;
        y = call.top - GAP - pop.offsetHeight;
      }
    }
    const origin = (pop.offsetParent || document.body).getBoundingClientRect();
    pop.style.left = x - origin.left + "px";
    pop.style.top = y - origin.top + "px";
  }

  function close(restoreFocus) {
    clearTimeout(hideTimer);
    if (!open) return;
    const { ref, pop } = open;
    open = null;
    pop.remove();
    ref.setAttribute("aria-expanded", "false");
    if (restoreFocus) {
      restoring = true;
      ref.focus();
      restoring = false;
    }
  }

  function show(ref, pinned) {
    clearTimeout(hideTimer);
    if (marginNote(ref)) return null;
    if (open && open.ref === ref) {
      open.pinned = open.pinned || pinned;
      return open.pop;
    }
    const content = contentFor(ref);
    if (!content) return null;
    close(false);
    const pop = document.createElement("div");
    pop.className = "popover";
    pop.id = "popover-" + ++uid;
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", ref.getAttribute("aria-label") || ref.textContent);
    pop.tabIndex = -1;
    pop.appendChild(content);
    (ref.closest("sup") || ref).after(pop);
    place(ref, pop);
    ref.setAttribute("aria-expanded", "true");
    ref.setAttribute("aria-controls", pop.id);
    open = { ref, pop, pinned };
    return pop;
  }

  function laterHide() {
    clearTimeout(hideTimer);
    if (open && !open.pinned) hideTimer = setTimeout(() => close(false), 300);
  }

  document.addEventListener("click", (event) => {
    const ref = event.target.closest(TRIGGER);
    const note = ref && marginNote(ref);
    if (note) { // the note is already beside its call: bring it forward instead of a popover
      event.preventDefault();
      close(false);
      for (const other of document.querySelectorAll(".note-active")) other.classList.remove("note-active");
      note.classList.add("note-active");
      note.tabIndex = -1;
      note.focus({ preventScroll: true });
      note.scrollIntoView({ block: "nearest" });
      return;
    }
    if (ref && !(open && open.pop.contains(ref))) {
      if (open && open.ref === ref && open.pinned) { event.preventDefault(); close(false); return; }
      const pop = show(ref, true);
      if (!pop) return; // nothing to show here: follow the link
      event.preventDefault();
      pop.focus();
      return;
    }
    if (open && !open.pop.contains(event.target)) close(false);
  });
  document.addEventListener("keydown", (event) => {
    const note = event.key === "Escape" && document.activeElement.closest(".margin-notes .note");
    if (note) { // back to the text, where the reader left it
      const ref = note.closest("article").querySelector(`a[role="doc-noteref"][href="#${CSS.escape(note.id)}"]`);
      note.classList.remove("note-active");
      if (ref) ref.focus();
      return;
    }
    if (event.key === "Escape" && open) {
      event.preventDefault();
      close(open.pinned || open.pop.contains(document.activeElement));
    }
  });
  document.addEventListener("focusin", (event) => {
    if (restoring) return;
    if (open && (open.pop.contains(event.target) || open.ref === event.target)) return;
    close(false);
    const ref = event.target.closest && event.target.closest(TRIGGER);
    if (ref && ref.matches(":focus-visible")) show(ref, false);
  });
  const hover = window.matchMedia("(hover: hover)");
  document.addEventListener("mouseover", (event) => {
    if (!hover.matches || !event.target.closest) return;
    const ref = event.target.closest(TRIGGER);
    if (ref) { show(ref, false); return; }
    if (open && open.pop.contains(event.target)) { clearTimeout(hideTimer); return; }
    laterHide();
  });
  window.addEventListener("resize", () => { if (open) place(open.ref, open.pop); });

  // -- Wide screens: each note in the margin beside its call ---------------------------
  // The notes list stays where it is in the HTML (the end of the article: narrow screens
  // and no JavaScript read it there); on wide screens the article gets .margin-notes and
  // each note is placed at the height of its first call, or just below the note above
  // it. Context and sources fold into their <details> there so notes stay short enough
  // to sit beside their calls; opening one moves the notes below it down.
  const WIDE = window.matchMedia("(min-width: 78rem)");
  const NOTE_GAP = 12;

  function marginNote(ref) {
    if (!ref.matches('a[role="doc-noteref"]')) return null;
    const article = ref.closest(".margin-notes");
    return article && article.querySelector(`:scope > .notes li[id="${CSS.escape(decodeURIComponent(ref.hash.slice(1)))}"]`);
  }

  function layoutNotes(article) {
    const notes = article.querySelector(":scope > .notes");
    const on = WIDE.matches;
    if (on !== article.classList.contains("margin-notes")) {
      article.classList.toggle("margin-notes", on);
      for (const more of notes.querySelectorAll("details.claim-more")) more.open = !on;
    }
    const items = notes.querySelectorAll(":scope > ol > li");
    if (!on) {
      for (const li of items) li.style.top = "";
      article.style.minHeight = "";
      return;
    }
    const origin = notes.getBoundingClientRect().top;
    let floor = 0;
    for (const li of items) {
      const ref = article.querySelector(`a[role="doc-noteref"][href="#${CSS.escape(li.id)}"]`);
      const call = ref ? (ref.closest("sup") || ref).getBoundingClientRect().top - origin : floor;
      const top = Math.max(Math.round(call), floor);
      li.style.top = top + "px";
      floor = top + li.offsetHeight + NOTE_GAP;
    }
    article.style.minHeight = floor + notes.offsetTop + "px";
  }

  const noted = [...document.querySelectorAll("article")].filter((a) => a.querySelector(":scope > .notes > ol"));
  if (noted.length) {
    let frame = 0;
    const relayout = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => noted.forEach(layoutNotes));
    };
    noted.forEach(layoutNotes);
    WIDE.addEventListener("change", relayout);
    window.addEventListener("resize", relayout);
    document.addEventListener("toggle", (event) => { if (event.target.matches(".claim-more")) relayout(); }, true);
    if (document.fonts) document.fonts.ready.then(relayout);
    if (window.ResizeObserver) { // text reflowing (fonts, zoom) moves the calls
      const watch = new ResizeObserver(relayout);
      noted.forEach((a) => a.querySelectorAll(":scope > :not(.notes)").forEach((el) => watch.observe(el)));
    }
  }

  // -- Claims page: filter by verdict and section -----------------------------------
  const filter = document.querySelector(".claim-filter");
  if (filter) {
    const claims = [...document.querySelectorAll("article.claim")];
    const groups = [...document.querySelectorAll(".claim-group")];
    const count = filter.querySelector(".filter-count");
    const apply = () => {
      const verdict = filter.querySelector("#filter-verdict").value;
      const section = filter.querySelector("#filter-section").value;
      let shown = 0;
      for (const claim of claims) {
        const match = (!verdict || claim.dataset.verdict === verdict) && (!section || claim.dataset.section === section);
        claim.hidden = !match;
        shown += match ? 1 : 0;
      }
      for (const group of groups) group.hidden = !group.querySelector("article.claim:not([hidden])");
      count.textContent = filter.dataset.shown.replace("{n}", shown + " / " + claims.length);
    };
    filter.hidden = false;
    filter.addEventListener("change", apply);
    apply();
  }

  // -- Search page: our own static index (explainer/search.py), loaded on first use ----
  // tokens() is explainer/search.py's tokens(), character ranges and all, so a query is
  // cut into terms exactly as the pages were: words of the scripts that space their words,
  // and bigrams of runs of those that don't (CJK, Hangul, Thai, Lao, Khmer, Myanmar).
  // A browser test compares the two on the same strings.
  const WORD = "0-9a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f\u0300-\u036f\u0386-\u03ce\u0400-\u052f\u0531-\u0556\u0561-\u0587\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u05d0-\u05ea\u05ef-\u05f2\u0610-\u061a\u0620-\u0669\u066e-\u06d3\u06d5-\u06ff\u0900-\u0963\u0966-\u0df3\u10a0-\u10ff\u1200-\u135f\u1369-\u137c\u1e00-\u1fff\u200c\u200d";
  const UNSPACED = "\u0e01-\u0e3a\u0e40-\u0e4e\u0e50-\u0e59\u0e81-\u0ebd\u0ec0-\u0ece\u0ed0-\u0ed9\u0edc-\u0edf\u1000-\u1049\u104c-\u109f\u1780-\u17d3\u17d7\u17dc\u17dd\u17e0-\u17e9\u3005-\u3007\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u{20000}-\u{3134f}";
  const TOKEN = new RegExp(`([${WORD}]+(?:[.,][0-9]+)*)|([${UNSPACED}]+)`, "gu");
  const MIDDLE_DOT = "\u30fb";
  const tokens = (text) => {
    const out = [];
    for (const [, word, unspaced] of text.normalize("NFKC").toLowerCase().matchAll(TOKEN)) {
      if (word) { out.push(word); continue; }
      const run = [...unspaced.replaceAll(MIDDLE_DOT, "")];
      if (run.length === 1) out.push(run[0]);
      for (let i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
    }
    return out;
  };
  window.explainerSearch = Object.freeze({ tokens });

  const search = document.querySelector(".search-form");
  if (search && location.protocol !== "file:") {
    const input = search.querySelector("input");
    const status = document.querySelector(".search-status");
    const list = document.querySelector(".search-results");
    const index = new URL(search.dataset.index, location.href); // search/<lang>/
    const root = new URL(search.dataset.root, location.href); // result URLs are relative to it
    const FORMAT = 1, SHOWN = 20, K1 = 1.2, B = 0.75, PREFIX = 0.5;
    const LETTER = new RegExp(`[${WORD}]`, "u");
    const files = new Map(); // URL → promise of its JSON: each file is fetched once per visit
    const get = (path, init) => {
      const url = new URL(path, index).href;
      if (!files.has(url)) {
        files.set(url, fetch(url, init).then((r) => {
          if (!r.ok) throw new Error(`search: ${r.status} ${url}`);
          return r.json();
        }).catch((error) => { files.delete(url); throw error; }));
      }
      return files.get(url);
    };
    let timer = 0;
    let latest = 0;

    // Pages that have every term of the query, best first (BM25). The last term is
    // also matched as a prefix when it is a word or one unspaced character (search as you
    // type: "gigawat", "電"), at PREFIX weight for the longer terms.
    const find = async (query) => {
      const manifest = await get("manifest.json", { cache: "no-cache" });
      if (manifest.v !== FORMAT) throw new Error(`search: index format ${manifest.v}, expected ${FORMAT}`);
      const all = tokens(query);
      const terms = [...new Set(all)];
      const last = all[all.length - 1];
      const prefix = last !== undefined && (LETTER.test(last[0]) || [...last].length === 1);
      const chunks = await Promise.all(manifest.chunks.map(async (version, k) => {
        const file = (name) => get(`${k}/${name}.json?v=${version}`);
        const shard = (term) => file(term.codePointAt(0) % manifest.shards);
        const [pages, ...shards] = await Promise.all([file("pages"), ...terms.map(shard)]);
        const matched = terms.map((term, j) => { // per query term: index term → postings
          const found = new Map();
          if (prefix && term === last) {
            for (const key of Object.keys(shards[j])) if (key.startsWith(term)) found.set(key, shards[j][key]);
          } else if (Object.hasOwn(shards[j], term)) {
            found.set(term, shards[j][term]);
          }
          return found;
        });
        return { k, version, pages, matched };
      }));
      const df = new Map(); // pages per index term, over all chunks
      for (const { matched } of chunks) {
        const here = new Map();
        for (const found of matched) for (const [term, postings] of found) here.set(term, postings.length / 3);
        for (const [term, n] of here) df.set(term, (df.get(term) || 0) + n);
      }
      const avgdl = manifest.tokens / manifest.pages || 1;
      const hits = [];
      for (const { k, version, pages, matched } of chunks) {
        const score = new Float64Array(pages.length);
        const count = new Uint16Array(pages.length);
        const block = new Uint32Array(pages.length).fill(-1); // the first block with a hit: its excerpt
        matched.forEach((found, j) => {
          const has = new Uint8Array(pages.length);
          for (const [term, postings] of found) {
            const n = df.get(term);
            const weight = (term === terms[j] ? 1 : PREFIX) * Math.log(1 + (manifest.pages - n + 0.5) / (n + 0.5));
            for (let p = 0; p < postings.length; p += 3) {
              const i = postings[p], tf = postings[p + 1];
              score[i] += weight * tf * (K1 + 1) / (tf + K1 * (1 - B + B * pages[i][2] / avgdl));
              block[i] = Math.min(block[i], postings[p + 2]);
              has[i] = 1;
            }
          }
          has.forEach((h, i) => { count[i] += h; });
        });
        count.forEach((n, i) => {
          if (terms.length && n === terms.length) hits.push({ k, i, version, score: score[i], page: pages[i], block: block[i] });
        });
      }
      return hits.sort((a, b) => b.score - a.score || a.k - b.k || a.i - b.i);
    };

    // Where the query shows in a page's text: [start, end) ranges, sorted, merged. Words
    // match at word starts (and, but for the last one, whole); an unspaced run matches whole,
    // or else bigram by bigram.
    const ranges = (text, query) => {
      let lower = text.toLowerCase();
      if (lower.length !== text.length) lower = text;
      const found = [];
      const add = (needle, keep) => {
        for (let at = lower.indexOf(needle); needle && at >= 0; at = lower.indexOf(needle, at + 1)) {
          if (!keep || keep(at, at + needle.length)) found.push([at, at + needle.length]);
        }
      };
      const parts = [...query.normalize("NFKC").toLowerCase().matchAll(TOKEN)];
      parts.forEach(([, word, unspaced], n) => {
        if (word) {
          const whole = n < parts.length - 1;
          add(word, (from, to) => !LETTER.test(lower[from - 1] || "") && !(whole && LETTER.test(lower[to] || "")));
          return;
        }
        const run = unspaced.replaceAll(MIDDLE_DOT, "");
        if (lower.includes(run)) add(run);
        else for (const term of tokens(run)) add(term);
      });
      found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
      const merged = [];
      for (const [from, to] of found) {
        const top = merged[merged.length - 1];
        if (top && from <= top[1]) top[1] = Math.max(top[1], to);
        else merged.push([from, to]);
      }
      return merged;
    };
    // ~160 characters around the first hit, as text nodes with <mark> around hits;
    // "…" where the page goes on (a block is a part of its page's text).
    const excerpt = (text, marks, before, after) => {
      const unit = (i) => (/[\udc00-\udfff]/.test(text[i] || "") ? i + 1 : i); // never split a surrogate pair
      const first = marks.length ? marks[0][0] : 0;
      let from = unit(Math.max(0, first - 50));
      const space = text.indexOf(" ", from);
      if (from > 0 && space >= 0 && space < first) from = space + 1;
      const to = unit(Math.min(text.length, from + 160));
      const p = document.createElement("p");
      if (from > 0 || before) p.append("… ");
      let at = from;
      for (const [start, end] of marks) {
        if (end <= from) continue;
        if (start >= to) break;
        if (start > at) p.append(text.slice(at, start));
        const mark = document.createElement("mark");
        mark.textContent = text.slice(Math.max(start, from), Math.min(end, to));
        p.append(mark);
        at = Math.min(end, to);
      }
      if (at < to) p.append(text.slice(at, to));
      if (to < text.length || after) p.append(" …");
      return p;
    };
    const result = (hit, query) => {
      const [url, title] = hit.page;
      const li = document.createElement("li");
      const a = document.createElement("a");
      const target = new URL(url, root);
      a.href = target.pathname;
      a.textContent = title || url;
      li.append(a);
      get(`${hit.k}/t${hit.i}-${hit.block}.json?v=${hit.version}`).then(({ text, anchors, more }) => {
        const marks = ranges(text, query);
        const heading = marks.length ? anchors.filter(([offset]) => offset <= marks[0][0]).pop() : undefined;
        if (heading) {
          target.hash = heading[1];
          a.href = target.pathname + target.hash;
          a.append(" › " + heading[2]);
        }
        li.append(excerpt(text, marks, hit.block > 0, more));
      });
      return li;
    };
    // "1 Ergebnis", "2 Ergebnisse": the page's CLDR plural category picks the form (see search.html).
    const plural = new Intl.PluralRules(document.documentElement.lang);
    const count = (n) => {
      const category = plural.select(n);
      const form = search.dataset["results" + category[0].toUpperCase() + category.slice(1)];
      return (form || search.dataset.results).replace("{n}", n);
    };
    const run = async () => {
      const query = input.value.trim();
      const ticket = ++latest;
      if (!query) { list.replaceChildren(); status.textContent = ""; return; }
      const hits = await find(query);
      if (ticket !== latest) return;
      list.replaceChildren(...hits.slice(0, SHOWN).map((hit) => result(hit, query)));
      status.textContent = count(hits.length);
    };
    search.hidden = false;
    document.querySelector(".search-needs-js").hidden = true;
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") run(); });
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
    const initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(); }
  }
})();

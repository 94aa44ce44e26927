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

  function place(ref, pop) {
    const box = ref.getBoundingClientRect();
    const body = document.body.getBoundingClientRect();
    const width = pop.offsetWidth;
    const viewLeft = -body.left + 8;
    const viewRight = -body.left + document.documentElement.clientWidth - 8;
    const left = Math.max(viewLeft, Math.min(box.left - body.left - width / 2, viewRight - width));
    pop.style.left = left + "px";
    pop.style.top = box.bottom - body.top + 6 + "px";
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
    if (event.key === "Escape" && open) { event.preventDefault(); close(true); }
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

  // -- Search page: Pagefind, loaded on first use ------------------------------------
  const search = document.querySelector(".search-form");
  if (search && location.protocol !== "file:") {
    const input = search.querySelector("input");
    const status = document.querySelector(".search-status");
    const list = document.querySelector(".search-results");
    let engine = null;
    let timer = 0;
    let latest = 0;

    const load = async () => {
      if (!engine) {
        engine = await import(new URL(search.dataset.bundle, location.href).href);
        await engine.options({ baseUrl: new URL(search.dataset.root, location.href).pathname });
        await engine.init();
      }
      return engine;
    };
    // Pagefind's excerpt is escaped text with <mark> around hits: keep exactly that.
    const excerpt = (html) => {
      const p = document.createElement("p");
      const doc = new DOMParser().parseFromString("<body>" + html, "text/html");
      for (const node of doc.body.childNodes) {
        if (node.nodeName === "MARK") {
          const mark = document.createElement("mark");
          mark.textContent = node.textContent;
          p.appendChild(mark);
        } else {
          p.appendChild(document.createTextNode(node.textContent));
        }
      }
      return p;
    };
    const run = async () => {
      const query = input.value.trim();
      const ticket = ++latest;
      if (!query) { list.replaceChildren(); status.textContent = ""; return; }
      const pf = await load();
      const found = await pf.search(query);
      const data = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
      if (ticket !== latest) return;
      list.replaceChildren(...data.map((d) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = d.url;
        a.textContent = d.meta.title || d.url;
        li.append(a, excerpt(d.excerpt));
        return li;
      }));
      status.textContent = search.dataset.results.replace("{n}", found.results.length);
    };
    search.hidden = false;
    document.querySelector(".search-needs-js").hidden = true;
    input.addEventListener("keydown", (event) => { if (event.key === "Enter") run(); });
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, 200); });
    const initial = new URLSearchParams(location.search).get("q");
    if (initial) { input.value = initial; run(); }
  }
})();

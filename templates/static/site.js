// Progressive enhancement only: every note is a plain link to the notes list,
// and everything works without this file. With it, a note opens as a popover
// beside its reference (hover, focus+Enter, or tap); Escape closes it and
// returns focus to the reference.
(() => {
  "use strict";
  let open = null;

  function close(restoreFocus) {
    if (!open) return;
    const { pop, ref } = open;
    pop.remove();
    ref.setAttribute("aria-expanded", "false");
    open = null;
    if (restoreFocus) ref.focus();
  }

  function show(ref) {
    if (open && open.ref === ref) return;
    close(false);
    const note = document.getElementById(ref.getAttribute("href").slice(1));
    if (!note) return;
    const pop = document.createElement("div");
    pop.className = "note-popover";
    pop.id = "popover-" + note.id;
    pop.setAttribute("role", "dialog");
    pop.setAttribute("aria-label", ref.getAttribute("aria-label") || ref.textContent);
    pop.tabIndex = -1;
    for (const child of note.children) pop.appendChild(child.cloneNode(true));
    for (const el of pop.querySelectorAll("[id]")) el.removeAttribute("id");
    document.body.appendChild(pop);
    const box = ref.getBoundingClientRect();
    const width = pop.offsetWidth;
    const left = Math.max(8, Math.min(window.scrollX + box.left - width / 2, window.scrollX + document.documentElement.clientWidth - width - 8));
    pop.style.left = left + "px";
    pop.style.top = window.scrollY + box.bottom + 8 + "px";
    ref.setAttribute("aria-expanded", "true");
    ref.setAttribute("aria-controls", pop.id);
    open = { pop, ref };
  }

  document.addEventListener("click", (event) => {
    const ref = event.target.closest('a[role="doc-noteref"]');
    if (ref) {
      event.preventDefault();
      if (open && open.ref === ref) { close(false); return; }
      show(ref);
      open.pop.focus();
      return;
    }
    if (open && !open.pop.contains(event.target)) close(false);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) { event.preventDefault(); close(true); }
  });
  document.addEventListener("mouseover", (event) => {
    const ref = event.target.closest && event.target.closest('a[role="doc-noteref"]');
    if (ref && window.matchMedia("(hover: hover)").matches) show(ref);
  });
})();

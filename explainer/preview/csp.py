"""The built site's Content Security Policy, widened just enough for the mkdocs-material preview.

The preview must run under the policy readers get (``render.CSP``: nothing from
another origin, no inline script or style) so that a page an editor opens cannot run
anything the content slipped in. mkdocs-material writes a few inline scripts of its
own (local-storage helpers, the palette, tab state) and ``mkdocs serve`` appends one
for live reload; each is allowed by its SHA-256 hash, computed from the theme's
templates or from the served response, never from the page's content. Nothing here
weakens any other directive.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Callable, Iterable
from typing import Any

from jinja2 import Environment
from markupsafe import escape

from ..site.render import CSP

THEME_SCRIPTS = ("partials/javascripts/base.html", "partials/javascripts/palette.html",
                 "partials/javascripts/content.html")
"""The mkdocs-material partials that write inline scripts with this ``mkdocs.yml``'s features."""
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_LIVE_RELOAD = re.compile(rb"\s*var livereload = function\(epoch, requestId\) \{.*\}\s*livereload\(\d+, \d+\);\s*", re.S)
"""The script ``mkdocs serve`` appends before ``</body>``; only its two numbers change."""
_POLICY_META = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")')

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def script_hash(source: str) -> str:
    """A CSP source that allows exactly this inline script."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def with_scripts(policy: str, sources: Iterable[str]) -> str:
    """``policy`` with ``sources`` added to its ``script-src`` (each once, in order), every other directive unchanged."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    out = []
    for directive in directives:
        if directive.split()[0] == "script-src":
            present = directive.split()
            directive = " ".join([*present, *(s for s in dict.fromkeys(sources) if s not in present)])
        out.append(directive)
    return "; ".join(out)


def theme_policy(env: Environment, context: dict[str, Any]) -> str:
    """The site's policy plus the hashes of the theme's inline scripts, rendered as this page will render them.

    The scripts depend only on the page's ``base_url``, ``config`` and ``features``,
    so rendering the partials from the same context gives the very bytes the page gets.
    """
    scope = {**context, "features": context["config"].theme.get("features") or []}
    scripts = [script for name in THEME_SCRIPTS for script in _INLINE_SCRIPT.findall(env.get_template(name).render(scope))]
    return with_scripts(CSP, [script_hash(s) for s in scripts])


def with_live_reload(page: bytes) -> bytes:
    """A served page whose policy also allows the live-reload script appended to it; anything else unchanged."""
    end = page.rfind(b"</body>")
    start = page.rfind(b"<script>", 0, end)
    if end < 0 or start < 0 or not page[:end].endswith(b"</script>"):
        return page
    script = page[start + len(b"<script>"):end - len(b"</script>")]
    if not _LIVE_RELOAD.fullmatch(script):
        return page
    allowed = script_hash(script.decode("utf-8"))
    return _POLICY_META.sub(lambda m: m[1] + str(escape(with_scripts(html.unescape(m[2].decode("utf-8")), [allowed])))
                            .encode("utf-8") + m[3], page, count=1)


def allow_live_reload(app: WsgiApp) -> WsgiApp:
    """WSGI middleware for ``mkdocs serve``: HTML responses get ``with_live_reload``."""
    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer: list[Any] = []
        body = app(environ, lambda status, headers, exc_info=None: answer.extend((status, headers)))
        status, headers = answer
        if not any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            start_response(status, headers)
            return body
        try:
            page = with_live_reload(b"".join(body))
        finally:
            getattr(body, "close", lambda: None)()
        headers = [(k, str(len(page)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(status, headers)
        return [page]
    return serve

"""Previews: ``serve`` (the live site, rebuilt on save) and the mkdocs-material preview
(``mkdocs_hooks``, with ``mkdocs_pages``, ``outline`` and ``csp`` for the theme's pages, headings and policy)."""

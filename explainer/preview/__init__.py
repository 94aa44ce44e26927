"""Previews: ``serve`` (the live site, rebuilt on save) and the mkdocs-material preview
(``mkdocs_hooks``, with ``mkdocs_pages`` and ``outline`` for the theme's pages and headings)."""

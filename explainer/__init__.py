"""Explainer: annotated, bilingual Markdown in ``content/`` → a static site and PDFs.

The pipeline runs one way, each stage in its own module:

    load (yaml_lines, frontmatter, load) → validate → render (markdown, notes, pages) → write

``pipeline.build_site`` strings the stages together; ``cli`` is the only place that
prints problems and picks exit codes.
"""

__version__ = "0.1.0"

"""Explainer: annotated, bilingual Markdown in ``content/`` → a static site and PDFs.

The core is one direction, ``content → files (path, bytes)``, one subpackage per stage:

    content   (model, load, validate)         files → the model, every problem with its line
    markdown  (dialect, notes)                the safe Markdown dialect and its numbered claim notes
    site      (pages, render, search, pdf…)   the model → every file; ``pages.PAGE_TYPES`` lists them

``pipeline.build_site`` strings the stages together and writes the output atomically.
``incremental`` is a layer on top: it records what each file read (at the content view
and the Jinja environment) so a rebuild redoes only what changed. ``workers`` is the one
way the build uses every core. ``preview`` holds ``build.py serve`` and the mkdocs
preview; ``translation_status`` the translators' report; ``cli`` is the only place that
prints problems and picks exit codes.
"""

__version__ = "0.1.0"

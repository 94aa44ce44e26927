"""Content loading and validation: ``content/`` → the model, every problem with its file and line.

``model`` (the frozen records and ``Content``), ``load`` (one file at a time: schema, ids,
dates; ``yaml_lines`` and ``frontmatter`` keep line numbers), ``validate`` (rules across
files), ``strings`` (the interface strings every template needs).
"""

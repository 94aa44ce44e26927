"""Site rendering and outputs: the model → files ``(path, bytes)``.

``pages`` (the registry of page types), ``render`` (what every page shares: Jinja, the
common context, the navigation), ``charts``, ``urls``, ``writing_systems`` (the ``lang`` of a
foreign passage), ``dates`` and ``typography`` (as each language writes them),
``social_cards``, ``search`` and ``search_index`` (the static index), ``print_doc``,
``print_links`` and ``pdf`` (the print document and its PDFs), ``write`` (atomic output).
"""

"""The Markdown dialect and its notes.

``dialect`` parses (safe CommonMark, footnotes, tables, ``lang`` spans, refused links);
``notes`` renders one parsed body for one page: numbered claim notes, glossary links, charts.
"""

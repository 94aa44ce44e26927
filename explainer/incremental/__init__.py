"""Incremental builds, a layer over the core: what each file read, and what changed since.

``tracking`` (the content view and Jinja environment that record every read),
``fingerprints`` (a hash per key), ``cache`` (the load cache and the state between builds).
"""

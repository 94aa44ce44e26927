#!/usr/bin/env python3
"""Build the explainer site: ``python build.py --help``."""

from explainer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

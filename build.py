#!/usr/bin/env python3
"""Build the explainer site: ``python build.py --help``."""

import gc

from explainer.cli import main

if __name__ == "__main__":
    code = main()
    # The process ends here. Frozen objects are left out of the interpreter's last garbage
    # collection, which would otherwise walk a big site's whole content model (~20 ms at 500 articles).
    gc.freeze()
    raise SystemExit(code)

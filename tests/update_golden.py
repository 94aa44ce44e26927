"""Regenerate tests/golden/minimal after an intended change to the output.

    .venv/bin/python tests/update_golden.py && git diff --stat tests/golden
"""

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "minimal"

if __name__ == "__main__":
    shutil.rmtree(GOLDEN, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE.parent / "build.py"), "build", "-q", "--content",
                    str(HERE / "sites" / "minimal"), "--out", str(GOLDEN)], check=True,
                   env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "0"})
    (GOLDEN / ".explainer-site").unlink()
    print(f"wrote {GOLDEN}")

"""Importing the media package or the CLI loads no NER model and no HTML extractor."""

from __future__ import annotations

import subprocess
import sys


def test_heavy_imports_are_lazy() -> None:
    code = (
        "import sys\nimport laborscreen.media, laborscreen.media.ingest, laborscreen.cli\n"
        "print(','.join(m for m in ('natasha', 'slovnet', 'navec', 'trafilatura', 'razdel')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""

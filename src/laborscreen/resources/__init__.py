"""Reference data (YAML/CSV) with its sources noted in each file, loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def load_yaml(name: str) -> Any:
    """Parse ``resources/<name>`` once per process."""
    with resources.files(__name__).joinpath(name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)

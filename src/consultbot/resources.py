"""Find the folders consultbot ships with: templates, migrations and the example knowledge.

An installed wheel carries them inside the package (``consultbot/templates``,
``consultbot/migrations``, ``consultbot/example_knowledge``: pyproject.toml's force-include
copies the checkout's top-level folders there), and importlib.resources finds them wherever the
package was installed. An editable install from a checkout (``make run``, ``make test``) has no
copies inside ``src/consultbot``; there the checkout's own top-level folders are the package's
resources, so an edited template or a new migration counts at once, without reinstalling.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

from consultbot.errors import ConfigError

# Name inside the installed package -> name of the top-level folder in a checkout.
SHIPPED_FOLDERS = {
    "templates": "templates",
    "migrations": "migrations",
    "example_knowledge": "knowledge",
}


def templates_dir() -> Path:
    """Return the folder of the Jinja2 templates (dashboard and demo pages)."""
    return shipped_folder("templates")


def migrations_dir() -> Path:
    """Return the Alembic environment folder (env.py and versions/)."""
    return shipped_folder("migrations")


def example_knowledge_dir() -> Path:
    """Return the example knowledge (the Django-vs-FastAPI pages) that `consultbot init` copies."""
    return shipped_folder("example_knowledge")


def checkout_root() -> Path | None:
    """Return the checkout consultbot runs from (an editable install), or None if installed."""
    package = _package_folder()
    root = package.parent.parent
    if package.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


@functools.cache
def shipped_folder(name: str) -> Path:
    """Return the shipped folder ``name`` (a key of SHIPPED_FOLDERS) as a path on disk."""
    packaged = _package_folder() / name
    if packaged.is_dir():
        return packaged
    root = checkout_root()
    if root is not None and (root / SHIPPED_FOLDERS[name]).is_dir():
        return root / SHIPPED_FOLDERS[name]
    raise ConfigError(
        f"consultbot is installed without its {name.replace('_', ' ')} folder (looked for "
        f"{packaged}): reinstall it from a wheel (pip install consultbot, or a wheel built with "
        "`pip wheel .` in a checkout), or with `pip install -e .` inside a checkout"
    )


def _package_folder() -> Path:
    package = files("consultbot")
    if not isinstance(package, Path):
        # Templates and migrations are read by Jinja2 and Alembic as plain files.
        raise ConfigError(
            f"consultbot must be installed as files on disk, not inside an archive ({package})"
        )
    return package

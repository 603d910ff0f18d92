"""Parse one setting's value by its kind: one parser per kind, the same rules for every setting.

A parser takes the raw value (a string from the environment, or whatever a test or the app
factory passed) and the setting's environment variable, and returns the typed value or raises
ConfigError saying ``NAME must ... (got 'value')``. The factories below (``integer(low=1)``,
``choice("text", "json")``...) return such parsers, so the table in ``settings.py`` reads as
one kind per setting.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from consultbot.errors import ConfigError

Parser = Callable[[Any, str], Any]

TRUE_SPELLINGS = ("1", "true", "yes", "on")
FALSE_SPELLINGS = ("0", "false", "no", "off")
FLAG_VALUES = "1 or 0 (or true/false, yes/no, on/off, in any case)"
SUPPORTED_DATABASES = ("sqlite", "postgresql")
ORIGIN = re.compile(
    r"https?://(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)
_HOST = re.compile(r"\.?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?|\[[0-9a-f:.]+\](:\d{1,5})?")


def refuse(name: str, what: str, value: Any) -> ConfigError:
    """Return the error for a value of ``name`` that is not ``what`` (a verb phrase)."""
    return ConfigError(f"{name} must {what} (got {value!r})")


def flag(value: Any, name: str) -> bool:
    """Parse an on/off setting: 1/0, true/false, yes/no, on/off in any case; nothing else."""
    text = str(value).strip().lower()
    if text in TRUE_SPELLINGS:
        return True
    if text in FALSE_SPELLINGS:
        return False
    raise refuse(name, f"be {FLAG_VALUES}", value)


def integer(low: int, high: int | None = None, what: str = "") -> Parser:
    """Return a parser of whole numbers from ``low`` (to ``high``, when given)."""
    if not what:
        what = f"a whole number of at least {low}" if high is None else f"from {low} to {high}"

    def parse(value: Any, name: str) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise refuse(name, f"be {what}", value) from None
        if number < low or (high is not None and number > high):
            raise refuse(name, f"be {what}", value)
        return number

    return parse


def duration(
    unit: str, low: float | None = None, high: float | None = None, *, above: bool = False
) -> Parser:
    """Return a parser of a number of ``unit`` from ``low`` (excluded if ``above``) to ``high``."""
    what = f"be a number of {unit}"
    if low is not None and high is not None:
        what += f" between {low:g} and {high:g}" if above else f" from {low:g} to {high:g}"

    def parse(value: Any, name: str) -> float:
        try:
            number = float(str(value).strip())
        except ValueError:
            raise refuse(name, what, value) from None
        too_low = low is not None and (number <= low if above else number < low)
        if math.isnan(number) or too_low or (high is not None and number > high):
            raise refuse(name, what, value)
        return number

    return parse


def choice(
    *values: str,
    also: Sequence[str] = (),
    upper: bool = False,
    optional: bool = False,
    what: str = "",
) -> Parser:
    """Return a parser of one of ``values`` in any case (``also``: accepted, not advertised).

    With ``optional``, an empty value is kept empty: the caller picks the default.
    """
    what = what or f"be one of {', '.join(values)}"

    def parse(value: Any, name: str) -> str:
        text = str(value or "").strip()
        text = text.upper() if upper else text.lower()
        if optional and not text:
            return ""
        if text not in values and text not in also:
            raise refuse(name, what, text if upper else value)
        return text

    return parse


def text(*, longest: int | None = None) -> Parser:
    """Return a parser of free text; with ``longest``, stripped and 1 to ``longest`` characters.

    Unbounded text (secrets, user names, host names) is kept exactly as given.
    """

    def parse(value: Any, name: str) -> Any:
        if longest is None:
            return value
        stripped = str(value).strip()
        if not stripped or len(stripped) > longest:
            raise refuse(name, f"be a short text of 1-{longest} characters", stripped)
        return stripped

    return parse


def pattern(regex: str, what: str, *, optional: bool = False, lower: bool = False) -> Parser:
    """Return a parser of text matching ``regex`` whole (empty allowed when ``optional``)."""
    compiled = re.compile(regex)

    def parse(value: Any, name: str) -> str:
        stripped = str(value).strip()
        if optional and not stripped:
            return ""
        if not compiled.fullmatch(stripped):
            raise refuse(name, what, stripped)
        return stripped.lower() if lower else stripped

    return parse


def url(*prefixes: str, what: str = "") -> Parser:
    """Return a parser of an optional URL starting with one of ``prefixes`` (empty: off)."""
    what = what or f"start with {', '.join(prefixes[:-1])} or {prefixes[-1]}"

    def parse(value: Any, name: str) -> str:
        stripped = str(value or "").strip()
        if stripped and not stripped.startswith(prefixes):
            raise refuse(name, what, stripped)
        return stripped

    return parse


def web_url(value: Any, name: str) -> str:
    """Parse an optional http:// or https:// URL with a host (empty: off)."""
    address = str(value)
    if address and not re.match(r"https?://[^/\s]+", address):
        raise refuse(name, "be an http:// or https:// URL", address)
    return address


def origin(value: Any, name: str) -> str:
    """Parse an optional origin (scheme and host, no path), lower-cased, trailing slash dropped."""
    address = str(value or "").strip().rstrip("/")
    if address and not ORIGIN.fullmatch(address):
        raise refuse(
            name,
            "be the service's own origin, like https://chat.example.com (scheme and host, no path)",
            address,
        )
    return address.lower()


def origin_list(value: str | Sequence[str], name: str) -> tuple[str, ...]:
    """Parse comma-separated origins, each ``scheme://host[:port]`` and nothing more."""
    items = value.split(",") if isinstance(value, str) else list(value)
    origins = []
    for item in (str(raw).strip() for raw in items):
        if not item:
            continue
        if not ORIGIN.fullmatch(item):
            raise refuse(
                name,
                "list origins like https://www.example.com (scheme and host, an optional port, "
                "no path or trailing slash)",
                item,
            )
        origins.append(item.lower())
    return tuple(dict.fromkeys(origins))


def host_list(value: str | Sequence[str] | None, name: str) -> list[str]:
    """Parse comma-separated host names (``.example.com`` for any subdomain), lower-cased."""
    hosts = [
        h.strip().lower() for h in (value.split(",") if isinstance(value, str) else value or [])
    ]
    hosts = [host for host in hosts if host]
    for host in hosts:
        if not _HOST.fullmatch(host):
            raise refuse(
                name,
                "list host names like chat.example.com or .example.com (any subdomain), "
                "comma-separated",
                host,
            )
    return hosts


def directory(value: Any, name: str) -> Path:
    """Parse a folder's path, made absolute against the working directory."""
    return Path(value).resolve()


def database_url(value: Any, name: str) -> str:
    """Check the URL names a supported database; plain postgres:// URLs get the psycopg driver."""
    url = str(value)
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix) :]
    hint = (
        f"set {name} to e.g. sqlite:////absolute/path/consultbot.sqlite3 or "
        "postgresql+psycopg://user:password@host:5432/dbname"
    )
    shown = hide_password(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise ConfigError(f"{name} is not a database URL (got {shown!r}): {hint}") from None
    if parsed.get_backend_name() not in SUPPORTED_DATABASES:
        raise ConfigError(
            f"{name} names the {parsed.get_backend_name()!r} database, which consultbot "
            f"does not support (got {shown!r}): {hint}"
        )
    driver = url.split("://", 1)[0].partition("+")[2]
    if parsed.get_backend_name() == "postgresql" and driver != "psycopg":
        raise ConfigError(
            f"{name} uses the driver {driver!r}; consultbot talks to PostgreSQL through "
            f"psycopg 3 (got {shown!r}): write postgresql+psycopg://..."
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise ConfigError(
            f"{name} must name a SQLite file, not an in-memory database (got {shown!r}): "
            "every worker must see the same data"
        )
    return url


def hide_password(url: str) -> str:
    """Replace the password in a URL, parseable or not, so messages never show it."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)

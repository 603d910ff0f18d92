"""Read an email address a visitor typed: validate it, suggest a fix for a typo, key it per person.

Validation is the ``email-validator`` library's (RFC 5322 syntax, internationalised domains,
Unicode normalisation), without network look-ups. On top of it, a "did you mean" for the typos
people make in common domains and top-level domains ("startup.cmo", "gmial.com"), and a refusal
of look-alikes: a part mixing alphabets ("аda" with a Cyrillic "а"), or a local part written in
full-width or other compatibility letters ("ａｄａ", which reads as "ada"). The key per person
is NFKC-normalised as well, so no path can make two leads of one address.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from consultbot.dialogue.scripts import find_mixed_letter

MAX_EMAIL_CHARS = 254  # the longest address SMTP carries (RFC 5321)
MAX_LOCAL_CHARS = 64  # the longest part before the @ (RFC 5321)
# The email_key column's width: lower-casing can lengthen a few characters ("İ" → "i̇").
MAX_KEY_CHARS = 320
# An address, with a quoted part before the @ taken whole ('"ada l"@example.com').
_CANDIDATE = re.compile(r'"[^"@]*"@\S*|\S*@\S*')
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<", '"': '"', "'": "'"}
_TRAILING = ".,;:!?)]}>\"'"
_LEADING = "([{<\"'"
# Mistyped top-level domains and what was meant; only mistakes that are not real TLDs.
TLD_TYPOS = {
    "cmo": "com", "con": "com", "cm": "com", "comm": "com", "cpm": "com", "vom": "com",
    "xom": "com", "ocm": "com", "om": "com", "c0m": "com", "coom": "com", "cim": "com",
    "nte": "net", "nett": "net", "ner": "net", "ogr": "org", "orgg": "org", "prg": "org",
    "og": "org", "oi": "io", "ip": "io", "couk": "co.uk", "co.k": "co.uk", "cu.uk": "co.uk",
}  # fmt: skip
# Mail providers people mistype; a domain close to one of these gets a suggestion.
COMMON_DOMAINS = (
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de",
    "web.de", "yandex.ru", "mail.ru", "fastmail.com", "zoho.com",
)  # fmt: skip
DOMAIN_CLOSENESS = 0.85


@dataclass(frozen=True, slots=True)
class EmailCheck:
    """What the text holds: a usable address, a suggested fix, or what is wrong with it."""

    address: str | None = None
    problem: str | None = None
    suggestion: str | None = None


def check_email(text: str) -> EmailCheck:
    """Find the address in the text and check it; a likely typo comes back with a suggestion."""
    candidates = [_trim(found) for found in _CANDIDATE.findall(text)]
    candidates = [found for found in candidates if found]
    if not candidates:
        return EmailCheck(
            problem="I couldn't find an email address in that (like name@company.com)"
        )
    if len(candidates) > 1:
        return EmailCheck(problem="that holds more than one address; please give just one")
    candidate = candidates[0]
    if len(candidate) > MAX_EMAIL_CHARS:
        return EmailCheck(problem=f"that address is longer than {MAX_EMAIL_CHARS} characters")
    local, _, domain = candidate.rpartition("@")
    if not local:
        return EmailCheck(problem="that address has nothing before the @ (like name@company.com)")
    if not domain:
        return EmailCheck(
            problem="that address has nothing after the @; it needs a domain like example.com"
        )
    if len(local) > MAX_LOCAL_CHARS:
        return EmailCheck(
            problem=f"the part before the @ is longer than {MAX_LOCAL_CHARS} characters"
        )
    try:
        valid = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        return EmailCheck(problem=f"{candidate!r} is not a valid address: {_sentence(error)}")
    address = valid.normalized
    mixed = _mixed_alphabets(address) or _compatibility_letters(address)
    if mixed is not None:
        return EmailCheck(problem=mixed)
    if len(address) > MAX_EMAIL_CHARS:
        return EmailCheck(problem=f"that address is longer than {MAX_EMAIL_CHARS} characters")
    if len(email_key(address)) > MAX_KEY_CHARS:
        return EmailCheck(problem="that address is too long once written in lower case")
    suggestion = suggest_fix(address)
    return EmailCheck(address=address, suggestion=suggestion)


def email_key(address: str) -> str:
    """Return the one key per person for an address: trimmed, NFKC-normalised and case-folded.

    Mail servers may treat the local part's case as significant, but people do not: "Ada@x.com"
    and "ada@x.com" are one person in sales' eyes, so they share a lead; so do "ａｄａ@x.com"
    and "ada@x.com", which read the same.
    """
    return unicodedata.normalize("NFKC", address.strip()).casefold()


def suggest_fix(address: str) -> str | None:
    """Return the address with a likely domain or top-level-domain typo fixed, if it has one."""
    local, _, domain = address.rpartition("@")
    lowered = domain.lower()
    for typo, meant in TLD_TYPOS.items():
        if lowered.endswith("." + typo):
            return f"{local}@{lowered[: -len(typo)]}{meant}"
    if lowered in COMMON_DOMAINS:
        return None
    close = difflib.get_close_matches(lowered, COMMON_DOMAINS, n=1, cutoff=DOMAIN_CLOSENESS)
    return f"{local}@{close[0]}" if close else None


def _mixed_alphabets(address: str) -> str | None:
    """Say what to fix when the local part or a domain label mixes alphabets (a look-alike).

    Each domain label is registered on its own ("παράδειγμα.gr" is Greek under a Latin TLD).
    """
    local, _, domain = address.rpartition("@")
    for part in (local, *domain.split(".")):
        found = find_mixed_letter(part)
        if found is not None:
            return (
                f"that address mixes letters from different alphabets ({found.script} "
                f'{found.letter} in "{found.word}"); please type it again'
            )
    return None


def _compatibility_letters(address: str) -> str | None:
    """Say what to fix when the local part holds full-width or compatibility letters ("ａｄａ").

    The domain needs no check: ``email-validator`` normalises it (IDNA maps "ｅｘａｍｐｌｅ" to
    "example"), but it keeps the local part as typed, which would read like another address.
    """
    local = address.rpartition("@")[0]
    for letter in local:
        if unicodedata.normalize("NFKC", letter) != letter:
            return (
                f'that address has full-width or other look-alike letters ("{letter}" in '
                f'"{local}"); please type it again with ordinary letters'
            )
    return None


def _trim(found: str) -> str:
    """Drop the punctuation around an address, keeping brackets and quotes that belong to it.

    "(ada@x.com)." loses its brackets and full stop; "ada@[127.0.0.1]" and '"ada l"@x.com'
    keep theirs, so a refusal quotes the address as typed, not half of it.
    """
    while True:
        before = found
        if len(found) > 1 and _PAIRS.get(found[-1]) == found[0]:
            found = found[1:-1]
        while found and found[-1] in _TRAILING and not _closes(found):
            found = found[:-1]
        while found and found[0] in _LEADING and not _opens(found):
            found = found[1:]
        if found == before:
            return found


def _closes(found: str) -> bool:
    """Tell whether the last character closes a bracket or a quote opened inside the text."""
    closer = found[-1]
    opener = _PAIRS.get(closer)
    if opener is None:
        return False
    if opener == closer:
        return found.count(closer) % 2 == 0
    return found.count(opener) >= found.count(closer)


def _opens(found: str) -> bool:
    """Tell whether the first character opens a bracket or a quote closed inside the text."""
    opener = found[0]
    closer = next((c for c, o in _PAIRS.items() if o == opener), None)
    if closer is None:
        return False
    if opener == closer:
        return found.count(opener) % 2 == 0
    return found.count(closer) >= found.count(opener)


# The validator's reasons, in a visitor's words (its own speak of display names and quoting).
_PLAIN = (
    (re.compile(r"invalid characters.*?: (.+?)\.?$"), "an address can't contain {0}"),
    (re.compile(r"should have a period"), "the part after the @ needs a dot, as in company.com"),
    (re.compile(r"top-level domain"), "the part after the @ doesn't end like a real domain (.com)"),
    (re.compile(r"bracketed IP", re.I), "it needs a domain name after the @, not an IP address"),
    (re.compile(r"special-use or reserved"), "that domain can't receive email"),
    (re.compile(r"angle bracket"), "an address can't contain '<' or '>'"),
)
# Words no visitor should have to read; a reason holding one is replaced by a plain one.
_JARGON = re.compile(r"display name|quoted|IDNA|Unicode|RFC|code point|ASCII|SMTPUTF8|label", re.I)
PLAIN_INVALID = "that isn't how an email address is written (like name@company.com)"


def _sentence(error: EmailNotValidError) -> str:
    """Say why an address was refused in plain words: what it can't contain, what it needs."""
    message = str(error).strip()
    for pattern, plain in _PLAIN:
        found = pattern.search(message)
        if found:
            return plain.format(*found.groups())
    if _JARGON.search(message):
        return PLAIN_INVALID
    message = message.replace("@-sign", "@").replace("periods", "dots").replace("period", "dot")
    return message[:1].lower() + message[1:].rstrip(".")

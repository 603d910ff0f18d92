"""Email addresses as visitors type them: each a clear acceptance or a clear reason to re-ask."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consultbot.dialogue.email_address import (
    MAX_KEY_CHARS,
    check_email,
    email_key,
    suggest_fix,
)

LONGEST = "e" * 64 + "@" + "d" * 63 + "." + "d" * 63 + "." + "d" * 57 + ".com"

ACCEPTED = [
    ("ada@example.com", "ada@example.com"),
    ("my email is Ada@Example.COM.", "Ada@example.com"),
    ("<ada@example.com>", "ada@example.com"),
    ("(ada@example.com)", "ada@example.com"),
    ("ada+consulting@example.com", "ada+consulting@example.com"),
    ("ada.lovelace@mail.example.co.uk", "ada.lovelace@mail.example.co.uk"),
    ("ada@bücher.de", "ada@bücher.de"),
    ("İİİ@example.com", "İİİ@example.com"),
    ("o'brien@example.ie", "o'brien@example.ie"),
    (LONGEST, LONGEST),
]
REFUSED = [
    ("", "I couldn't find an email address"),
    ("ada", "I couldn't find an email address"),
    ("ada at example dot com", "I couldn't find an email address"),
    ("@example.com", "nothing before the @"),
    ("ada@", "nothing after the @"),
    ("ada@localhost", "the part after the @ needs a dot"),
    ("ada@example", "needs a dot, as in company.com"),
    ("ada..lovelace@example.com", "cannot have two dots in a row"),
    ("ada@-example.com", "hyphen"),
    ("ada@exa_mple.com", "an address can't contain '_'"),
    ("ada@@example.com", "an address can't contain '@'"),
    ("ada@123.123.123.123", "doesn't end like a real domain"),
    ("ada@example.com, bob@example.com", "more than one address"),
    ('"><script>alert(1)</script>@evil.com', "an address can't contain '>'"),
    ("(ada)@example.com", "an address can't contain '(', ')'"),
    ("ada@x.invalid", "that domain can't receive email"),
    ("ada.l@[127.0.0.1]", "a domain name after the @, not an IP address"),
    ("e" * 65 + "@example.com", "longer than 64 characters"),
    ("İ" * 65 + "@example.com", "longer than 64 characters"),
    ("e" * 64 + "@" + "d" * 190 + ".com", "longer than 254 characters"),
    ("ada@" + "d" * 64 + ".com", "1 character too many"),
]


@pytest.mark.parametrize(("text", "address"), ACCEPTED)
def test_a_valid_address_is_taken_normalised(text: str, address: str) -> None:
    found = check_email(text)
    assert (found.address, found.problem) == (address, None)


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_an_invalid_address_is_refused_with_the_reason(text: str, reason: str) -> None:
    found = check_email(text)
    assert found.address is None and found.problem is not None
    assert reason in found.problem


def test_there_are_more_than_twenty_edge_cases() -> None:
    assert len(ACCEPTED) + len(REFUSED) > 21


@pytest.mark.parametrize(
    ("address", "meant"),
    [
        ("bob@startup.cmo", "bob@startup.com"),
        ("bob@startup.con", "bob@startup.com"),
        ("bob@startup.nte", "bob@startup.net"),
        ("bob@startup.ogr", "bob@startup.org"),
        ("bob@gmial.com", "bob@gmail.com"),
        ("bob@hotmial.com", "bob@hotmail.com"),
        ("bob@outlok.com", "bob@outlook.com"),
        ("bob@startup.com", None),
        ("bob@gmail.com", None),
        ("bob@startup.co", None),
    ],
)
def test_a_likely_typo_in_the_domain_gets_a_suggestion(address: str, meant: str | None) -> None:
    assert suggest_fix(address) == meant
    assert check_email(address).suggestion == meant


def test_an_address_that_grows_when_lower_cased_still_fits_its_key() -> None:
    address = "İ" * 64 + "@example.com"
    key = email_key(address)
    assert len(key) > len(address) and len(key) <= MAX_KEY_CHARS
    assert check_email(address).address == address


@given(st.text(max_size=300))
def test_any_text_is_accepted_or_refused_with_a_reason(text: str) -> None:
    found = check_email(text)
    assert (found.address is None) != (found.problem is None)
    if found.address is not None:
        assert len(found.address) <= 254 and len(email_key(found.address)) <= MAX_KEY_CHARS


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("аda.lovelace@example.com", '(Cyrillic а in "аda")'),  # U+0430 in the local part
        ("ada.lovelace@exаmple.com", '(Cyrillic а in "exаmple")'),  # ...and in the domain
        ("ada@exαmple.com", '(Greek α in "exαmple")'),
        ("pаypal@example.com", '(Cyrillic а in "pаypal")'),
    ],
)
def test_an_address_mixing_alphabets_is_refused_with_the_letter_to_fix(
    text: str, reason: str
) -> None:
    found = check_email(text)
    assert found.address is None and found.problem is not None
    assert "mixes letters from different alphabets " + reason in found.problem
    assert found.problem.endswith("please type it again")


@pytest.mark.parametrize(
    "address",
    [
        "ada.lovelace@example.com",
        "ада@пример.рф",  # Cyrillic throughout
        "ada@пример.рф",  # a Latin local part at a Cyrillic domain: each part one script
        "αλφα@παράδειγμα.gr",
        "田中たろう@例え.jp",  # Japanese: Han with kana is one writing system
        "taro田中@example.jp",  # Latin with Han, as Japanese addresses are written
        "ada@bücher.de",
    ],
)
def test_an_address_in_one_alphabet_per_part_is_accepted(address: str) -> None:
    assert check_email(address).address == address


@pytest.mark.parametrize(
    ("text", "letter"),
    [("ａｄａ.l@example.com", '"ａ" in "ａｄａ.l"'), ("ada.ｌ@example.com", '"ｌ" in "ada.ｌ"'),
     ("ﬁona@example.com", '"ﬁ" in "ﬁona"')],
)  # fmt: skip
def test_a_full_width_or_compatibility_look_alike_is_refused_with_the_letter(
    text: str, letter: str
) -> None:
    found = check_email(text)
    assert found.address is None and found.problem is not None
    assert letter in found.problem and "full-width" in found.problem


def test_a_full_width_domain_is_normalised_as_before() -> None:
    assert check_email("ada.l@ｅｘａｍｐｌｅ.com").address == "ada.l@example.com"


@pytest.mark.parametrize(
    ("address", "key"),
    [("ａｄａ.l@example.com", "ada.l@example.com"), (" Ada.L@Example.com ", "ada.l@example.com"),
     ("ада@пример.рф", "ада@пример.рф")],
)  # fmt: skip
def test_the_key_is_one_per_person_whatever_the_width_or_case(address: str, key: str) -> None:
    assert email_key(address) == key


@pytest.mark.parametrize(
    ("text", "quoted"),
    [('"ada l"@example.com', """'"ada l"@example.com'"""),
     ("ada.l@[127.0.0.1]", "'ada.l@[127.0.0.1]'"),
     ("my address is ada.l@[127.0.0.1].", "'ada.l@[127.0.0.1]'")],
)  # fmt: skip
def test_a_refused_address_is_quoted_whole(text: str, quoted: str) -> None:
    found = check_email(text)
    assert found.address is None and found.problem is not None
    assert found.problem.startswith(f"{quoted} is not a valid address")


@pytest.mark.parametrize(
    "text", ["(ada@example.com)", "<ada@example.com>.", '"ada@example.com"', "[ada@example.com]"]
)
def test_brackets_and_quotes_around_an_address_are_still_dropped(text: str) -> None:
    assert check_email(text).address == "ada@example.com"


@pytest.mark.parametrize("text", [t for t, _ in REFUSED])
def test_no_refusal_speaks_the_validators_jargon(text: str) -> None:
    problem = check_email(text).problem or ""
    for jargon in ("display name", "quoted", "@-sign", "period", "IDNA"):
        assert jargon not in problem, problem

"""Tell whether a budget answer names an amount of money, in any currency or in words.

"¥1,000,000", "1,000,000 yen", "₹5,00,000", "CHF 80'000", "1.000.000 €", "ten thousand
dollars", "fifty grand" all name an amount; "by Q3", "flexible", a bare "10" do not, and
neither does an amount of nothing ("$0"), below nothing ("-50k") or past any project's budget
("$1,000,000,000,000,000"). Read on the visitor's own text, so currency signs and digit
groupings ("5,00,000", "80'000", "1.000.000") reach it as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SIGNS = "$€£¥₹₩₽₺₪₫₱฿₴₦"
_CURRENCIES = (
    r"usd|eur|gbp|jpy|cny|rmb|inr|chf|cad|aud|nzd|sek|nok|dkk|pln|brl|mxn|sgd|hkd|zar|krw|rub|"
    r"dollars?|bucks|euros?|pounds?|quid|yen|yuan|renminbi|rupees?|francs?|kronor|kroner|krona|"
    r"zloty|reais|reals?|pesos?|won|rubles?|roubles?"
)
_SCALES = r"k|m|mn|mm|bn|thousand|million|billion|grand|lakhs?|crores?"
_NUMBER_WORDS = (
    r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a few|several"
)
_DIGITS = r"\d(?:[\d,.' \u00a0\u202f]*\d)?"
_AMOUNT = re.compile(
    rf"[{re.escape(_SIGNS)}]\s*\d"  # ¥1,000,000
    rf"|\b(?:{_CURRENCIES})\s*{_DIGITS}"  # CHF 80'000
    rf"|{_DIGITS}\s*(?:{_SCALES}|{_CURRENCIES})\b"  # 1,000,000 yen, 150k
    rf"|\b(?:(?:{_NUMBER_WORDS})[\s-]+)+(?:hundred|thousand|million|billion|grand|lakhs?|crores?"
    rf"|{_CURRENCIES})\b",  # ten thousand dollars, fifty grand
    re.IGNORECASE,
)


# More than this is no budget for a project: a joke or a typo, not understood.
MAX_AMOUNT = 10_000_000_000
_SCALE_VALUES = {"k": 10**3, "thousand": 10**3, "grand": 10**3, "m": 10**6, "mn": 10**6,
                 "mm": 10**6, "million": 10**6, "bn": 10**9, "billion": 10**9,
                 "lakh": 10**5, "lakhs": 10**5, "crore": 10**7, "crores": 10**7}  # fmt: skip
_MINUS = r"(?P<minus>[-−–]|minus\s)?\s*"
_FIGURE = re.compile(
    rf"(?<![\w.,]){_MINUS}(?P<before>[{re.escape(_SIGNS)}]|\b(?:{_CURRENCIES})\b)?\s*"
    rf"(?P<number>\d(?:[\d,.' \u00a0\u202f]*\d)?)\s*"
    rf"(?P<scale>(?:{_SCALES})\b)?\s*(?P<after>[{re.escape(_SIGNS)}]|(?:{_CURRENCIES})\b)?",
    re.IGNORECASE,
)
_GROUPED = re.compile(r"\d{1,3}(?P<sep>[,.' \u00a0\u202f])(?:\d{2,3}(?P=sep))*\d{3}")


@dataclass(frozen=True, slots=True)
class AmountReading:
    """The amounts of money a text names, and whether it wrote one that is no budget."""

    amounts: tuple[int, ...] = ()
    unusable: bool = False


def read_amounts(text: str) -> AmountReading:
    """Read the amounts written in figures with a currency or a scale ("$60k", "1.000.000 €").

    A bare number is not money; a negative, a zero or an absurd amount is ``unusable``.
    """
    amounts: list[int] = []
    unusable = False
    for found in _FIGURE.finditer(text):
        if not (found.group("before") or found.group("scale") or found.group("after")):
            continue
        value = _number(found.group("number").strip(), bool(found.group("scale")))
        if value is None:
            unusable = True
            continue
        scale = (found.group("scale") or "").lower()
        amount = value * _SCALE_VALUES.get(scale, 1)
        if found.group("minus") or amount < 1 or amount > MAX_AMOUNT:
            unusable = True
        else:
            amounts.append(int(amount))
    return AmountReading(tuple(amounts), unusable)


def _number(written: str, scaled: bool) -> float | None:
    """Read "1,000,000", "1.000.000", "80'000", "5,00,000", "1.5", "50,5" as a number."""
    compact = re.sub(r"[\s\u00a0\u202f']", "", written) if "'" in written else written
    if _GROUPED.fullmatch(compact) and not (scaled and compact.count(compact[-4]) == 1):
        return float(re.sub(r"\D", "", compact))
    cents = re.fullmatch(r"(?P<whole>.+)(?P<mark>[.,])\d{1,2}", compact)
    if cents and _GROUPED.fullmatch(cents["whole"]) and cents["mark"] not in cents["whole"]:
        return float(re.sub(r"\D", "", cents["whole"]))  # "1.000.000,50": the cents dropped
    compact = re.sub(r"[\s\u00a0\u202f]", "", compact)
    if re.fullmatch(r"\d+", compact):
        return float(compact)
    decimal = re.fullmatch(r"(\d+)[.,](\d{1,2}|\d{4,})", compact)
    if decimal is None and scaled:
        decimal = re.fullmatch(r"(\d+)[.,](\d+)", compact)
    if decimal is not None:
        return float(f"{decimal.group(1)}.{decimal.group(2)}")
    return None


def names_an_amount(text: str) -> bool:
    """Return True if the text names an amount of money (one a budget can be)."""
    reading = read_amounts(text)
    if reading.amounts:
        return True
    return not reading.unusable and bool(_AMOUNT.search(text))

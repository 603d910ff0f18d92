"""Tell whether a budget answer names an amount of money, in any currency or in words.

"¥1,000,000", "1,000,000 yen", "₹5,00,000", "CHF 80'000", "ten thousand dollars", "fifty
grand" all name an amount; "by Q3", "flexible", a bare "10" do not. Read on the visitor's own
text, so currency signs and digit groupings ("5,00,000", "80'000") reach it as typed.
"""

from __future__ import annotations

import re

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


def names_an_amount(text: str) -> bool:
    """Return True if the text names an amount of money."""
    return bool(_AMOUNT.search(text))

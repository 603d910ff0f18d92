"""Read a reply to the consent question: only an unambiguous yes counts as yes.

A reply is *yes* when it holds a yes and nothing that takes it back: no negation ("no", "not",
"don't", "never"...), no hedge ("maybe", "but", "only if"...), and it is not itself a question.
It is *no* when it holds a negation and no yes ("absolutely not" is a no: the intensifier
alone is not a yes) and nothing that takes the no back or doubts it ("no wait", "oops").
Anything else, a mix of both included ("yeah no", "yes but don't store it"), is *unclear*, and
the visitor is asked again with the reason; so is a yes taken back as a joke ("yes lol jk"),
and a refusal emoji ("yes 🙅") is a no word like any other. A yes word negated ("I do not
consent", "I don't agree") is a no, not a mix. A few idioms that mean yes despite their words
("no problem", "why not", "I don't mind") are read as a whole first.

Other languages' yes ("ja", "oui", "sí") is unclear unless the form lists it in the consent
question's ``yes_words``; ``no_words`` likewise adds words for no.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

YES_WORDS = frozenset(
    {"yes", "y", "yep", "yeah", "yea", "yup", "ya", "sure", "ok", "okay", "k", "agree", "agreed",
     "consent", "accept", "accepted", "confirm", "confirmed", "correct", "alright", "fine",
     "👍", "✅"}
)  # fmt: skip
YES_PHRASES = (
    "go ahead", "please do", "send it", "that is right", "that's right", "go for it",
    "you may", "you can", "i do", "do it", "sounds good",
)  # fmt: skip
# Strengthen a yes or a no; alone ("absolutely") they mean yes, with a negation they mean no.
INTENSIFIERS = frozenset({"absolutely", "definitely", "certainly", "totally", "course"})
NO_WORDS = frozenset(
    {"no", "n", "nope", "nah", "not", "never", "don't", "dont", "do not", "doesn't", "won't",
     "can't", "cannot", "shouldn't", "disagree", "decline", "refuse", "stop", "cancel",
     "without", "negative", "nay", "👎", "❌", "🙅", "🚫", "⛔", "✖"}
)  # fmt: skip
HEDGES = frozenset(
    {"maybe", "perhaps", "probably", "possibly", "but", "unless", "if", "except", "later",
     "guess", "think", "unsure", "hmm", "depends", "only", "however", "although", "though",
     "kinda", "sorta", "might"}
)  # fmt: skip
# Words that take a no back or put it in doubt ("no wait", "no, I meant..."): not a plain no.
RECONSIDER = frozenset(
    {"wait", "hold", "hang", "oops", "actually", "meant", "mean", "mistake", "typo", "should",
     "change", "wrong", "edit", "fix", "update", "?"}
)  # fmt: skip
RECONSIDER_REASON = "that sounds like you want to change something first"
# "yes lol jk": the joke takes the yes back, so the visitor is asked again.
JOKE_WORDS = frozenset({"jk", "j/k", "kidding", "joking", "jking", "psych"})
TAKEN_BACK_REASON = "that takes the yes back"
# A yes word under a negation ("I do not consent", "don't agree") is a no, not yes-and-no.
_NEGATED_YES = re.compile(
    r" (?:i )?(?:do not|don't|dont|does not|doesn't|not|never|won't|will not|cannot|can't)"
    r"(?: really| fully)? (?:agree|agreed|consent|accept|accepted|confirm|approve) "
)
# Whole phrases read as yes before their words are looked at.
YES_IDIOMS = (
    "no problem", "no problemo", "not a problem", "no worries", "why not", "don't mind",
    "do not mind", "dont mind", "not at all a problem", "no objection", "no objections",
)  # fmt: skip
_WORD = re.compile(r"j/k|[\w']+|[^\w\s]", re.UNICODE)


class Consent(StrEnum):
    """How a reply to the consent question reads."""

    YES = "yes"
    NO = "no"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class ConsentReading:
    """A reply's reading, and for an unclear one the reason the visitor is told."""

    answer: Consent
    reason: str | None = None


def read_consent(
    text: str, yes_words: Iterable[str] = (), no_words: Iterable[str] = ()
) -> ConsentReading:
    """Read a consent reply as yes, no or unclear (with the reason)."""
    cleaned = _clean(text)
    if not cleaned:
        return ConsentReading(Consent.UNCLEAR, "I didn't catch an answer")
    extra_yes = {_clean(word) for word in yes_words}
    extra_no = {_clean(word) for word in no_words}
    if cleaned in extra_yes:
        return ConsentReading(Consent.YES)
    if cleaned in extra_no:
        return ConsentReading(Consent.NO)
    padded = f" {cleaned} "
    idioms = 0
    for idiom in YES_IDIOMS:
        if f" {idiom} " in padded:
            padded = padded.replace(f" {idiom} ", " ok ")
            idioms += 1
    padded = _NEGATED_YES.sub(" not ", padded)
    words = padded.split()
    text_words = set(words)
    phrase_yes = any(f" {phrase} " in padded for phrase in YES_PHRASES)
    has_yes = bool(text_words & (YES_WORDS | extra_yes)) or phrase_yes
    has_no = bool(text_words & (NO_WORDS | extra_no)) or " do not " in padded
    intensified = bool(text_words & INTENSIFIERS)
    hedged = bool(text_words & HEDGES)
    if text.strip().endswith("?"):
        return ConsentReading(
            Consent.UNCLEAR, "that reads as a question; I need a yes or a no to store anything"
        )
    if has_yes and (text_words & JOKE_WORDS or " just kidding " in padded):
        return ConsentReading(Consent.UNCLEAR, TAKEN_BACK_REASON)
    if has_yes and has_no:
        return ConsentReading(Consent.UNCLEAR, "that says both yes and no")
    if has_no and text_words & RECONSIDER:
        return ConsentReading(Consent.UNCLEAR, RECONSIDER_REASON)
    if has_no:
        return ConsentReading(Consent.NO)
    if has_yes or (intensified and len(words) <= 2):
        if hedged:
            return ConsentReading(
                Consent.UNCLEAR,
                "that sounds like a yes with a condition; I can only store on a plain yes",
            )
        return ConsentReading(Consent.YES)
    return ConsentReading(Consent.UNCLEAR, "I need a clear yes or no")


def _clean(text: str) -> str:
    """Lower-case, unify apostrophes and keep words and symbols, one space apart."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'").replace("`", "'")
    tokens = [token for token in _WORD.findall(text) if token not in {".", ",", "!", ";", ":"}]
    return " ".join(tokens)

"""The consultation form's answers: understand each one, or say why not; summarise them."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from consultbot.dialogue.answers import format_money, format_span
from consultbot.dialogue.consent import NO_WORDS, YES_WORDS
from consultbot.dialogue.email_address import check_email
from consultbot.knowledge import markup
from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.lead_form import LeadForm, Question
from consultbot.knowledge.schema import KnowledgeBase
from consultbot.matching.entities import find_money
from consultbot.matching.normalize import normalize, tokenize

MAX_ANSWER_CHARS = 500
# Sales' lead table keeps a free-text answer in a 200-character column, except these questions'.
MAX_SHORT_ANSWER_CHARS = 200
LONG_ANSWER_QUESTIONS = ("stack", "details")
_TEAM_EXPLICIT = re.compile(
    r"team of (\d+)|(\d+)\s*(?:devs?|developers|engineers|people|staff|employees)", re.IGNORECASE
)
_CORRECTION = re.compile(
    r"\s*(actually|sorry|correction|oops|wait|change|no[, ]+my)\b", re.IGNORECASE
)
# "my name is Ada" typed at another question restates an earlier answer.
_RESTATED = re.compile(r"\s*my (\w+(?: \w+)?) (?:is|should be|was)\s+(.+)", re.IGNORECASE)
# "my name is wrong, it's Ivan Petrov": the answer was wrong, and the new one follows.
_WAS_WRONG = re.compile(
    r"(?:wrong|incorrect|not right|a typo|mistyped|misspelt|misspelled)\b[\s,.;:!–—-]*"
    r"(?:(?:it(?:['’]s| is| should be)|should be|it's actually|make it|i meant)\b\s*)?",
    re.IGNORECASE,
)
# "oh wait, I meant large", "oops, small": a correction word first, then an earlier choice.
_CHOICE_CORRECTION = re.compile(
    r"^\W*(?:(?:oh|ah|um|hmm|no|sorry|oops|wait)[\s,.!]+)*"
    r"(?:actually|i meant|i mean|sorry|oops|wait|correction|no)\b",
    re.IGNORECASE,
)
# Words around the choice that say nothing of it: "it's actually a new build".
_AROUND_A_CHOICE = frozenset(
    {"it", "is", "was", "its", "actually", "a", "an", "the", "make", "should", "be", "we",
     "are", "our", "really", "i", "meant", "mean", "that", "oh", "wait"}
)  # fmt: skip
# Words that may stand around a new address without making it anything but a correction.
_AROUND_AN_ADDRESS = frozenset(
    {"actually", "sorry", "oops", "wait", "correction", "no", "oh", "it", "is", "it's", "its",
     "should", "be", "i", "meant", "mean", "my", "the", "new", "email", "e", "mail", "address",
     "use", "please", "pls", "instead", "wrong", "typo", "and", "was", "that", "one"}
)  # fmt: skip
_NAMES_AN_EMAIL = re.compile(r"\b(?:e-?mail|mail address|email address|address)\b", re.I)
# "cc bob@x.com too": a second address, for the engineer, not a correction of the first.
_BESIDES = re.compile(
    r"\b(?:also|too|as well|cc|colleague|copy|another|second|in addition|plus)\b", re.I
)
SKIP_WORDS = ("skip", "pass", "none", "n/a", "na", "no idea", "not sure", "rather not say", "-",
              # "What else should our engineer know?" "Nope": nothing to add.
              "no", "nope", "nah", "nothing", "nothing else", "that's all", "thats all",
              "that is all", "no that's all", "all good")  # fmt: skip
# The Skip command itself: on a required question it is never the answer ("Name: skip").
SKIP_COMMANDS = ("skip", "pass")
_NEGATIVE_NUMBER = re.compile(r"\s*-\s*[$€£]?\s*\d[\d,.]*\s*[km]?\s*", re.IGNORECASE)
# Said alone (or pressed as the Cancel chip), these end the form at once.
CANCEL_WORDS = ("cancel", "cancel the form", "cancel it", "cancel this", "cancel that",
                "cancel form", "quit", "abort", "exit")  # fmt: skip
# Ways of saying "I'd rather not": the form offers to cancel or skip. Short ones count only at
# the start ("stop" in "we need to stop using Django" is an answer); the others anywhere.
_OPT_OUT_START = re.compile(
    r"^\W*(?:(?:actually|oh|ok|okay|um|hmm|wait|sorry|no|ugh|meh|argh|nah)[\s,.!]+)*"
    r"(?:stop|never ?mind|nvm|forget it|leave it|no thanks|no thank you|not interested)\b",
    re.IGNORECASE,
)
_OPT_OUT_ANYWHERE = re.compile(
    r"\b(?:i(?:'d| would) rather not|i (?:do not|don't|dont) want to (?:give|share|tell|say|"
    r"answer|provide|continue|go on|fill|do this)|i (?:do not|don't|dont) want (?:that|this)\b|"
    r"changed my mind|not comfortable (?:sharing|giving|telling)|can i skip|"
    r"skip (?:this|that|it)\b|i (?:won't|will not) (?:give|share|tell|say|answer))",
    re.IGNORECASE,
)
# Ways of declining or leaving said as the whole message ("bye", "none of your business"): never
# an answer. Fillers and thanks around them are dropped first ("ugh, not now, thanks").
GIVE_UP_WORDS = frozenset(
    {"bye", "bye bye", "goodbye", "gotta go", "i have to go", "i'll come back later",
     "i will come back later", "come back later", "i'll do it later", "i'll finish later",
     "rather not say", "i'd rather not say", "prefer not to say", "i prefer not to say",
     "none of your business", "not your business", "mind your own business", "n a", "na",
     "dunno", "idk", "i dunno", "no idea", "screw this", "screw it", "forget this",
     "this is stupid", "whatever", "not telling", "i'm not telling", "no comment"}
)  # fmt: skip
# ... and these too, except at a question asking when ("later" is an answer to that).
GIVE_UP_FOR_NOW = frozenset(
    {"later", "maybe later", "not now", "not right now", "another time", "some other time"}
)
_FILLERS = frozenset(
    {"ugh", "oh", "ok", "okay", "um", "hmm", "meh", "argh", "well", "sorry", "thanks", "thank",
     "you", "pls", "please", "plz", "thx", "ty", "lol", "just"}
)  # fmt: skip
# Marks that end "Yes!" or "ok." and say nothing more.
_END_MARKS = frozenset({"!", ".", ","})
# "I don't know" at a choice question: after two failed tries, taken as an unknown answer.
UNSURE_WORDS = frozenset(
    {"not sure", "unsure", "dunno", "i dunno", "idk", "no idea", "i don't know", "don't know",
     "i do not know", "no clue", "not sure yet", "hard to say", "can't say", "i'm not sure"}
)  # fmt: skip
CONTINUE_WORDS = ("continue", "go on", "keep going", "carry on", "resume", "back to the form")


@dataclass(frozen=True, slots=True)
class Parsed:
    """A form answer as understood, or the reason it was not accepted, or a likely fix."""

    value: str | None
    problem: str | None = None
    suggestion: str | None = None


def parse_answer(question: Question, text: str, comparison: Comparison | None) -> Parsed:
    """Understand a visitor's answer to one question of the form (not the consent question)."""
    text = text.strip()
    if not text:
        return Parsed(None, "I didn't catch an answer")
    free_text = question.kind not in ("email", "choice")
    # The question's own limit is the one told, the first time ("200" for a name, not "500").
    limit = MAX_SHORT_ANSWER_CHARS
    if not free_text or question.id in LONG_ANSWER_QUESTIONS:
        limit = MAX_ANSWER_CHARS
    if len(text) > MAX_ANSWER_CHARS:
        return Parsed(None, f"that's longer than {limit} characters; a shorter answer please")
    if question.kind == "email":
        found = check_email(text)
        return Parsed(found.address, found.problem, found.suggestion)
    if question.kind == "choice":
        return parse_choice(question, text, comparison)
    if _NEGATIVE_NUMBER.fullmatch(text):
        return Parsed(None, f"the {question.title.lower()} can't be a negative number")
    value = " ".join(text.split())
    if question.id == "name" and _is_yes_or_no(value):
        return Parsed(None, f'"{markup.escape(value)}" doesn\'t look like a name')
    if _is_yes_or_no(value) and not is_unsure(value):
        # "yes" to "Do you have a budget range in mind?" says there is one, not what it is.
        title = question.title.lower()
        return Parsed(None, f'please type your {title} here rather than "{markup.escape(value)}"')
    if len(value) > limit:
        return Parsed(None, f"that's longer than {limit} characters; a shorter answer please")
    return Parsed(value)


def parse_choice(question: Question, text: str, comparison: Comparison | None) -> Parsed:
    """Pick the choice a free-form answer means: its id, label or a synonym, or a size hint."""
    words = tokenize(normalize(text))
    padded = f" {' '.join(words)} "
    for choice in question.choices:
        for name in (choice.id, choice.label, *choice.synonyms):
            phrase = " ".join(tokenize(normalize(name)))
            if phrase and f" {phrase} " in padded:
                return Parsed(choice.id)
    labels = ", ".join(choice.label.lower() for choice in question.choices)
    if question.id == "size":
        inferred = infer_size(text, comparison)
        if inferred and find_money(normalize(text)) and not _TEAM_EXPLICIT.search(text):
            # "€5k" answers another question: the size it suggests is asked, never taken.
            return Parsed(None, f"please pick one of: {labels}", suggestion=inferred)
        if inferred:
            return Parsed(inferred)
    return Parsed(None, f"please pick one of: {labels}")


def _is_yes_or_no(text: str) -> bool:
    """Tell whether a text is only yes/no words ("yes", "no thanks"): not a name."""
    words = re.findall(r"[\w']+|[^\w\s]", text.casefold())
    words = [word for word in words if word not in _END_MARKS]
    return bool(words) and all(word in YES_WORDS | NO_WORDS | _FILLERS for word in words)


def infer_size(text: str, comparison: Comparison | None) -> str | None:
    """Guess a project size from a team size or a budget ("a team of 40" → large)."""
    team = _TEAM_EXPLICIT.search(text)
    if team:
        people = int(team.group(1) or team.group(2))
        return "large" if people >= 20 else "medium" if people >= 6 else "small"
    amounts = find_money(normalize(text))
    if amounts and comparison is not None and comparison.migration is not None:
        amount = max(amounts)
        for tier in reversed(comparison.migration.tiers):
            if amount >= tier.cost.min:
                return tier.id
        return comparison.migration.tiers[0].id
    return None


def is_skip(text: str) -> bool:
    """Tell whether the visitor wants to skip an optional question."""
    # Compared as words, as the text is: "n/a" is the words "n a" ("-" has none, hence apart).
    return _words(text) in {_words(w) for w in SKIP_WORDS if _words(w)} or text.strip() == "-"


def is_skip_command(text: str) -> bool:
    """Tell whether the visitor asks to skip in so many words ("skip"), whatever the question."""
    return _words(text) in SKIP_COMMANDS


def is_cancel(text: str) -> bool:
    """Tell whether the visitor ends the form outright ("cancel", "cancel pls", the chip)."""
    words = _words(text)
    return words in CANCEL_WORDS or _without_fillers(words) in CANCEL_WORDS


def gives_up(question: Question | None, text: str) -> bool:
    """Tell whether the whole message declines or leaves ("bye", "rather not say", "not now")."""
    said = _without_fillers(_words(text.replace("’", "'")))
    if said in {_words(phrase) for phrase in GIVE_UP_WORDS}:
        return True
    asks_when = question is not None and question.prompt.lower().startswith("when")
    return not asks_when and said in GIVE_UP_FOR_NOW


def is_unsure(text: str) -> bool:
    """Tell whether the visitor says they don't know ("not sure", "dunno", "no idea")."""
    said = _without_fillers(_words(text.replace("’", "'")))
    return said in {_words(phrase) for phrase in UNSURE_WORDS}


def _without_fillers(words: str) -> str:
    """Drop "ugh", "please", "thanks"... from either end of a message's words."""
    tokens = words.split()
    while tokens and tokens[0] in _FILLERS:
        tokens.pop(0)
    while tokens and tokens[-1] in _FILLERS:
        tokens.pop()
    return " ".join(tokens)


def wants_out(text: str) -> bool:
    """Tell whether the visitor says, in words, they would rather not go on ("nevermind...")."""
    text = text.replace("’", "'")
    return bool(_OPT_OUT_START.search(text) or _OPT_OUT_ANYWHERE.search(text))


def is_continue(text: str) -> bool:
    """Tell whether the visitor chose to go on with the form after being offered a way out."""
    return _words(text) in CONTINUE_WORDS


def _words(text: str) -> str:
    return " ".join(tokenize(normalize(text)))


def find_correction(
    form: LeadForm, text: str, answered: Collection[str] = ()
) -> tuple[Question, str] | None:
    """Spot "actually my email is ..." and return the question it corrects and the new answer.

    Without a word of correction first, "my name is Ada" corrects only a question in
    ``answered`` (given earlier), never the one being asked.
    """
    email = _email_correction(form, text, answered)
    if email is not None:
        return email
    marked = bool(_CORRECTION.match(text))
    for question in form.questions:
        if question.kind == "consent":
            continue
        if not marked:
            if question.id not in answered:
                continue
            found = _RESTATED.match(text)
            restated = {question.id.replace("_", " "), question.title.lower()}
            if found and found.group(1).lower() in restated:
                return question, _without_was_wrong(found.group(2))
            continue
        names = list(dict.fromkeys([question.id.replace("_", " "), question.title.lower()]))
        if question.id == "project_kind":
            names += ["project type", "project"]
        for name in names:
            found = re.search(
                rf"\b(?:my|the|our) {re.escape(name)}\b\s*(?:is|should be|was|:|=)?\s*(.+)",
                text,
                re.IGNORECASE,
            )
            if found:
                return question, _without_was_wrong(found.group(1))
    return _choice_correction(form, text, answered)


def _email_correction(
    form: LeadForm, text: str, answered: Collection[str]
) -> tuple[Question, str] | None:
    """Spot a new email address given at another step ("email: x@y.com", "sorry wrong email").

    An address alone, or one the message calls an email, replaces the address given earlier;
    one given besides it ("also cc bob@x.com") is left to the step being asked.
    """
    question = next((q for q in form.questions if q.kind == "email"), None)
    if question is None or question.id not in answered or "@" not in text:
        return None
    found = check_email(text)
    if found.address is None:
        return None
    rest = _words(re.sub(r"\S*@\S*", " ", text))
    alone = all(word in _AROUND_AN_ADDRESS for word in rest.split())
    if alone or (_NAMES_AN_EMAIL.search(text) and not _BESIDES.search(text)):
        return question, text
    return None


def _choice_correction(
    form: LeadForm, text: str, answered: Collection[str]
) -> tuple[Question, str] | None:
    """Spot "I meant large", "it's a new build, not a migration" for an earlier choice question.

    A correction word first, or a choice set against another of the same question ("not a
    migration"), and nothing left besides the choice named: "actually we migrate from
    Django 3.2" mentions a choice but is no correction.
    """
    marked = _CHOICE_CORRECTION.match(text)
    said = _words(text[marked.end() :] if marked else text)
    for question in form.questions:
        if question.kind != "choice" or question.id not in answered:
            continue
        names = {
            _words(name): choice.id
            for choice in question.choices
            for name in (choice.id, choice.label, *choice.synonyms)
            if _words(name)
        }
        rest = f" {said} "
        for name in sorted(names, key=len, reverse=True):
            for article in ("", "a ", "an ", "the "):
                rest = rest.replace(f" not {article}{name} ", " ")
        contrasted = rest != f" {said} "
        left = " ".join(w for w in rest.split() if w not in _AROUND_A_CHOICE)
        if left in names and (marked or contrasted):
            return question, left
    return None


def _without_was_wrong(said: str) -> str:
    """Keep the new answer of "wrong, it's Ivan Petrov" (nothing when only "wrong" was said)."""
    said = said.strip()
    return _WAS_WRONG.sub("", said, count=1).strip() if _WAS_WRONG.match(said) else said


def describe_answers(form: LeadForm, answers: Mapping[str, str]) -> list[dict[str, str]]:
    """Return each answer with its question's title and its choice's label, in form order."""
    return [
        {
            "id": question.id,
            "question": question.title,
            "value": answers[question.id],
            "label": question.choice_label(answers[question.id]),
        }
        for question in form.questions
        if question.id in answers
    ]


# The project kind the comparisons' cost tiers price (lead_form.yaml's choice id).
MIGRATION = "migration"


def summarise(
    kb: KnowledgeBase, form: LeadForm, answers: dict[str, str], comparison: Comparison | None
) -> str:
    """Write the summary the visitor confirms, with the matching cost tier's range.

    The cost tiers price migrations, so a project said to be anything else (a new build is
    scoped in the consultation) gets no price line.
    """
    lines = []
    for question in form.questions:
        if question.kind == "consent" or question.id not in answers:
            continue
        # The visitor's own words: repeated as typed, never read as links or bold.
        answer = markup.escape(question.choice_label(answers[question.id]))
        lines.append(f"{question.title}: {answer}")
    text = "\n".join(lines)
    size = answers.get("size")
    priced = answers.get("project_kind", MIGRATION) == MIGRATION
    tier = comparison.tier(size) if comparison and size and priced else None
    if tier is not None and comparison is not None:
        text += (
            f"\nFor a {tier.name.lower()} project, expect {format_money(tier.cost)} "
            f"over {format_span(tier.timeline)}."
        )
    return text

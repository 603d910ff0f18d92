"""The shape of the knowledge editors write, as immutable typed values.

A file is recognised by its top-level keys (its "sections"); a file may hold several:

``site``        company name, greeting, fallback text, consultation offer (at most one file)
``frameworks``  frameworks and tools with display names and aliases (any number of files)
``comparison``  one comparison page: verdict, criteria, metrics, costs, pitfalls... (one per file)
``lead_form``   the consultation form's questions and the qualification rules (at most one file)
``intents``     plain FAQ entries: ``id``, ``examples``, ``answer`` (any number of files)
``matcher``     the matcher's calibrated settings, written by ``consultbot calibrate``
``cues``        the words that tell what kind of question is asked (cost, duration, pitfalls...)
``vocabulary``  shorthand visitors type ("u" for "you") and how it is read

Everything is optional at the directory level: a folder holding a single ``intents:`` file is
valid, and the site texts then take the defaults of ``Site``. ``knowledge/README.md`` explains
every field to editors.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from consultbot.knowledge.live_chat import LiveChat
from consultbot.knowledge.markup import is_web_address, link_problems


def _links_go_to_web_addresses(text: str) -> str:
    """Refuse a [text](target) link whose target is not an http(s) address."""
    problems = link_problems(text)
    if problems:
        raise rule_error("; ".join(problems))
    return text


def _web_address(value: str) -> str:
    """Refuse an address a visitor's browser should not be sent to."""
    if not is_web_address(value.strip()):
        raise rule_error(
            "must be a full web address starting with https:// or http://, such as "
            f"https://www.example.com/book (got {value!r})"
        )
    return value.strip()


# Knowledge text: may carry links, bold and bullet lists (see consultbot.knowledge.markup).
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_links_go_to_web_addresses),
]
WebAddress = Annotated[str, AfterValidator(_web_address)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Score = Annotated[int, Field(ge=1, le=10)]
TIE = "tie"
# The FAQ intent that opens the lead form: a knowledge base with a lead form must have it.
CONSULTATION_INTENT = "consultation"
TIES_KEY = "ties"
RULE_ERROR = "knowledge_rule"


def rule_error(message: str) -> PydanticCustomError:
    """Return a validation error whose message is shown to editors as written."""
    return PydanticCustomError(RULE_ERROR, message)


def check_max(value: int, info: ValidationInfo) -> int:
    """Refuse a range whose max is below its min."""
    low = info.data.get("min")
    if low is not None and value < low:
        raise rule_error(f"max must not be below min (got min {low}, max {value})")
    return value


def expected_winner(scores: Mapping[str, int]) -> str:
    """Return the framework with the highest score, or ``tie`` when several share it."""
    best = max(scores.values())
    leaders = [framework for framework, score in scores.items() if score == best]
    return leaders[0] if len(leaders) == 1 else TIE


class Entry(BaseModel):
    """Base for every knowledge entry: immutable, and unknown keys are errors (likely typos)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Site(Entry):
    """Texts the assistant uses around the answers."""

    company: Text = "our team"
    greeting: Text = "Hi! Ask me anything about the topics on this page."
    fallback: Text = "Sorry, I don't know that one yet."
    offer: Text = "Would you like to talk to one of our engineers? It's free."
    handoff: Text = "I can put you in touch with one of our engineers."
    fallbacks: tuple[Text, ...] = ()
    # The privacy policy's address, linked at the lead form's consent question.
    privacy_url: Annotated[str, StringConstraints(pattern=r"^(https?://|/)\S+$")] | None = None
    # Where visitors book a call themselves: offered as a "Book a call" button that opens it.
    booking_url: WebAddress | None = None
    # Business hours, time zone and waiting time for a person joining the chat.
    live_chat: LiveChat = LiveChat()


class Framework(Entry):
    """A framework, language stack or tool the knowledge talks about."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    language: Text | None = None
    description: Text | None = None
    kind: Literal["framework", "tool"] = "framework"


class Criterion(Entry):
    """One row of the comparison table: scores out of 10, the winner and why."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    scores: dict[Id, Score]
    winner: Id
    why: Text

    @field_validator("winner")
    @classmethod
    def _winner_agrees_with_scores(cls, winner: str, info: ValidationInfo) -> str:
        """Refuse a winner that is not the highest score (or ``tie`` on a draw)."""
        scores = info.data.get("scores")
        if not scores:
            return winner
        if winner != TIE and winner not in scores:
            names = ", ".join(scores)
            raise rule_error(
                f"must be one of the scored frameworks ({names}) or '{TIE}' (got {winner!r})"
            )
        expected = expected_winner(scores)
        if winner != expected:
            raise rule_error(
                f"does not agree with the scores, which make it {expected!r} (got {winner!r})"
            )
        return winner


class Metric(Entry):
    """One row of the metrics table: a value per framework and where it comes from."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    values: dict[Id, Text]
    source: Text
    note: Text | None = None
    as_of: Text | None = None


class UseCase(Entry):
    """A kind of project and the framework that suits it."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    best: Id
    why: Text


class Money(Entry):
    """A cost range in whole currency units; open_ended means "or more"."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(ge=0)]
    currency: Text = "USD"
    open_ended: bool = False

    _max_not_below_min = field_validator("max")(check_max)


class Span(Entry):
    """A duration range."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(ge=0)]
    unit: Literal["days", "weeks", "months"]

    _max_not_below_min = field_validator("max")(check_max)


class TimeSaving(Entry):
    """How much time a framework saves for a kind of project."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    best: Id
    saving: Text
    detail: Text
    time_saved: Span | None = None
    percent_faster: Annotated[int, Field(ge=1, le=100)] | None = None


class CostTier(Entry):
    """A migration size tier: what it costs, how long it takes, what dominates the spend."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    description: Text
    cost: Money
    timeline: Span
    approach: Text | None = None
    dominated_by: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()


class Migration(Entry):
    """Migration cost tiers and what the ranges are based on."""

    projects: Annotated[int, Field(ge=1)]
    includes: tuple[Text, ...] = ()
    contingency_percent: Annotated[int, Field(ge=0, le=100)]
    tiers: tuple[CostTier, ...] = Field(min_length=1)


class Pitfall(Entry):
    """A production failure seen during migrations, and how to avoid it."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    problem: Text
    advice: Text


class Alternative(Entry):
    """A third option to consider when neither compared framework fits."""

    framework: Id
    best_for: Text
    pricing: Text
    gotcha: Text
    related: tuple[Text, ...] = ()


class NeitherFits(Entry):
    """A situation where the comparison itself is the wrong question."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    related: tuple[Text, ...] = ()
    when: Text
    advice: Text
    instead: tuple[Id, ...] = ()


class ScoreAnchor(Entry):
    """What a band of scores means, e.g. 8 to 9: reliable with documented edge cases."""

    min: Score
    max: Score
    meaning: Text

    _max_not_below_min = field_validator("max")(check_max)

    @property
    def label(self) -> str:
        """Return the band as people say it: "10", "8-9" or "below 4"."""
        if self.min == self.max:
            return str(self.min)
        if self.min == 1:
            return f"below {self.max + 1}"
        return f"{self.min}-{self.max}"


class ScoringMethod(Entry):
    """How the scores out of 10 are given."""

    scale: Text
    anchors: tuple[ScoreAnchor, ...] = ()
    inputs: tuple[Text, ...] = ()

    def anchor_for(self, score: int) -> ScoreAnchor | None:
        """Return the band a score falls in, if the anchors cover it."""
        return next((a for a in self.anchors if a.min <= score <= a.max), None)


class Comparison(Entry):
    """One published comparison page and everything the assistant can say about it."""

    id: Id
    title: Text
    page: Text
    frameworks: tuple[Id, ...] = Field(min_length=2)
    intro: Text | None = None
    summary: Text
    verdicts: dict[Id, Text]
    scoring: ScoringMethod | None = None
    criteria: tuple[Criterion, ...] = ()
    tally: dict[Id, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    metrics: tuple[Metric, ...] = ()
    use_cases: tuple[UseCase, ...] = ()
    time_savings: tuple[TimeSaving, ...] = ()
    migration: Migration | None = None
    pitfalls: tuple[Pitfall, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    neither_fits: tuple[NeitherFits, ...] = ()
    advice: Text | None = None
    offer: Text | None = None

    def wins(self) -> dict[str, int]:
        """Count the criteria each compared framework wins, with draws under ``ties``."""
        counts = dict.fromkeys([*self.frameworks, TIES_KEY], 0)
        for criterion in self.criteria:
            key = TIES_KEY if criterion.winner == TIE else criterion.winner
            if key in counts:
                counts[key] += 1
        return counts

    def criterion(self, criterion_id: str) -> Criterion | None:
        """Return the criterion with this id, if any."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def metric(self, metric_id: str) -> Metric | None:
        """Return the metric with this id, if any."""
        return next((m for m in self.metrics if m.id == metric_id), None)

    def tier(self, tier_id: str) -> CostTier | None:
        """Return the migration cost tier with this id, if any."""
        tiers = self.migration.tiers if self.migration else ()
        return next((t for t in tiers if t.id == tier_id), None)


class Choice(Entry):
    """An allowed answer to a lead form question."""

    id: Id
    label: Text
    description: Text | None = None
    synonyms: tuple[Text, ...] = ()


class Question(Entry):
    """One question of the lead form."""

    id: Id
    prompt: Text
    # What sales read for this answer in the dashboard, CSV and notifications ("Timeline").
    label: Text | None = None
    kind: Literal["text", "email", "choice", "consent"] = "text"
    required: bool = True
    choices: tuple[Choice, ...] = Field(default=(), validate_default=True)
    help: Text | None = None
    # Only for kind: consent: more replies read as yes or no ("ja", "oui"), in any language.
    yes_words: tuple[Text, ...] = ()
    no_words: tuple[Text, ...] = ()

    @property
    def title(self) -> str:
        """The label sales read, or the id written as words when the form gives none."""
        return self.label or self.id.replace("_", " ").replace("-", " ").capitalize()

    def choice_label(self, value: str) -> str:
        """Return the label of a chosen value, or the value itself for free-text answers."""
        choice = next((c for c in self.choices if c.id == value), None)
        return choice.label if choice else value

    @field_validator("choices")
    @classmethod
    def _choices_fit_kind(
        cls, choices: tuple[Choice, ...], info: ValidationInfo
    ) -> tuple[Choice, ...]:
        """Require choices for kind: choice and refuse them for other kinds."""
        kind = info.data.get("kind")
        if kind == "choice" and not choices:
            raise rule_error("a question with kind: choice needs a list of choices (got none)")
        if kind not in (None, "choice") and choices:
            raise rule_error(f"only a question with kind: choice takes choices (got kind {kind!r})")
        return choices

    @model_validator(mode="after")
    def _consent_words_fit_kind(self) -> Self:
        """Refuse yes_words and no_words on a question that is not the consent question."""
        if self.kind != "consent" and (self.yes_words or self.no_words):
            raise rule_error(
                f"only a question with kind: consent takes yes_words and no_words "
                f"(got kind {self.kind!r})"
            )
        return self


class ScoreRule(Entry):
    """Points a lead earns for an answer, with the reason sales will read."""

    question: Id
    answer: Id | None = None
    min_weeks: Annotated[float, Field(ge=0)] | None = None
    max_weeks: Annotated[float, Field(ge=0)] | None = None
    answered: bool | None = None
    amount: bool | None = None
    points: int
    reason: Text

    @model_validator(mode="after")
    def _one_condition(self) -> Self:
        """Require exactly one condition per rule and a sensible week range."""
        conditions = [
            self.answer is not None,
            self.min_weeks is not None or self.max_weeks is not None,
            self.answered is not None,
            self.amount is not None,
        ]
        if sum(conditions) != 1:
            raise rule_error(
                "a rule needs exactly one condition: answer, min_weeks/max_weeks, answered or "
                "amount "
                f"(got {sum(conditions)})"
            )
        low, high = self.min_weeks, self.max_weeks
        if low is not None and high is not None and low > high:
            raise rule_error(f"max_weeks must not be below min_weeks (got {low} and {high})")
        return self


class LeadForm(Entry):
    """The consultation form: its questions in order and the qualification rules."""

    intro: Text
    questions: tuple[Question, ...] = Field(min_length=1)
    confirm: Text
    thanks: Text
    cancelled: Text
    scoring: tuple[ScoreRule, ...] = ()

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, if any."""
        return next((q for q in self.questions if q.id == question_id), None)


class QuestionKind(StrEnum):
    """What a question asks, whatever it is about; cue words in ``cues:`` point at these."""

    COMPARE = "compare"
    OVERALL = "overall"
    RECOMMEND = "recommend"
    BEST_FOR = "best_for"
    COST = "cost"
    DURATION = "duration"
    MIGRATE = "migrate"
    PITFALLS = "pitfalls"
    ALTERNATIVES = "alternatives"
    METRICS = "metrics"
    SCORING = "scoring"
    WHAT_IS = "what_is"
    WHY = "why"
    MORE = "more"
    HOWTO = "howto"
    IDENTITY = "identity"
    SAVING = "saving"


class Intent(Entry):
    """A plain FAQ entry: phrases visitors might type and the answer to give."""

    id: Id
    examples: tuple[Text, ...] = Field(min_length=1)
    answer: Text
    quick_replies: tuple[Text, ...] = ()
    title: Text | None = None
    kind: QuestionKind | None = None
    suggest: bool = True


class Cue(Entry):
    """Words that tell what is asked: a question kind, or one FAQ intent (``intent:``)."""

    kind: QuestionKind | None = None
    intent: Id | None = None
    phrases: tuple[Text, ...] = ()
    hints: tuple[Text, ...] = ()
    # An FAQ entry's words asked with a cue of one of these kinds make a complete match:
    # "how much does a consultation cost" (consultation-info, with cost).
    with_kinds: tuple[QuestionKind, ...] = ()

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        """Require exactly one of ``kind`` and ``intent``, and at least one phrase."""
        if (self.kind is None) == (self.intent is None):
            raise rule_error("give either kind: or intent: (exactly one of them)")
        if self.kind is not None and self.with_kinds:
            raise rule_error("with_kinds: belongs to an intent's cues, not to a kind's")
        if not self.phrases and not self.hints:
            raise rule_error("give phrases: or hints: (at least one word)")
        return self


class Vocabulary(Entry):
    """How shorthand is read before matching ("u" → "you", "pls" → "please")."""

    shorthand: dict[Annotated[str, StringConstraints(min_length=1)], Text] = Field(
        default_factory=dict
    )


class MatcherCalibration(Entry):
    """The ``matcher:`` section: the calibrated threshold and margin (``consultbot calibrate``)."""

    threshold: Annotated[float, Field(ge=0, le=1)]
    margin: Annotated[float, Field(ge=0, le=1)] = 0.05
    calibrated_on: Text | None = None


class KnowledgeBase(BaseModel):
    """Everything loaded from one knowledge directory, validated as a whole."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    site: Site = Site()
    frameworks: tuple[Framework, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    lead_form: LeadForm | None = None
    intents: tuple[Intent, ...] = ()
    matcher: MatcherCalibration | None = None
    cues: tuple[Cue, ...] = ()
    vocabulary: Vocabulary | None = None

    def framework(self, framework_id: str) -> Framework | None:
        """Return the framework with this id, if any."""
        return next((f for f in self.frameworks if f.id == framework_id), None)

    def comparison(self, comparison_id: str) -> Comparison | None:
        """Return the comparison with this id, if any."""
        return next((c for c in self.comparisons if c.id == comparison_id), None)

    def intent(self, intent_id: str) -> Intent | None:
        """Return the FAQ intent with this id, if any."""
        return next((i for i in self.intents if i.id == intent_id), None)

    def comparison_for_page(self, page_url: str | None) -> Comparison | None:
        """Return the comparison a page belongs to (by its path), if any."""
        if not page_url:
            return None
        path = (
            "/" + page_url.split("://", 1)[-1].split("/", 1)[-1] if "://" in page_url else page_url
        )
        path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        return next((c for c in self.comparisons if c.page.rstrip("/") == path), None)


SECTIONS: dict[str, type[BaseModel]] = {
    "site": Site,
    "frameworks": Framework,
    "comparison": Comparison,
    "lead_form": LeadForm,
    "intents": Intent,
    "matcher": MatcherCalibration,
    "cues": Cue,
    "vocabulary": Vocabulary,
}
LIST_SECTIONS = frozenset({"frameworks", "intents", "cues"})
SINGLE_SECTIONS = frozenset({"site", "lead_form", "matcher", "vocabulary"})

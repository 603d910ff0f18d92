"""The shape of the knowledge editors write, as immutable typed values.

Each YAML file holds one or more of these top-level sections:

``site``        company name, greeting, fallback text, consultation offer (at most one file)
``frameworks``  frameworks and tools with display names and aliases (any number of files)
``comparison``  one comparison page: verdict, criteria, metrics, costs, pitfalls... (one per file)
``lead_form``   the consultation form's questions and the qualification rules (at most one file)
``intents``     plain FAQ entries: ``id``, ``examples``, ``answer`` (any number of files)
``matcher``     the matcher's calibrated settings, written by ``consultbot calibrate``
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Score = Annotated[int, Field(ge=1, le=10)]
TIE = "tie"


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


class Framework(Entry):
    """A framework, language stack or tool the knowledge talks about."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    language: Text | None = None
    description: Text | None = None


class Criterion(Entry):
    """One row of the comparison table: scores out of 10, the winner and why."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    scores: dict[Id, Score]
    winner: Id
    why: Text


class Metric(Entry):
    """One row of the metrics table: a value per framework and where it comes from."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    values: dict[Id, Text]
    source: Text
    note: Text | None = None


class UseCase(Entry):
    """A kind of project and the framework that suits it."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    best: Id
    why: Text


class TimeSaving(Entry):
    """How much time a framework saves for a kind of project."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    best: Id
    saving: Text
    detail: Text


class Money(Entry):
    """A cost range in whole currency units; open_ended means "or more"."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(ge=0)]
    currency: Text = "USD"
    open_ended: bool = False


class Span(Entry):
    """A duration range."""

    min: Annotated[int, Field(ge=0)]
    max: Annotated[int, Field(ge=0)]
    unit: Literal["days", "weeks", "months"]


class CostTier(Entry):
    """A migration size tier: what it costs, how long it takes, what dominates the spend."""

    id: Id
    name: Text
    aliases: tuple[Text, ...] = ()
    description: Text
    cost: Money
    timeline: Span
    dominated_by: tuple[Text, ...] = Field(min_length=1)
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
    problem: Text
    advice: Text


class Alternative(Entry):
    """A third option to consider when neither compared framework fits."""

    framework: Id
    best_for: Text
    pricing: Text
    gotcha: Text


class NeitherFits(Entry):
    """A situation where the comparison itself is the wrong question."""

    id: Id
    title: Text
    aliases: tuple[Text, ...] = ()
    when: Text
    advice: Text


class ScoringMethod(Entry):
    """How the scores out of 10 are given."""

    scale: Text
    anchors: dict[Text, Text]
    inputs: tuple[Text, ...] = ()


class Comparison(Entry):
    """One published comparison page and everything the assistant can say about it."""

    id: Id
    title: Text
    page: Text
    frameworks: tuple[Id, ...] = Field(min_length=2)
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
    kind: Literal["text", "email", "choice", "consent"] = "text"
    required: bool = True
    choices: tuple[Choice, ...] = ()
    help: Text | None = None


class ScoreRule(Entry):
    """Points a lead earns for an answer, with the reason sales will read."""

    question: Id
    answer: Id | None = None
    min_weeks: Annotated[float, Field(ge=0)] | None = None
    max_weeks: Annotated[float, Field(ge=0)] | None = None
    answered: bool | None = None
    points: int
    reason: Text


class LeadForm(Entry):
    """The consultation form: its questions in order and the qualification rules."""

    intro: Text
    questions: tuple[Question, ...] = Field(min_length=1)
    confirm: Text
    thanks: Text
    cancelled: Text
    scoring: tuple[ScoreRule, ...] = ()


class Intent(Entry):
    """A plain FAQ entry: phrases visitors might type and the answer to give."""

    id: Id
    examples: tuple[Text, ...] = Field(min_length=1)
    answer: Text
    quick_replies: tuple[Text, ...] = ()


class MatcherSettings(Entry):
    """The matcher's calibrated settings (written by ``consultbot calibrate``)."""

    threshold: Annotated[float, Field(ge=0, le=1)]
    margin: Annotated[float, Field(ge=0, le=1)] = 0.05
    calibrated_on: Text | None = None


class KnowledgeBase(BaseModel):
    """Everything loaded from one knowledge directory, validated as a whole."""

    model_config = ConfigDict(frozen=True)

    site: Site = Site()
    frameworks: tuple[Framework, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    lead_form: LeadForm | None = None
    intents: tuple[Intent, ...] = ()
    matcher: MatcherSettings | None = None

    def framework(self, framework_id: str) -> Framework | None:
        """Return the framework with this id, if any."""
        return next((f for f in self.frameworks if f.id == framework_id), None)

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
    "matcher": MatcherSettings,
}
LIST_SECTIONS = frozenset({"frameworks", "intents"})
SINGLE_SECTIONS = frozenset({"site", "lead_form", "matcher"})

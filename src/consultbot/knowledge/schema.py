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

The entries of each section are in their own modules: ``comparison.py``, ``lead_form.py``,
``faq.py`` (intents, cues, vocabulary), on the field types of ``fields.py``. This module holds
the site texts, frameworks and matcher settings, and the knowledge base they make together.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from consultbot.knowledge.comparison import Comparison
from consultbot.knowledge.faq import Cue, Intent, Vocabulary
from consultbot.knowledge.fields import Entry, Id, Text, WebAddress
from consultbot.knowledge.lead_form import LeadForm
from consultbot.knowledge.live_chat import LiveChat


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

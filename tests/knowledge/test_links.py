"""Links in knowledge text and the booking address: only web addresses get through the check."""

from __future__ import annotations

from click.testing import CliRunner

from consultbot.cli.knowledge import knowledge
from consultbot.knowledge.loader import inspect_directory
from tests.knowledge.conftest import WriteKnowledge

FAQ = """
intents:
  - id: guide
    examples: [where is the guide]
    answer: Read [our migration guide]({target}) first; **it is short**.
"""


def test_answer_with_a_web_link_is_accepted(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(target="https://www.example.com/guide")})

    inspection = inspect_directory(folder)

    assert inspection.problems == []
    assert inspection.knowledge is not None
    assert "[our migration guide](https://www.example.com/guide)" in (
        inspection.knowledge.intents[0].answer
    )


def test_answer_linking_to_script_is_refused_naming_file_and_field(
    write_knowledge: WriteKnowledge,
) -> None:
    folder = write_knowledge({"faq.yaml": FAQ.format(target="javascript:alert(1)")})

    result = CliRunner().invoke(knowledge, ["check", str(folder), "--no-warnings"])

    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "kb/faq.yaml:4: intents[0].answer: the link [our migration guide](javascript:alert(1) "
        "does not go to a web address; a link must start with https:// or http:// and name a site"
    )
    assert "Traceback" not in result.output


def test_site_text_with_a_relative_link_is_refused(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"site.yaml": "site:\n  offer: See [prices](/prices).\n"})

    assert [str(p) for p in inspect_directory(folder).problems] == [
        "kb/site.yaml:2: site.offer: the link [prices](/prices) does not go to a web address; "
        "a link must start with https:// or http:// and name a site"
    ]


def test_booking_url_is_read(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"site.yaml": "site:\n  booking_url: https://cal.example.com/us\n"})

    inspection = inspect_directory(folder)

    assert inspection.problems == []
    assert inspection.knowledge is not None
    assert inspection.knowledge.site.booking_url == "https://cal.example.com/us"


def test_booking_url_is_absent_by_default(write_knowledge: WriteKnowledge) -> None:
    folder = write_knowledge({"site.yaml": "site:\n  company: Acme\n"})

    knowledge_base = inspect_directory(folder).knowledge

    assert knowledge_base is not None and knowledge_base.site.booking_url is None


def test_booking_url_that_is_not_a_web_address_is_refused(
    write_knowledge: WriteKnowledge,
) -> None:
    for value, shown in (
        ("javascript:alert(1)", "'javascript:alert(1)'"),
        ("/book", "'/book'"),
        ("cal.example.com/us", "'cal.example.com/us'"),
    ):
        folder = write_knowledge({"site.yaml": f"site:\n  booking_url: {value}\n"})

        assert [str(p) for p in inspect_directory(folder).problems] == [
            "kb/site.yaml:2: site.booking_url: must be a full web address starting with "
            f"https:// or http://, such as https://www.example.com/book (got {shown})"
        ]

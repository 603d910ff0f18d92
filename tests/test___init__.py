"""The app class create_app builds: Flask, with a cheaper sync-or-async check."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from flask import Flask

from consultbot import ConsultbotFlask


def plain(value: Any = None) -> Any:
    return value


async def coroutine() -> str:
    return "never awaited here"


class Handlers:
    def hook(self) -> str:
        return "bound"


def test_create_app_builds_the_app_class(app: Flask) -> None:
    assert isinstance(app, ConsultbotFlask)


def test_a_plain_function_is_called_as_it_is() -> None:
    assert ConsultbotFlask(__name__).ensure_sync(plain) is plain


def left_to_flask(func: Any) -> bool:
    """Whether ConsultbotFlask hands the function to Flask (which wraps it, or refuses it
    without the 'async' extra) instead of returning it as it is."""
    try:
        return ConsultbotFlask(__name__).ensure_sync(func) is not func
    except RuntimeError as error:
        return "async" in str(error)


def test_a_coroutine_function_is_left_to_flask() -> None:
    assert left_to_flask(coroutine)


def test_other_callables_are_left_to_flask() -> None:
    method = Handlers().hook
    assert ConsultbotFlask(__name__).ensure_sync(method) == method
    assert ConsultbotFlask(__name__).ensure_sync(method)() == "bound"


@pytest.mark.skipif(
    not hasattr(inspect, "markcoroutinefunction"), reason="Python 3.12+ marks functions"
)
def test_a_function_marked_as_a_coroutine_function_is_left_to_flask() -> None:
    def marked() -> Any:
        return coroutine()

    inspect.markcoroutinefunction(marked)  # type: ignore[attr-defined,unused-ignore]
    assert left_to_flask(marked)

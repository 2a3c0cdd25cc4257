# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""Small runtime types shared by the client and the server."""

from __future__ import annotations

from typing import Final, Literal

import httpx

__all__ = ["NotGiven", "NOT_GIVEN", "Timeout"]


class NotGiven:
    """The default of every optional argument: "not given" is not `None`, which is sent as null."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
Timeout = float | httpx.Timeout | None

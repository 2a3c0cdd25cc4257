# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""`chat`: a namespace."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .._base_client import AsyncAPIClient, SyncAPIClient

if TYPE_CHECKING:
    from .chat_completions import AsyncChatCompletions, ChatCompletions

__all__ = ["Chat", "AsyncChat"]


class ChatWithRawResponse:
    """`chat` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class Chat:
    """`client.chat`"""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> ChatWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return ChatWithRawResponse(self._client)

    @cached_property
    def completions(self) -> ChatCompletions:
        from .chat_completions import ChatCompletions

        return ChatCompletions(self._client)


class AsyncChatWithRawResponse:
    """`chat` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client


class AsyncChat:
    """`client.chat`"""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncChatWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return AsyncChatWithRawResponse(self._client)

    @cached_property
    def completions(self) -> AsyncChatCompletions:
        from .chat_completions import AsyncChatCompletions

        return AsyncChatCompletions(self._client)

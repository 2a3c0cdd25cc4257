# generated from spec 2fa849c4beccda57 by unispec 0.1.0, do not edit
"""`Client` and `AsyncClient`: one resource per name the spec's operations give
(`chat`, `models`), each imported on first use."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ._base_client import AsyncAPIClient, SyncAPIClient

if TYPE_CHECKING:
    from .resources.chat import AsyncChat, Chat
    from .resources.models import AsyncModels, Models

__all__ = ["Client", "AsyncClient"]


class Client(SyncAPIClient):
    """A typed client for any platform of the spec.

    `Client(platform="unify", api_key=..., base_url="https://api.unify.ai")` sets the base
    path, auth headers and model-id format from the platform's profile. Pass `http_client=` to use
    your own httpx client (proxies, transports, limits).
    """

    @cached_property
    def chat(self) -> Chat:
        from .resources.chat import Chat

        return Chat(self)

    @cached_property
    def models(self) -> Models:
        from .resources.models import Models

        return Models(self)


class AsyncClient(AsyncAPIClient):
    """A typed async client for any platform of the spec.

    `AsyncClient(platform="unify", api_key=..., base_url="https://api.unify.ai")` sets the base
    path, auth headers and model-id format from the platform's profile. Pass `http_client=` to use
    your own httpx client (proxies, transports, limits).
    """

    @cached_property
    def chat(self) -> AsyncChat:
        from .resources.chat import AsyncChat

        return AsyncChat(self)

    @cached_property
    def models(self) -> AsyncModels:
        from .resources.models import AsyncModels

        return AsyncModels(self)

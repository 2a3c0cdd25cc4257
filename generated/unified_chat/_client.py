# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""`Client` and `AsyncClient`: one resource per name the spec's operations give
(`chat`, `models`, `endpoints`, `providers`, `completions`, `embeddings`), each imported on first use."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ._base_client import AsyncAPIClient, SyncAPIClient

if TYPE_CHECKING:
    from .resources.chat import AsyncChat, Chat
    from .resources.completions import AsyncCompletions, Completions
    from .resources.embeddings import AsyncEmbeddings, Embeddings
    from .resources.endpoints import AsyncEndpoints, Endpoints
    from .resources.models import AsyncModels, Models
    from .resources.providers import AsyncProviders, Providers

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

    @cached_property
    def endpoints(self) -> Endpoints:
        from .resources.endpoints import Endpoints

        return Endpoints(self)

    @cached_property
    def providers(self) -> Providers:
        from .resources.providers import Providers

        return Providers(self)

    @cached_property
    def completions(self) -> Completions:
        from .resources.completions import Completions

        return Completions(self)

    @cached_property
    def embeddings(self) -> Embeddings:
        from .resources.embeddings import Embeddings

        return Embeddings(self)


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

    @cached_property
    def endpoints(self) -> AsyncEndpoints:
        from .resources.endpoints import AsyncEndpoints

        return AsyncEndpoints(self)

    @cached_property
    def providers(self) -> AsyncProviders:
        from .resources.providers import AsyncProviders

        return AsyncProviders(self)

    @cached_property
    def completions(self) -> AsyncCompletions:
        from .resources.completions import AsyncCompletions

        return AsyncCompletions(self)

    @cached_property
    def embeddings(self) -> AsyncEmbeddings:
        from .resources.embeddings import AsyncEmbeddings

        return AsyncEmbeddings(self)

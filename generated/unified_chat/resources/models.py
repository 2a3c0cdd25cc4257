# generated from spec 2fa849c4beccda57 by unispec 0.1.0, do not edit
"""`models`: `list()`."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Mapping

from .._base_client import APIResponse, AsyncAPIClient, SyncAPIClient
from .._operations import LIST_MODELS
from .._types import NOT_GIVEN, NotGiven, Timeout
from ..models import ModelList

__all__ = ["Models", "AsyncModels"]


class ModelsWithRawResponse:
    """`models` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[ModelList]:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format.

        Args:
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_MODELS,
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class Models:
    """`client.models`"""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> ModelsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return ModelsWithRawResponse(self._client)

    def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ModelList:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format.

        Args:
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_MODELS,
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class AsyncModelsWithRawResponse:
    """`models` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[ModelList]:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format.

        Args:
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_MODELS,
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class AsyncModels:
    """`client.models`"""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncModelsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return AsyncModelsWithRawResponse(self._client)

    async def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ModelList:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format.

        Args:
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_MODELS,
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

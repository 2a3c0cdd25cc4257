# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""`providers`: `list()`."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Mapping

from .._base_client import APIResponse, AsyncAPIClient, SyncAPIClient
from .._operations import LIST_PROVIDERS
from .._types import NOT_GIVEN, NotGiven, Timeout
from ..models import IdList

__all__ = ["Providers", "AsyncProviders"]


class ProvidersWithRawResponse:
    """`providers` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[IdList]:
        """List providers.

        `GET /providers`, served on: unify.

        Unify's providers, all of them or those serving one model.

        Args:
            model: Only the providers of this model. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_PROVIDERS,
            query={key: value for key, value in (("model", model),) if value is not NOT_GIVEN},
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class Providers:
    """`client.providers`"""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> ProvidersWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return ProvidersWithRawResponse(self._client)

    def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> IdList:
        """List providers.

        `GET /providers`, served on: unify.

        Unify's providers, all of them or those serving one model.

        Args:
            model: Only the providers of this model. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_PROVIDERS,
            query={key: value for key, value in (("model", model),) if value is not NOT_GIVEN},
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class AsyncProvidersWithRawResponse:
    """`providers` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[IdList]:
        """List providers.

        `GET /providers`, served on: unify.

        Unify's providers, all of them or those serving one model.

        Args:
            model: Only the providers of this model. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_PROVIDERS,
            query={key: value for key, value in (("model", model),) if value is not NOT_GIVEN},
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class AsyncProviders:
    """`client.providers`"""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncProvidersWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return AsyncProvidersWithRawResponse(self._client)

    async def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> IdList:
        """List providers.

        `GET /providers`, served on: unify.

        Unify's providers, all of them or those serving one model.

        Args:
            model: Only the providers of this model. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_PROVIDERS,
            query={key: value for key, value in (("model", model),) if value is not NOT_GIVEN},
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""`endpoints`: `list()`."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Mapping

from .._base_client import APIResponse, AsyncAPIClient, SyncAPIClient
from .._operations import LIST_ENDPOINTS
from .._types import NOT_GIVEN, NotGiven, Timeout
from ..models import IdList

__all__ = ["Endpoints", "AsyncEndpoints"]


class EndpointsWithRawResponse:
    """`endpoints` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[IdList]:
        """List endpoints.

        `GET /endpoints`, served on: unify.

        Unify's endpoints (`model@provider`), all of them or those of one model or one provider.

        Args:
            model: Only the endpoints of this model. (query)
            provider: Only the endpoints of this provider. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_ENDPOINTS,
            query={
                key: value
                for key, value in (
                    ("model", model),
                    ("provider", provider),
                )
                if value is not NOT_GIVEN
            },
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class Endpoints:
    """`client.endpoints`"""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> EndpointsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return EndpointsWithRawResponse(self._client)

    def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> IdList:
        """List endpoints.

        `GET /endpoints`, served on: unify.

        Unify's endpoints (`model@provider`), all of them or those of one model or one provider.

        Args:
            model: Only the endpoints of this model. (query)
            provider: Only the endpoints of this provider. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_ENDPOINTS,
            query={
                key: value
                for key, value in (
                    ("model", model),
                    ("provider", provider),
                )
                if value is not NOT_GIVEN
            },
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class AsyncEndpointsWithRawResponse:
    """`endpoints` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[IdList]:
        """List endpoints.

        `GET /endpoints`, served on: unify.

        Unify's endpoints (`model@provider`), all of them or those of one model or one provider.

        Args:
            model: Only the endpoints of this model. (query)
            provider: Only the endpoints of this provider. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_ENDPOINTS,
            query={
                key: value
                for key, value in (
                    ("model", model),
                    ("provider", provider),
                )
                if value is not NOT_GIVEN
            },
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class AsyncEndpoints:
    """`client.endpoints`"""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncEndpointsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return AsyncEndpointsWithRawResponse(self._client)

    async def list(
        self,
        *,
        model: str | NotGiven = NOT_GIVEN,
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> IdList:
        """List endpoints.

        `GET /endpoints`, served on: unify.

        Unify's endpoints (`model@provider`), all of them or those of one model or one provider.

        Args:
            model: Only the endpoints of this model. (query)
            provider: Only the endpoints of this provider. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_ENDPOINTS,
            query={
                key: value
                for key, value in (
                    ("model", model),
                    ("provider", provider),
                )
                if value is not NOT_GIVEN
            },
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""`models`: `list()`, `ids()`."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Mapping

from .._base_client import APIResponse, AsyncAPIClient, SyncAPIClient
from .._operations import LIST_MODEL_IDS, LIST_MODELS
from .._types import NOT_GIVEN, NotGiven, Timeout
from ..models import BifrostModelList, IdList, JamaiModelInfoList, ModelList, SgpModelList

__all__ = ["Models", "AsyncModels"]


class ModelsWithRawResponse:
    """`models` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def list(
        self,
        *,
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[ModelList | BifrostModelList | IdList | JamaiModelInfoList | SgpModelList]:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format, in the platform's own
        shape.

        Args:
            provider: Only the models of this provider (Unify, Bifrost). (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_MODELS,
            query={
                key: value for key, value in (("provider", provider),) if value is not NOT_GIVEN
            },
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

    def ids(
        self,
        *,
        prefer: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[IdList]:
        """List model ids.

        `GET /models/ids`, served on: jamai.

        JamAI Base's list of model ids (`models.ids` in its SDK), the preferred one first.

        Args:
            prefer: A model id to put first when it is served. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_MODEL_IDS,
            query={key: value for key, value in (("prefer", prefer),) if value is not NOT_GIVEN},
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
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ModelList | BifrostModelList | IdList | JamaiModelInfoList | SgpModelList:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format, in the platform's own
        shape.

        Args:
            provider: Only the models of this provider (Unify, Bifrost). (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_MODELS,
            query={
                key: value for key, value in (("provider", provider),) if value is not NOT_GIVEN
            },
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

    def ids(
        self,
        *,
        prefer: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> IdList:
        """List model ids.

        `GET /models/ids`, served on: jamai.

        JamAI Base's list of model ids (`models.ids` in its SDK), the preferred one first.

        Args:
            prefer: A model id to put first when it is served. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            LIST_MODEL_IDS,
            query={key: value for key, value in (("prefer", prefer),) if value is not NOT_GIVEN},
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
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[ModelList | BifrostModelList | IdList | JamaiModelInfoList | SgpModelList]:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format, in the platform's own
        shape.

        Args:
            provider: Only the models of this provider (Unify, Bifrost). (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_MODELS,
            query={
                key: value for key, value in (("provider", provider),) if value is not NOT_GIVEN
            },
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

    async def ids(
        self,
        *,
        prefer: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[IdList]:
        """List model ids.

        `GET /models/ids`, served on: jamai.

        JamAI Base's list of model ids (`models.ids` in its SDK), the preferred one first.

        Args:
            prefer: A model id to put first when it is served. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_MODEL_IDS,
            query={key: value for key, value in (("prefer", prefer),) if value is not NOT_GIVEN},
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
        provider: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ModelList | BifrostModelList | IdList | JamaiModelInfoList | SgpModelList:
        """List models.

        `GET /models`.

        The models this platform serves, with ids in its model-id format, in the platform's own
        shape.

        Args:
            provider: Only the models of this provider (Unify, Bifrost). (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_MODELS,
            query={
                key: value for key, value in (("provider", provider),) if value is not NOT_GIVEN
            },
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

    async def ids(
        self,
        *,
        prefer: str | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> IdList:
        """List model ids.

        `GET /models/ids`, served on: jamai.

        JamAI Base's list of model ids (`models.ids` in its SDK), the preferred one first.

        Args:
            prefer: A model id to put first when it is served. (query)
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            LIST_MODEL_IDS,
            query={key: value for key, value in (("prefer", prefer),) if value is not NOT_GIVEN},
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )

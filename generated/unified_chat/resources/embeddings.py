# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""`embeddings`: `create()`."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal, Mapping, Sequence

from .._base_client import APIResponse, AsyncAPIClient, SyncAPIClient
from .._operations import CREATE_EMBEDDING
from .._types import NOT_GIVEN, NotGiven, Timeout
from ..models import (
    EmbeddingList,
    EmbeddingRequestFallback,
    EmbeddingRequestInput,
    EmbeddingRequestInput1,
    EmbeddingRequestInput2,
)

__all__ = ["Embeddings", "AsyncEmbeddings"]


class EmbeddingsWithRawResponse:
    """`embeddings` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create(
        self,
        *,
        model: str,
        input: str | EmbeddingRequestInput | EmbeddingRequestInput1 | EmbeddingRequestInput2,
        dimensions: int | None | NotGiven = NOT_GIVEN,
        encoding_format: Literal["float", "base64"] | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[EmbeddingRequestFallback] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[EmbeddingList]:
        """Create embeddings.

        `POST /embeddings`, served on: openai, bifrost.

        One embedding vector per input, as floats or as base64 of little-endian float32.

        Args:
            model: The embedding model, in the platform's model-id format. [unified; openai, bifrost]
            input: The text to embed, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost]
            dimensions: How many dimensions the vectors have, for models that can shorten them. [partially-unified; openai, bifrost]
            encoding_format: `float` (a list of numbers) or `base64` (little-endian float32 bytes, base64-encoded). [partially-unified; openai, bifrost]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            CREATE_EMBEDDING,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("input", input),
                    ("dimensions", dimensions),
                    ("encoding_format", encoding_format),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class Embeddings:
    """`client.embeddings`"""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> EmbeddingsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return EmbeddingsWithRawResponse(self._client)

    def create(
        self,
        *,
        model: str,
        input: str | EmbeddingRequestInput | EmbeddingRequestInput1 | EmbeddingRequestInput2,
        dimensions: int | None | NotGiven = NOT_GIVEN,
        encoding_format: Literal["float", "base64"] | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[EmbeddingRequestFallback] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> EmbeddingList:
        """Create embeddings.

        `POST /embeddings`, served on: openai, bifrost.

        One embedding vector per input, as floats or as base64 of little-endian float32.

        Args:
            model: The embedding model, in the platform's model-id format. [unified; openai, bifrost]
            input: The text to embed, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost]
            dimensions: How many dimensions the vectors have, for models that can shorten them. [partially-unified; openai, bifrost]
            encoding_format: `float` (a list of numbers) or `base64` (little-endian float32 bytes, base64-encoded). [partially-unified; openai, bifrost]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            CREATE_EMBEDDING,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("input", input),
                    ("dimensions", dimensions),
                    ("encoding_format", encoding_format),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncEmbeddingsWithRawResponse:
    """`embeddings` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def create(
        self,
        *,
        model: str,
        input: str | EmbeddingRequestInput | EmbeddingRequestInput1 | EmbeddingRequestInput2,
        dimensions: int | None | NotGiven = NOT_GIVEN,
        encoding_format: Literal["float", "base64"] | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[EmbeddingRequestFallback] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[EmbeddingList]:
        """Create embeddings.

        `POST /embeddings`, served on: openai, bifrost.

        One embedding vector per input, as floats or as base64 of little-endian float32.

        Args:
            model: The embedding model, in the platform's model-id format. [unified; openai, bifrost]
            input: The text to embed, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost]
            dimensions: How many dimensions the vectors have, for models that can shorten them. [partially-unified; openai, bifrost]
            encoding_format: `float` (a list of numbers) or `base64` (little-endian float32 bytes, base64-encoded). [partially-unified; openai, bifrost]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            CREATE_EMBEDDING,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("input", input),
                    ("dimensions", dimensions),
                    ("encoding_format", encoding_format),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncEmbeddings:
    """`client.embeddings`"""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncEmbeddingsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return AsyncEmbeddingsWithRawResponse(self._client)

    async def create(
        self,
        *,
        model: str,
        input: str | EmbeddingRequestInput | EmbeddingRequestInput1 | EmbeddingRequestInput2,
        dimensions: int | None | NotGiven = NOT_GIVEN,
        encoding_format: Literal["float", "base64"] | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[EmbeddingRequestFallback] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> EmbeddingList:
        """Create embeddings.

        `POST /embeddings`, served on: openai, bifrost.

        One embedding vector per input, as floats or as base64 of little-endian float32.

        Args:
            model: The embedding model, in the platform's model-id format. [unified; openai, bifrost]
            input: The text to embed, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost]
            dimensions: How many dimensions the vectors have, for models that can shorten them. [partially-unified; openai, bifrost]
            encoding_format: `float` (a list of numbers) or `base64` (little-endian float32 bytes, base64-encoded). [partially-unified; openai, bifrost]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            CREATE_EMBEDDING,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("input", input),
                    ("dimensions", dimensions),
                    ("encoding_format", encoding_format),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

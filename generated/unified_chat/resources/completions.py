# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""`completions`: `create()`."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal, Mapping, Sequence, overload

from .._base_client import APIResponse, AsyncAPIClient, SyncAPIClient
from .._operations import CREATE_COMPLETION
from .._streaming import AsyncStream, Stream
from .._types import NOT_GIVEN, NotGiven, Timeout
from ..models import (
    Completion,
    CompletionRequestFallback,
    CompletionRequestLogitBiasAdditionalProperty,
    CompletionRequestStop,
    StreamOptions,
)
from ..params import StreamOptionsParam

__all__ = ["Completions", "AsyncCompletions"]


class CompletionsWithRawResponse:
    """`completions` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[False] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Completion]: ...

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Stream[Completion]]: ...

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Completion] | APIResponse[Stream[Completion]]: ...

    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Completion] | APIResponse[Stream[Completion]]:
        """Create a text completion; with `stream=True`, iterate over typed chunks.

        `POST /completions`, served on: openai, bifrost, sgp.

        The legacy completion of a prompt. With `stream: true` the reply is sent as `text/event-
        stream`, one `Completion` per `data:` line, ended by `data: [DONE]`.

        Args:
            model: The model to use, in the platform's model-id format. [unified; openai, bifrost, sgp]
            prompt: The prompt, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost, sgp]
            max_tokens: The maximum number of tokens to generate. [unified; openai, bifrost, sgp]
            temperature: Sampling temperature; 0 is greedy. [unified; openai, bifrost, sgp]
            top_p: Nucleus sampling; only tokens within the top `top_p` probability mass are considered. [partially-unified; openai, bifrost, sgp]
            n: How many completions to generate for each prompt. [partially-unified; openai, bifrost, sgp]
            stream: Send the reply as server-sent events of `Completion`, ended by `data: [DONE]`. [unified; openai, bifrost, sgp]
            stream_options: Options for a streamed reply; only with `stream: true`. [partially-unified; openai, sgp]
            stop: Up to 4 sequences where generation stops; the returned text never contains them. [unified; openai, bifrost, sgp]
            echo: Return the prompt before the completion. [partially-unified; openai, bifrost, sgp]
            suffix: Text that comes after the completion, for insertion. [partially-unified; openai, bifrost, sgp]
            best_of: Generate this many completions server-side and return the best `n`. [partially-unified; openai, bifrost, sgp]
            logprobs: Return the log probabilities of this many most likely tokens at each position. [partially-unified; openai, bifrost, sgp]
            frequency_penalty: Between -2.0 and 2.0; positive values penalise tokens by how often they already appeared. [partially-unified; openai, bifrost, sgp]
            presence_penalty: Between -2.0 and 2.0; positive values penalise tokens that already appeared at all. [partially-unified; openai, bifrost, sgp]
            logit_bias: Maps token ids (as strings) to a bias from -100 (ban) to 100 (force). [partially-unified; openai, bifrost, sgp]
            seed: Sample deterministically, as far as the backend can, for repeated requests with the same seed. [partially-unified; openai, bifrost, sgp]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai, bifrost, sgp]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            CREATE_COMPLETION,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("prompt", prompt),
                    ("max_tokens", max_tokens),
                    ("temperature", temperature),
                    ("top_p", top_p),
                    ("n", n),
                    ("stream", stream),
                    ("stream_options", stream_options),
                    ("stop", stop),
                    ("echo", echo),
                    ("suffix", suffix),
                    ("best_of", best_of),
                    ("logprobs", logprobs),
                    ("frequency_penalty", frequency_penalty),
                    ("presence_penalty", presence_penalty),
                    ("logit_bias", logit_bias),
                    ("seed", seed),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            stream=stream is True,
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class Completions:
    """`client.completions`"""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> CompletionsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return CompletionsWithRawResponse(self._client)

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[False] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Completion: ...

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Stream[Completion]: ...

    @overload
    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Completion | Stream[Completion]: ...

    def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Completion | Stream[Completion]:
        """Create a text completion; with `stream=True`, iterate over typed chunks.

        `POST /completions`, served on: openai, bifrost, sgp.

        The legacy completion of a prompt. With `stream: true` the reply is sent as `text/event-
        stream`, one `Completion` per `data:` line, ended by `data: [DONE]`.

        Args:
            model: The model to use, in the platform's model-id format. [unified; openai, bifrost, sgp]
            prompt: The prompt, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost, sgp]
            max_tokens: The maximum number of tokens to generate. [unified; openai, bifrost, sgp]
            temperature: Sampling temperature; 0 is greedy. [unified; openai, bifrost, sgp]
            top_p: Nucleus sampling; only tokens within the top `top_p` probability mass are considered. [partially-unified; openai, bifrost, sgp]
            n: How many completions to generate for each prompt. [partially-unified; openai, bifrost, sgp]
            stream: Send the reply as server-sent events of `Completion`, ended by `data: [DONE]`. [unified; openai, bifrost, sgp]
            stream_options: Options for a streamed reply; only with `stream: true`. [partially-unified; openai, sgp]
            stop: Up to 4 sequences where generation stops; the returned text never contains them. [unified; openai, bifrost, sgp]
            echo: Return the prompt before the completion. [partially-unified; openai, bifrost, sgp]
            suffix: Text that comes after the completion, for insertion. [partially-unified; openai, bifrost, sgp]
            best_of: Generate this many completions server-side and return the best `n`. [partially-unified; openai, bifrost, sgp]
            logprobs: Return the log probabilities of this many most likely tokens at each position. [partially-unified; openai, bifrost, sgp]
            frequency_penalty: Between -2.0 and 2.0; positive values penalise tokens by how often they already appeared. [partially-unified; openai, bifrost, sgp]
            presence_penalty: Between -2.0 and 2.0; positive values penalise tokens that already appeared at all. [partially-unified; openai, bifrost, sgp]
            logit_bias: Maps token ids (as strings) to a bias from -100 (ban) to 100 (force). [partially-unified; openai, bifrost, sgp]
            seed: Sample deterministically, as far as the backend can, for repeated requests with the same seed. [partially-unified; openai, bifrost, sgp]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai, bifrost, sgp]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return self._client.request(
            CREATE_COMPLETION,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("prompt", prompt),
                    ("max_tokens", max_tokens),
                    ("temperature", temperature),
                    ("top_p", top_p),
                    ("n", n),
                    ("stream", stream),
                    ("stream_options", stream_options),
                    ("stop", stop),
                    ("echo", echo),
                    ("suffix", suffix),
                    ("best_of", best_of),
                    ("logprobs", logprobs),
                    ("frequency_penalty", frequency_penalty),
                    ("presence_penalty", presence_penalty),
                    ("logit_bias", logit_bias),
                    ("seed", seed),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            stream=stream is True,
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncCompletionsWithRawResponse:
    """`completions` returning `APIResponse` (status, headers, `.parse()` for the typed body)."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[False] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Completion]: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[AsyncStream[Completion]]: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Completion] | APIResponse[AsyncStream[Completion]]: ...

    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> APIResponse[Completion] | APIResponse[AsyncStream[Completion]]:
        """Create a text completion; with `stream=True`, iterate over typed chunks.

        `POST /completions`, served on: openai, bifrost, sgp.

        The legacy completion of a prompt. With `stream: true` the reply is sent as `text/event-
        stream`, one `Completion` per `data:` line, ended by `data: [DONE]`.

        Args:
            model: The model to use, in the platform's model-id format. [unified; openai, bifrost, sgp]
            prompt: The prompt, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost, sgp]
            max_tokens: The maximum number of tokens to generate. [unified; openai, bifrost, sgp]
            temperature: Sampling temperature; 0 is greedy. [unified; openai, bifrost, sgp]
            top_p: Nucleus sampling; only tokens within the top `top_p` probability mass are considered. [partially-unified; openai, bifrost, sgp]
            n: How many completions to generate for each prompt. [partially-unified; openai, bifrost, sgp]
            stream: Send the reply as server-sent events of `Completion`, ended by `data: [DONE]`. [unified; openai, bifrost, sgp]
            stream_options: Options for a streamed reply; only with `stream: true`. [partially-unified; openai, sgp]
            stop: Up to 4 sequences where generation stops; the returned text never contains them. [unified; openai, bifrost, sgp]
            echo: Return the prompt before the completion. [partially-unified; openai, bifrost, sgp]
            suffix: Text that comes after the completion, for insertion. [partially-unified; openai, bifrost, sgp]
            best_of: Generate this many completions server-side and return the best `n`. [partially-unified; openai, bifrost, sgp]
            logprobs: Return the log probabilities of this many most likely tokens at each position. [partially-unified; openai, bifrost, sgp]
            frequency_penalty: Between -2.0 and 2.0; positive values penalise tokens by how often they already appeared. [partially-unified; openai, bifrost, sgp]
            presence_penalty: Between -2.0 and 2.0; positive values penalise tokens that already appeared at all. [partially-unified; openai, bifrost, sgp]
            logit_bias: Maps token ids (as strings) to a bias from -100 (ban) to 100 (force). [partially-unified; openai, bifrost, sgp]
            seed: Sample deterministically, as far as the backend can, for repeated requests with the same seed. [partially-unified; openai, bifrost, sgp]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai, bifrost, sgp]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            CREATE_COMPLETION,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("prompt", prompt),
                    ("max_tokens", max_tokens),
                    ("temperature", temperature),
                    ("top_p", top_p),
                    ("n", n),
                    ("stream", stream),
                    ("stream_options", stream_options),
                    ("stop", stop),
                    ("echo", echo),
                    ("suffix", suffix),
                    ("best_of", best_of),
                    ("logprobs", logprobs),
                    ("frequency_penalty", frequency_penalty),
                    ("presence_penalty", presence_penalty),
                    ("logit_bias", logit_bias),
                    ("seed", seed),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            stream=stream is True,
            raw=True,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncCompletions:
    """`client.completions`"""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncCompletionsWithRawResponse:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return AsyncCompletionsWithRawResponse(self._client)

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[False] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Completion: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncStream[Completion]: ...

    @overload
    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Completion | AsyncStream[Completion]: ...

    async def create(
        self,
        *,
        model: str,
        prompt: str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]],
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | StreamOptionsParam | None | NotGiven = NOT_GIVEN,
        stop: str | CompletionRequestStop | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[CompletionRequestFallback] | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Completion | AsyncStream[Completion]:
        """Create a text completion; with `stream=True`, iterate over typed chunks.

        `POST /completions`, served on: openai, bifrost, sgp.

        The legacy completion of a prompt. With `stream: true` the reply is sent as `text/event-
        stream`, one `Completion` per `data:` line, ended by `data: [DONE]`.

        Args:
            model: The model to use, in the platform's model-id format. [unified; openai, bifrost, sgp]
            prompt: The prompt, as a string, a list of strings, a list of token ids or a list of such lists. [unified; openai, bifrost, sgp]
            max_tokens: The maximum number of tokens to generate. [unified; openai, bifrost, sgp]
            temperature: Sampling temperature; 0 is greedy. [unified; openai, bifrost, sgp]
            top_p: Nucleus sampling; only tokens within the top `top_p` probability mass are considered. [partially-unified; openai, bifrost, sgp]
            n: How many completions to generate for each prompt. [partially-unified; openai, bifrost, sgp]
            stream: Send the reply as server-sent events of `Completion`, ended by `data: [DONE]`. [unified; openai, bifrost, sgp]
            stream_options: Options for a streamed reply; only with `stream: true`. [partially-unified; openai, sgp]
            stop: Up to 4 sequences where generation stops; the returned text never contains them. [unified; openai, bifrost, sgp]
            echo: Return the prompt before the completion. [partially-unified; openai, bifrost, sgp]
            suffix: Text that comes after the completion, for insertion. [partially-unified; openai, bifrost, sgp]
            best_of: Generate this many completions server-side and return the best `n`. [partially-unified; openai, bifrost, sgp]
            logprobs: Return the log probabilities of this many most likely tokens at each position. [partially-unified; openai, bifrost, sgp]
            frequency_penalty: Between -2.0 and 2.0; positive values penalise tokens by how often they already appeared. [partially-unified; openai, bifrost, sgp]
            presence_penalty: Between -2.0 and 2.0; positive values penalise tokens that already appeared at all. [partially-unified; openai, bifrost, sgp]
            logit_bias: Maps token ids (as strings) to a bias from -100 (ban) to 100 (force). [partially-unified; openai, bifrost, sgp]
            seed: Sample deterministically, as far as the backend can, for repeated requests with the same seed. [partially-unified; openai, bifrost, sgp]
            user: An identifier for your end user, for monitoring and abuse detection. [partially-unified; openai, bifrost, sgp]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        return await self._client.request(
            CREATE_COMPLETION,
            body={
                key: value
                for key, value in (
                    ("model", model),
                    ("prompt", prompt),
                    ("max_tokens", max_tokens),
                    ("temperature", temperature),
                    ("top_p", top_p),
                    ("n", n),
                    ("stream", stream),
                    ("stream_options", stream_options),
                    ("stop", stop),
                    ("echo", echo),
                    ("suffix", suffix),
                    ("best_of", best_of),
                    ("logprobs", logprobs),
                    ("frequency_penalty", frequency_penalty),
                    ("presence_penalty", presence_penalty),
                    ("logit_bias", logit_bias),
                    ("seed", seed),
                    ("user", user),
                    ("fallbacks", fallbacks),
                )
                if value is not NOT_GIVEN
            },
            stream=stream is True,
            raw=False,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

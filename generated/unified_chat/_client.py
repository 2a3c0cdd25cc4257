# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""`Client` and `AsyncClient`. Every keyword of `chat.completions.create` comes from the spec."""

from __future__ import annotations

from typing import Any, Literal, Mapping, Sequence, overload

from ._base_client import APIResponse, AsyncAPIClient, SyncAPIClient
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, Timeout
from .models import *  # noqa: F403  (keyword types name the generated models)
from .models import ChatCompletion, ChatCompletionChunk, ModelList

__all__ = ["Client", "AsyncClient"]


class Completions:
    """`chat.completions`"""

    def __init__(self, client: SyncAPIClient, raw: bool = False) -> None:
        self._client = client
        self._raw = raw

    @property
    def with_raw_response(self) -> Completions:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return Completions(self._client, raw=True)

    @overload
    def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: Literal[False] | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ChatCompletion: ...

    @overload
    def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> Stream[ChatCompletionChunk]: ...

    @overload
    def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: bool | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ChatCompletion | Stream[ChatCompletionChunk]: ...

    def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ChatCompletion | Stream[ChatCompletionChunk] | APIResponse[Any]:
        """Create a chat completion; with `stream=True`, iterate over typed chunks.

        Args:
            messages: The conversation so far, oldest first. [unified; openai, unify, jamai, generic, bifrost, sgp]
            model: The model to use, in the platform's model-id format (`gpt-4o`, `gpt-4o@openai`, `openai/gpt-4o`). [unified; openai, unify, jamai, generic, bifrost, sgp]
            max_tokens: The maximum number of tokens to generate. Superseded by `max_completion_tokens` on OpenAI and Scale GenAI Platform; where both are set, `max_completion_tokens` wins. At most 2^31-1 here, so that a value such as 10^400 fails validation; a server's own ceiling is lower (the generated server's `Limits.max_tokens`, 4096 by default). [unified; openai, unify, jamai, bifrost, sgp]
            max_completion_tokens: An upper bound for generated tokens, visible output and reasoning tokens included. Takes precedence over `max_tokens`. At most 2^31-1 here, as `max_tokens`; a server's own ceiling is lower (the generated server's `Limits.max_tokens`, 4096 by default). [partially-unified; openai, jamai, generic, bifrost, sgp]
            stop: Up to 4 sequences where generation stops; the returned text never contains them. [unified; openai, unify, jamai, generic, bifrost, sgp]
            stream: Send the reply as server-sent events of `ChatCompletionChunk`, ended by `data: [DONE]`. [unified; openai, unify, jamai, generic, bifrost, sgp]
            stream_options: Options for a streamed reply; only with `stream: true`. [partially-unified; openai, unify, generic, bifrost, sgp]
            temperature: Sampling temperature. Higher values make the output more random, 0 is greedy. Between 0 and 2 on every platform but JamAI Base, which takes any value >= 0.001. [unified; openai, unify, jamai, generic, bifrost, sgp]
            top_p: Nucleus sampling; only tokens within the top `top_p` probability mass are considered. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            top_k: Only sample from the `top_k` most likely tokens at each step. [partially-unified; sgp]
            n: How many choices to generate for the request. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            frequency_penalty: Between -2.0 and 2.0; positive values penalise tokens by how often they already appeared. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            presence_penalty: Between -2.0 and 2.0; positive values penalise tokens that already appeared at all. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            logit_bias: Maps token ids (as strings) to a bias from -100 (ban) to 100 (force) added to the logits before sampling. [partially-unified; openai, unify, jamai, bifrost, sgp]
            logprobs: Return the log probability of each output token. [partially-unified; openai, unify, generic, bifrost, sgp]
            top_logprobs: With `logprobs`, how many most likely alternatives (0 to 20) to return at each position. [partially-unified; openai, unify, generic, bifrost, sgp]
            response_format: The format the model must output (plain text, any JSON object, or JSON valid against a schema). [partially-unified; openai, unify, generic, bifrost, sgp]
            seed: Sample deterministically, as far as the backend can, for repeated requests with the same seed and parameters. [partially-unified; openai, unify, generic, bifrost, sgp]
            tools: Functions the model may call, at most 128. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            tool_choice: Which tool, if any, the model calls; `none` without tools, `auto` with them by default. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            parallel_tool_calls: Allow several tool calls in one reply. [partially-unified; openai, unify, bifrost, sgp]
            user: An identifier for your end user, for monitoring and abuse detection. Superseded on OpenAI by `safety_identifier` and `prompt_cache_key`. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            metadata: Up to 16 developer-defined string key-value pairs, stored with the completion. [partially-unified; openai, bifrost, sgp]
            modalities: The output types the model should generate, `["text"]` by default, `["text", "audio"]` for speech. [partially-unified; openai, bifrost, sgp]
            store: Store the completion for distillation or evals. [partially-unified; openai, bifrost, sgp]
            reasoning_effort: How much effort a reasoning model spends on reasoning. [partially-unified; openai, bifrost, sgp]
            verbosity: How verbose the model's answer should be. [partially-unified; openai, bifrost]
            service_tier: The processing tier to serve the request with; the response says which was used. [partially-unified; openai, bifrost]
            prompt_cache_key: A key grouping requests with a shared prefix for prompt caching. [partially-unified; openai, bifrost]
            safety_identifier: A stable, hashed identifier of your end user for abuse detection. [partially-unified; openai, bifrost]
            prediction: Predicted output, such as a file being regenerated with small changes, to speed up the reply. [partially-unified; openai, sgp]
            audio: Audio output parameters; required with `modalities` containing `audio`. [partially-unified; openai, sgp]
            web_search_options: Let a search model search the web before answering. [partially-unified; openai]
            functions: Deprecated, use `tools`. Deprecated: use `tools`. Functions the model may generate JSON inputs for. [partially-unified; openai, sgp]
            function_call: Deprecated, use `tool_choice`. Deprecated: use `tool_choice`. Which function, if any, the model calls. [partially-unified; openai, sgp]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            rag_params: Retrieval-augmented generation over a knowledge table; absent disables it. [platform; jamai]
            id: Chat id under which the conversation is logged. [platform; jamai]
            signature: Where the request came from (Python package, NodeJS package, chat interface); set by clients, not users. [platform; unify]
            use_custom_keys: Use your own API key with the provider (your own account) instead of the gateway's. [platform; unify]
            tags: Tags to associate with the logged prompt, as a comma-separated string or a list. [platform; unify]
            drop_params: Drop arguments the chosen provider does not support instead of failing. [platform; unify]
            region: The region to reach the endpoint in, for providers such as vertex-ai and aws-bedrock. [platform; unify]
            log_query_body: Log the request body. [platform; unify]
            log_response_body: Log the response body. [platform; unify]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        body = {
            key: value
            for key, value in (
                ("messages", messages),
                ("model", model),
                ("max_tokens", max_tokens),
                ("max_completion_tokens", max_completion_tokens),
                ("stop", stop),
                ("stream", stream),
                ("stream_options", stream_options),
                ("temperature", temperature),
                ("top_p", top_p),
                ("top_k", top_k),
                ("n", n),
                ("frequency_penalty", frequency_penalty),
                ("presence_penalty", presence_penalty),
                ("logit_bias", logit_bias),
                ("logprobs", logprobs),
                ("top_logprobs", top_logprobs),
                ("response_format", response_format),
                ("seed", seed),
                ("tools", tools),
                ("tool_choice", tool_choice),
                ("parallel_tool_calls", parallel_tool_calls),
                ("user", user),
                ("metadata", metadata),
                ("modalities", modalities),
                ("store", store),
                ("reasoning_effort", reasoning_effort),
                ("verbosity", verbosity),
                ("service_tier", service_tier),
                ("prompt_cache_key", prompt_cache_key),
                ("safety_identifier", safety_identifier),
                ("prediction", prediction),
                ("audio", audio),
                ("web_search_options", web_search_options),
                ("functions", functions),
                ("function_call", function_call),
                ("fallbacks", fallbacks),
                ("rag_params", rag_params),
                ("id", id),
                ("signature", signature),
                ("use_custom_keys", use_custom_keys),
                ("tags", tags),
                ("drop_params", drop_params),
                ("region", region),
                ("log_query_body", log_query_body),
                ("log_response_body", log_response_body),
            )
            if value is not NOT_GIVEN
        }

        streaming = stream is True
        return self._client.request(
            "POST",
            "/chat/completions",
            cast=ChatCompletionChunk if streaming else ChatCompletion,
            body=body,
            stream=streaming,
            raw=self._raw,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class Chat:
    def __init__(self, client: SyncAPIClient) -> None:
        self.completions = Completions(client)


class Models:
    """`models`"""

    def __init__(self, client: SyncAPIClient, raw: bool = False) -> None:
        self._client = client
        self._raw = raw

    @property
    def with_raw_response(self) -> Models:
        return Models(self._client, raw=True)

    def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ModelList:
        """The models the platform serves."""
        return self._client.request(
            "GET",
            "/models",
            cast=ModelList,
            raw=self._raw,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class Client(SyncAPIClient):
    """A typed client for any platform of the spec.

    `Client(platform="unify", api_key=..., base_url="https://api.unify.ai")` sets the base
    path, auth headers and model-id format from the platform's profile. Pass `http_client=` to use
    your own httpx client (proxies, transports, limits).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chat = Chat(self)
        self.models = Models(self)


class AsyncCompletions:
    """`chat.completions`"""

    def __init__(self, client: AsyncAPIClient, raw: bool = False) -> None:
        self._client = client
        self._raw = raw

    @property
    def with_raw_response(self) -> AsyncCompletions:
        """The same methods, returning an `APIResponse` with status and headers; `.parse()` gives the body."""
        return AsyncCompletions(self._client, raw=True)

    @overload
    async def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: Literal[False] | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ChatCompletion: ...

    @overload
    async def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: Literal[True],
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> AsyncStream[ChatCompletionChunk]: ...

    @overload
    async def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: bool | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ChatCompletion | AsyncStream[ChatCompletionChunk]: ...

    async def create(
        self,
        *,
        messages: Sequence[
            SystemMessage
            | DeveloperMessage
            | UserMessage
            | AssistantMessage
            | ToolMessage
            | FunctionMessage
            | Mapping[str, Any]
        ],
        model: str | None | NotGiven = NOT_GIVEN,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        max_completion_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        stream_options: StreamOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        n: int | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        logprobs: bool | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        response_format: ResponseFormatText
        | ResponseFormatJsonObject
        | ResponseFormatJsonSchema
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        seed: int | None | NotGiven = NOT_GIVEN,
        tools: Sequence[Tool | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"]
        | NamedToolChoice
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        modalities: Sequence[Literal["text", "audio"]] | None | NotGiven = NOT_GIVEN,
        store: bool | None | NotGiven = NOT_GIVEN,
        reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"]
        | None
        | NotGiven = NOT_GIVEN,
        verbosity: Literal["low", "medium", "high"] | None | NotGiven = NOT_GIVEN,
        service_tier: Literal["auto", "default", "flex", "scale", "priority"]
        | None
        | NotGiven = NOT_GIVEN,
        prompt_cache_key: str | None | NotGiven = NOT_GIVEN,
        safety_identifier: str | None | NotGiven = NOT_GIVEN,
        prediction: Prediction | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        audio: AudioOutput | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        web_search_options: WebSearchOptions | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        functions: Sequence[FunctionDefinition | Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        function_call: Literal["none", "auto"]
        | FunctionName
        | Mapping[str, Any]
        | None
        | NotGiven = NOT_GIVEN,
        fallbacks: Sequence[str] | None | NotGiven = NOT_GIVEN,
        rag_params: RagParams | Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        id: str | None | NotGiven = NOT_GIVEN,
        signature: str | None | NotGiven = NOT_GIVEN,
        use_custom_keys: bool | None | NotGiven = NOT_GIVEN,
        tags: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        drop_params: bool | None | NotGiven = NOT_GIVEN,
        region: str | None | NotGiven = NOT_GIVEN,
        log_query_body: bool | None | NotGiven = NOT_GIVEN,
        log_response_body: bool | None | NotGiven = NOT_GIVEN,
        stream: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ChatCompletion | AsyncStream[ChatCompletionChunk] | APIResponse[Any]:
        """Create a chat completion; with `stream=True`, iterate over typed chunks.

        Args:
            messages: The conversation so far, oldest first. [unified; openai, unify, jamai, generic, bifrost, sgp]
            model: The model to use, in the platform's model-id format (`gpt-4o`, `gpt-4o@openai`, `openai/gpt-4o`). [unified; openai, unify, jamai, generic, bifrost, sgp]
            max_tokens: The maximum number of tokens to generate. Superseded by `max_completion_tokens` on OpenAI and Scale GenAI Platform; where both are set, `max_completion_tokens` wins. At most 2^31-1 here, so that a value such as 10^400 fails validation; a server's own ceiling is lower (the generated server's `Limits.max_tokens`, 4096 by default). [unified; openai, unify, jamai, bifrost, sgp]
            max_completion_tokens: An upper bound for generated tokens, visible output and reasoning tokens included. Takes precedence over `max_tokens`. At most 2^31-1 here, as `max_tokens`; a server's own ceiling is lower (the generated server's `Limits.max_tokens`, 4096 by default). [partially-unified; openai, jamai, generic, bifrost, sgp]
            stop: Up to 4 sequences where generation stops; the returned text never contains them. [unified; openai, unify, jamai, generic, bifrost, sgp]
            stream: Send the reply as server-sent events of `ChatCompletionChunk`, ended by `data: [DONE]`. [unified; openai, unify, jamai, generic, bifrost, sgp]
            stream_options: Options for a streamed reply; only with `stream: true`. [partially-unified; openai, unify, generic, bifrost, sgp]
            temperature: Sampling temperature. Higher values make the output more random, 0 is greedy. Between 0 and 2 on every platform but JamAI Base, which takes any value >= 0.001. [unified; openai, unify, jamai, generic, bifrost, sgp]
            top_p: Nucleus sampling; only tokens within the top `top_p` probability mass are considered. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            top_k: Only sample from the `top_k` most likely tokens at each step. [partially-unified; sgp]
            n: How many choices to generate for the request. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            frequency_penalty: Between -2.0 and 2.0; positive values penalise tokens by how often they already appeared. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            presence_penalty: Between -2.0 and 2.0; positive values penalise tokens that already appeared at all. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            logit_bias: Maps token ids (as strings) to a bias from -100 (ban) to 100 (force) added to the logits before sampling. [partially-unified; openai, unify, jamai, bifrost, sgp]
            logprobs: Return the log probability of each output token. [partially-unified; openai, unify, generic, bifrost, sgp]
            top_logprobs: With `logprobs`, how many most likely alternatives (0 to 20) to return at each position. [partially-unified; openai, unify, generic, bifrost, sgp]
            response_format: The format the model must output (plain text, any JSON object, or JSON valid against a schema). [partially-unified; openai, unify, generic, bifrost, sgp]
            seed: Sample deterministically, as far as the backend can, for repeated requests with the same seed and parameters. [partially-unified; openai, unify, generic, bifrost, sgp]
            tools: Functions the model may call, at most 128. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            tool_choice: Which tool, if any, the model calls; `none` without tools, `auto` with them by default. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            parallel_tool_calls: Allow several tool calls in one reply. [partially-unified; openai, unify, bifrost, sgp]
            user: An identifier for your end user, for monitoring and abuse detection. Superseded on OpenAI by `safety_identifier` and `prompt_cache_key`. [partially-unified; openai, unify, jamai, generic, bifrost, sgp]
            metadata: Up to 16 developer-defined string key-value pairs, stored with the completion. [partially-unified; openai, bifrost, sgp]
            modalities: The output types the model should generate, `["text"]` by default, `["text", "audio"]` for speech. [partially-unified; openai, bifrost, sgp]
            store: Store the completion for distillation or evals. [partially-unified; openai, bifrost, sgp]
            reasoning_effort: How much effort a reasoning model spends on reasoning. [partially-unified; openai, bifrost, sgp]
            verbosity: How verbose the model's answer should be. [partially-unified; openai, bifrost]
            service_tier: The processing tier to serve the request with; the response says which was used. [partially-unified; openai, bifrost]
            prompt_cache_key: A key grouping requests with a shared prefix for prompt caching. [partially-unified; openai, bifrost]
            safety_identifier: A stable, hashed identifier of your end user for abuse detection. [partially-unified; openai, bifrost]
            prediction: Predicted output, such as a file being regenerated with small changes, to speed up the reply. [partially-unified; openai, sgp]
            audio: Audio output parameters; required with `modalities` containing `audio`. [partially-unified; openai, sgp]
            web_search_options: Let a search model search the web before answering. [partially-unified; openai]
            functions: Deprecated, use `tools`. Deprecated: use `tools`. Functions the model may generate JSON inputs for. [partially-unified; openai, sgp]
            function_call: Deprecated, use `tool_choice`. Deprecated: use `tool_choice`. Which function, if any, the model calls. [partially-unified; openai, sgp]
            fallbacks: Models (`provider/model`) to try in order when the primary model fails. [platform; bifrost]
            rag_params: Retrieval-augmented generation over a knowledge table; absent disables it. [platform; jamai]
            id: Chat id under which the conversation is logged. [platform; jamai]
            signature: Where the request came from (Python package, NodeJS package, chat interface); set by clients, not users. [platform; unify]
            use_custom_keys: Use your own API key with the provider (your own account) instead of the gateway's. [platform; unify]
            tags: Tags to associate with the logged prompt, as a comma-separated string or a list. [platform; unify]
            drop_params: Drop arguments the chosen provider does not support instead of failing. [platform; unify]
            region: The region to reach the endpoint in, for providers such as vertex-ai and aws-bedrock. [platform; unify]
            log_query_body: Log the request body. [platform; unify]
            log_response_body: Log the response body. [platform; unify]
            extra_headers: Headers to add to this request.
            extra_query: Query parameters to add to this request.
            extra_body: JSON properties to add to the body, for arguments the spec does not know.
            timeout: This request's timeout, overriding the client's.
        """

        body = {
            key: value
            for key, value in (
                ("messages", messages),
                ("model", model),
                ("max_tokens", max_tokens),
                ("max_completion_tokens", max_completion_tokens),
                ("stop", stop),
                ("stream", stream),
                ("stream_options", stream_options),
                ("temperature", temperature),
                ("top_p", top_p),
                ("top_k", top_k),
                ("n", n),
                ("frequency_penalty", frequency_penalty),
                ("presence_penalty", presence_penalty),
                ("logit_bias", logit_bias),
                ("logprobs", logprobs),
                ("top_logprobs", top_logprobs),
                ("response_format", response_format),
                ("seed", seed),
                ("tools", tools),
                ("tool_choice", tool_choice),
                ("parallel_tool_calls", parallel_tool_calls),
                ("user", user),
                ("metadata", metadata),
                ("modalities", modalities),
                ("store", store),
                ("reasoning_effort", reasoning_effort),
                ("verbosity", verbosity),
                ("service_tier", service_tier),
                ("prompt_cache_key", prompt_cache_key),
                ("safety_identifier", safety_identifier),
                ("prediction", prediction),
                ("audio", audio),
                ("web_search_options", web_search_options),
                ("functions", functions),
                ("function_call", function_call),
                ("fallbacks", fallbacks),
                ("rag_params", rag_params),
                ("id", id),
                ("signature", signature),
                ("use_custom_keys", use_custom_keys),
                ("tags", tags),
                ("drop_params", drop_params),
                ("region", region),
                ("log_query_body", log_query_body),
                ("log_response_body", log_response_body),
            )
            if value is not NOT_GIVEN
        }

        streaming = stream is True
        return await self._client.request(
            "POST",
            "/chat/completions",
            cast=ChatCompletionChunk if streaming else ChatCompletion,
            body=body,
            stream=streaming,
            raw=self._raw,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncChat:
    def __init__(self, client: AsyncAPIClient) -> None:
        self.completions = AsyncCompletions(client)


class AsyncModels:
    """`models`"""

    def __init__(self, client: AsyncAPIClient, raw: bool = False) -> None:
        self._client = client
        self._raw = raw

    @property
    def with_raw_response(self) -> AsyncModels:
        return AsyncModels(self._client, raw=True)

    async def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        timeout: Timeout | NotGiven = NOT_GIVEN,
    ) -> ModelList:
        """The models the platform serves."""
        return await self._client.request(
            "GET",
            "/models",
            cast=ModelList,
            raw=self._raw,
            extra_headers=extra_headers,
            extra_query=extra_query,
            timeout=timeout,
        )


class AsyncClient(AsyncAPIClient):
    """A typed async client for any platform of the spec.

    `AsyncClient(platform="unify", api_key=..., base_url="https://api.unify.ai")` sets the base
    path, auth headers and model-id format from the platform's profile. Pass `http_client=` to use
    your own httpx client (proxies, transports, limits).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.chat = AsyncChat(self)
        self.models = AsyncModels(self)

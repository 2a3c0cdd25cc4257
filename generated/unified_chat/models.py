# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
#   filename:  <dict>

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AliasChoices, ConfigDict, Field, StringConstraints
from typing_extensions import TypeAliasType

from unified_chat._model_base import Model

ChatCompletionRequestStop = TypeAliasType(
    "ChatCompletionRequestStop",
    Annotated[
        list[str],
        Field(
            description="Up to 4 sequences where generation stops; the returned text never contains them.",
            json_schema_extra={
                "x-argument-class": "unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
            max_length=4,
            min_length=1,
        ),
    ],
)


ChatCompletionRequestLogitBiasAdditionalProperty = TypeAliasType(
    "ChatCompletionRequestLogitBiasAdditionalProperty", Annotated[int, Field(ge=-100, le=100)]
)


ChatCompletionRequestMetadataAdditionalProperty = TypeAliasType(
    "ChatCompletionRequestMetadataAdditionalProperty", Annotated[str, Field(max_length=512)]
)


ChatCompletionRequestFallback = TypeAliasType(
    "ChatCompletionRequestFallback", Annotated[str, Field(min_length=1)]
)


class AssistantMessageAudio(Model):
    """
    A previous audio reply, by id.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str, Field(description="The id of the earlier audio reply.")]


class FunctionMessage(Model):
    """
    Deprecated: use tool messages. The result of a legacy function call.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[Literal["function"], Field(description="Always `function`.")]
    content: Annotated[str | None, Field(description="The function's result.")]
    name: Annotated[str, Field(description="The function that was called.")]


class TextPart(Model):
    """
    A text content part.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["text"], Field(description="Always `text`.")]
    text: Annotated[str, Field(description="The text.")]


class ImageUrlPartImageUrl(Model):
    """
    The image.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    url: Annotated[str, Field(description="A URL or a `data:` URL with base64 image data.")]
    detail: Annotated[
        Literal["auto", "low", "high"] | None, Field(description="The detail level of the image.")
    ] = None


class ImageUrlPart(Model):
    """
    An image, by URL or as a base64 data URL.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["image_url"], Field(description="Always `image_url`.")]
    image_url: Annotated[ImageUrlPartImageUrl, Field(description="The image.")]


class InputAudioPartInputAudio(Model):
    """
    The audio.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    data: Annotated[str, Field(description="Base64 encoded audio.")]
    format: Annotated[Literal["wav", "mp3"], Field(description="The audio's encoding.")]


class InputAudioPart(Model):
    """
    Audio input, base64 encoded.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["input_audio"], Field(description="Always `input_audio`.")]
    input_audio: Annotated[InputAudioPartInputAudio, Field(description="The audio.")]


class FilePartFile(Model):
    """
    The file, by id or as base64 data with a name.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    file_id: Annotated[str | None, Field(description="The id of an uploaded file.")] = None
    file_data: Annotated[str | None, Field(description="Base64 encoded file data.")] = None
    filename: Annotated[str | None, Field(description="The file's name, with `file_data`.")] = None


class FilePart(Model):
    """
    A file, uploaded or inline.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["file"], Field(description="Always `file`.")]
    file: Annotated[
        FilePartFile, Field(description="The file, by id or as base64 data with a name.")
    ]


class RefusalPart(Model):
    """
    A refusal in an earlier assistant reply.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["refusal"], Field(description="Always `refusal`.")]
    refusal: Annotated[str, Field(description="The refusal message.")]


class FunctionCall(Model):
    """
    A function name and its arguments as a JSON string.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(description="The function's name.")]
    arguments: Annotated[
        str,
        Field(
            description="The arguments, a JSON object as a string; the model may produce invalid JSON."
        ),
    ]


class FunctionDefinition(Model):
    """
    A function's name, purpose and parameter schema.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[
        str,
        Field(
            description="The function's name; letters, digits, underscores and dashes, at most 64.",
            pattern="^[a-zA-Z0-9_-]{1,64}$",
        ),
    ]
    description: Annotated[
        str | None,
        Field(description="What the function does, for the model to decide when to call it."),
    ] = None
    parameters: Annotated[
        dict[str, Any] | None,
        Field(description="The parameters as a JSON Schema object; absent means no parameters."),
    ] = None
    strict: Annotated[
        bool | None, Field(description="Require the arguments to follow `parameters` exactly.")
    ] = None


class NamedToolChoiceFunction(Model):
    """
    The function to call.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(description="The function's name.")]


class NamedToolChoice(Model):
    """
    Forces a call of the named function.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["function"], Field(description="Always `function`.")]
    function: Annotated[NamedToolChoiceFunction, Field(description="The function to call.")]


class FunctionName(Model):
    """
    Names the function the model must call.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(description="The function to call.")]


class ResponseFormatText(Model):
    """
    Plain text output.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["text"], Field(description="Always `text`.")]


class ResponseFormatJsonObject(Model):
    """
    Any valid JSON object (JSON mode); instruct the model to produce JSON too.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["json_object"], Field(description="Always `json_object`.")]


class ResponseFormatJsonSchemaJsonSchema(Model):
    """
    The schema and its name.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[
        str,
        Field(
            description="The format's name; letters, digits, underscores and dashes, at most 64."
        ),
    ]
    description: Annotated[str | None, Field(description="What the format is for.")] = None
    schema_: Annotated[
        dict[str, Any] | None,
        Field(alias="schema", description="The JSON Schema the output must follow."),
    ] = None
    strict: Annotated[bool | None, Field(description="Enforce the schema exactly.")] = None


class ResponseFormatJsonSchema(Model):
    """
    JSON valid against a schema (Structured Outputs).
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["json_schema"], Field(description="Always `json_schema`.")]
    json_schema: Annotated[
        ResponseFormatJsonSchemaJsonSchema, Field(description="The schema and its name.")
    ]


class StreamOptions(Model):
    """
    Options for a streamed reply.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    include_usage: Annotated[
        bool | None,
        Field(description="Send a last chunk with `usage` and `choices: []` before `[DONE]`."),
    ] = None
    include_obfuscation: Annotated[
        bool | None,
        Field(
            description="Pad deltas with a random `obfuscation` field against side-channel attacks."
        ),
    ] = None


class AudioOutput(Model):
    """
    Audio output parameters.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    voice: Annotated[str, Field(description="The voice, such as `alloy`, `echo` or `shimmer`.")]
    format: Annotated[
        Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"],
        Field(description="The audio format."),
    ]


class WebSearchOptions(Model):
    """
    Web search options.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    search_context_size: Annotated[
        Literal["low", "medium", "high"] | None,
        Field(description="How much context to retrieve from the web."),
    ] = None
    user_location: Annotated[
        dict[str, Any] | None,
        Field(description="The user's approximate location, to localise the search."),
    ] = None


class RagParams(Model):
    """
    JamAI Base's retrieval-augmented generation parameters.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    table_id: Annotated[str, Field(description="The knowledge table to search.", min_length=1)]
    reranking_model: Annotated[
        str | None, Field(description="The reranking model; null disables reranking.")
    ] = None
    search_query: Annotated[
        str | None, Field(description="The query to search with; empty uses the last user message.")
    ] = None
    k: Annotated[int | None, Field(description="How many chunks to retrieve.", ge=1, le=1024)] = (
        None
    )
    inline_citations: Annotated[
        bool | None, Field(description="Cite the retrieved chunks inline.")
    ] = None


class ResponseFunctionCall(Model):
    """
    A called function with its arguments as a JSON string.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str | None, Field(description="The function's name.")] = None
    arguments: Annotated[
        str | None, Field(description="The arguments as a JSON string; validate before use.")
    ] = None


class TopLogprob(Model):
    """
    An alternative token and its log probability.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    token: Annotated[str, Field(description="The token.")]
    logprob: Annotated[float, Field(description="Its log probability.")]
    bytes: Annotated[list[int] | None, Field(description="The token's UTF-8 bytes.")] = None


class PromptTokensDetails(Model):
    """
    A breakdown of prompt tokens.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    cached_tokens: Annotated[
        int | None, Field(description="Prompt tokens served from the cache.")
    ] = None
    audio_tokens: Annotated[int | None, Field(description="Audio prompt tokens.")] = None


class CompletionTokensDetails(Model):
    """
    A breakdown of completion tokens.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    reasoning_tokens: Annotated[int | None, Field(description="Tokens spent reasoning.")] = None
    audio_tokens: Annotated[int | None, Field(description="Audio tokens generated.")] = None
    accepted_prediction_tokens: Annotated[
        int | None, Field(description="Predicted tokens that appeared in the completion.")
    ] = None
    rejected_prediction_tokens: Annotated[
        int | None, Field(description="Predicted tokens that did not.")
    ] = None


class BifrostExtraFieldsBilledUsage(Model):
    """
    What the provider billed.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    prompt_tokens: Annotated[int | None, Field(description="Billed prompt tokens.")] = None
    completion_tokens: Annotated[int | None, Field(description="Billed completion tokens.")] = None
    search_units: Annotated[int | None, Field(description="Billed search units.")] = None
    classifications: Annotated[int | None, Field(description="Billed classifications.")] = None


class BifrostExtraFields(Model):
    """
    Bifrost's extra response block.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    provider: Annotated[str | None, Field(description="The provider that served the request.")] = (
        None
    )
    request_type: Annotated[str | None, Field(description="The kind of request.")] = None
    model_requested: Annotated[
        str | None, Field(description="The model the client asked for, before fallbacks.")
    ] = None
    model_params: Annotated[
        dict[str, Any] | None, Field(description="The parameters sent to the provider.")
    ] = None
    latency: Annotated[float | None, Field(description="Provider latency in milliseconds.")] = None
    billed_usage: Annotated[
        BifrostExtraFieldsBilledUsage | None, Field(description="What the provider billed.")
    ] = None
    raw_response: Annotated[
        Any | None, Field(description="The provider's raw response, when asked for.")
    ] = None


class ToolCallDelta(Model):
    """
    A piece of a tool call; `id`, `type` and the name come in its first piece.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    index: Annotated[int | None, Field(description="Which tool call this piece belongs to.")] = None
    id: Annotated[str | None, Field(description="The call's id.")] = None
    type: Annotated[str | None, Field(description="`function`.")] = None
    function: Annotated[
        ResponseFunctionCall | None,
        Field(description="The next piece of the function name and arguments."),
    ] = None


class Error(Model):
    """
    What went wrong.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    message: Annotated[str, Field(description="A human-readable message.")]
    type: Annotated[
        str | None,
        Field(
            description="The error's kind, such as `invalid_request_error` or `authentication_error`."
        ),
    ] = None
    param: Annotated[
        str | None,
        Field(description="The offending request parameter, as a dotted path, when there is one."),
    ] = None
    code: Annotated[
        str | int | None,
        Field(description="A machine-readable code, such as `invalid_value` or `model_not_found`."),
    ] = None


class ModelModel(Model):
    """
    A model.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str, Field(description="The model id, in the platform's format.")]
    object: Annotated[Literal["model"], Field(description="Always `model`.")]
    created: Annotated[
        int | None, Field(description="Unix time, in seconds, when the model was created.")
    ] = None
    owned_by: Annotated[str | None, Field(description="The organisation that owns the model.")] = (
        None
    )


TextContentTextContent = TypeAliasType(
    "TextContentTextContent",
    Annotated[
        list[TextPart],
        Field(description="Text, as a string or a list of text parts.", min_length=1),
    ],
)


class ToolCall(Model):
    """
    A call of a function tool, in an assistant message sent back to the model.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[
        str, Field(description="The call's id, echoed by the tool message that answers it.")
    ]
    type: Annotated[Literal["function"], Field(description="Always `function`.")]
    function: Annotated[FunctionCall, Field(description="The function and its arguments.")]


class Tool(Model):
    """
    A function the model may call.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["function"], Field(description="Always `function`.")]
    function: Annotated[FunctionDefinition, Field(description="The function.")]


class Prediction(Model):
    """
    Predicted output content.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    type: Annotated[Literal["content"], Field(description="Always `content`.")]
    content: Annotated[str | TextContentTextContent, Field(description="The predicted content.")]


class ResponseToolCall(Model):
    """
    A tool call made by the model. Some providers leave out `type`; `function` is meant.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str | None, Field(description="The call's id.")] = None
    type: Annotated[str, Field(description="`function`.")] = "function"
    function: Annotated[
        ResponseFunctionCall | None, Field(description="The function and its arguments.")
    ] = None


class TokenLogprob(Model):
    """
    A token, its log probability, and the most likely alternatives.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    token: Annotated[str, Field(description="The token.")]
    logprob: Annotated[float, Field(description="Its log probability, at most 0.")]
    bytes: Annotated[list[int] | None, Field(description="The token's UTF-8 bytes.")] = None
    top_logprobs: Annotated[
        list[TopLogprob] | None,
        Field(description="The most likely tokens at this position, most likely first."),
    ] = None


class Usage(Model):
    """
    Token usage.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    prompt_tokens: Annotated[int | None, Field(description="Tokens in the prompt.")] = None
    completion_tokens: Annotated[int | None, Field(description="Tokens generated.")] = None
    total_tokens: Annotated[int | None, Field(description="Prompt plus completion tokens.")] = None
    prompt_tokens_details: Annotated[
        PromptTokensDetails | None, Field(description="A breakdown of prompt tokens.")
    ] = None
    completion_tokens_details: Annotated[
        CompletionTokensDetails | None, Field(description="A breakdown of completion tokens.")
    ] = None
    cache_creation_input_tokens: Annotated[
        int | None,
        Field(description="Anthropic-style count of prompt tokens written to the cache."),
    ] = None
    cache_read_input_tokens: Annotated[
        int | None, Field(description="Anthropic-style count of prompt tokens read from the cache.")
    ] = None


class ChunkDelta(Model):
    """
    A piece of the generated message.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[str | None, Field(description="`assistant`, in the first chunk only.")] = None
    content: Annotated[str | None, Field(description="The next piece of text.")] = None
    refusal: Annotated[str | None, Field(description="The next piece of a refusal.")] = None
    tool_calls: Annotated[
        list[ToolCallDelta] | None, Field(description="Pieces of tool calls.")
    ] = None
    function_call: Annotated[
        ResponseFunctionCall | None,
        Field(description="Deprecated: see `tool_calls`. A piece of the legacy function call."),
    ] = None
    reasoning_content: Annotated[
        str | None, Field(description="The next piece of reasoning, from DeepSeek-style providers.")
    ] = None


class ErrorResponse(Model):
    """
    The error envelope of every 4xx and 5xx answer.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    error: Annotated[Error, Field(description="The error.")]


class ModelList(Model):
    """
    The models a platform serves.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    object: Annotated[Literal["list"], Field(description="Always `list`.")]
    data: Annotated[list[ModelModel], Field(description="The models.")]


class SystemMessage(Model):
    """
    Instructions for the model, outranked by developer messages on newer models.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[Literal["system"], Field(description="Always `system`.")]
    content: Annotated[str | TextContentTextContent, Field(description="The instructions.")]
    name: Annotated[str | None, Field(description="An optional participant name.")] = None


class DeveloperMessage(Model):
    """
    Instructions from the developer that the model follows regardless of user messages.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[Literal["developer"], Field(description="Always `developer`.")]
    content: Annotated[str | TextContentTextContent, Field(description="The instructions.")]
    name: Annotated[str | None, Field(description="An optional participant name.")] = None


UserMessageContent = TypeAliasType(
    "UserMessageContent",
    Annotated[
        list[
            Annotated[
                TextPart | ImageUrlPart | InputAudioPart | FilePart, Field(discriminator="type")
            ]
        ],
        Field(description="The text, or a list of content parts.", min_length=1),
    ],
)


class UserMessage(Model):
    """
    A message from the end user; text, images, audio or files.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[Literal["user"], Field(description="Always `user`.")]
    content: Annotated[
        str | UserMessageContent, Field(description="The text, or a list of content parts.")
    ]
    name: Annotated[str | None, Field(description="An optional participant name.")] = None


AssistantMessageContent = TypeAliasType(
    "AssistantMessageContent",
    Annotated[
        list[Annotated[TextPart | RefusalPart, Field(discriminator="type")]],
        Field(
            description="The reply; may be absent or null when `tool_calls` or `function_call` is given.",
            min_length=1,
        ),
    ],
)


class AssistantMessage(Model):
    """
    An earlier reply of the model, with its tool calls.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[Literal["assistant"], Field(description="Always `assistant`.")]
    content: Annotated[
        str | AssistantMessageContent | None,
        Field(
            description="The reply; may be absent or null when `tool_calls` or `function_call` is given."
        ),
    ] = None
    refusal: Annotated[str | None, Field(description="The model's refusal message.")] = None
    name: Annotated[str | None, Field(description="An optional participant name.")] = None
    audio: Annotated[
        AssistantMessageAudio | None, Field(description="A previous audio reply, by id.")
    ] = None
    tool_calls: Annotated[
        list[ToolCall] | None, Field(description="The tool calls the model made.")
    ] = None
    function_call: Annotated[
        FunctionCall | None,
        Field(
            deprecated=True,
            description="Deprecated: use `tool_calls`. The function call the model made.",
        ),
    ] = None


class ToolMessage(Model):
    """
    The result of a tool call, answering the call with `tool_call_id`.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[Literal["tool"], Field(description="Always `tool`.")]
    content: Annotated[str | TextContentTextContent, Field(description="The tool's result.")]
    tool_call_id: Annotated[str, Field(description="The id of the tool call this answers.")]


class ResponseMessage(Model):
    """
    A message generated by the model.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    role: Annotated[str, Field(description="Always `assistant` from a conforming provider.")]
    content: Annotated[str | None, Field(description="The text of the reply.")] = None
    refusal: Annotated[
        str | None, Field(description="The refusal message, when the model refused.")
    ] = None
    tool_calls: Annotated[
        list[ResponseToolCall] | None, Field(description="The tool calls the model made.")
    ] = None
    function_call: Annotated[
        ResponseFunctionCall | None,
        Field(description="Deprecated: see `tool_calls`. The legacy function call."),
    ] = None
    annotations: Annotated[
        list[dict[str, Any]] | None, Field(description="Annotations such as URL citations.")
    ] = None
    audio: Annotated[
        dict[str, Any] | None,
        Field(description="The audio reply, with `modalities` containing `audio`."),
    ] = None
    reasoning_content: Annotated[
        str | None,
        Field(description="The model's reasoning, as DeepSeek-style providers return it."),
    ] = None


class ChoiceLogprobs(Model):
    """
    Log probabilities of a choice's tokens.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    content: Annotated[
        list[TokenLogprob] | None, Field(description="One entry per content token.")
    ] = None
    refusal: Annotated[
        list[TokenLogprob] | None, Field(description="One entry per refusal token.")
    ] = None


class ChunkChoice(Model):
    """
    The delta of one choice.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    index: Annotated[int, Field(description="The choice's position.")]
    delta: Annotated[ChunkDelta, Field(description="What this chunk adds.")]
    finish_reason: Annotated[
        Literal["stop", "length", "tool_calls", "content_filter", "function_call"] | str | None,
        Field(description="Why generation stopped; only in the choice's last chunk."),
    ] = None
    logprobs: Annotated[
        ChoiceLogprobs | None,
        Field(
            description="Log probabilities of this chunk's tokens.",
            validation_alias=AliasChoices("logprobs", "log_probs"),
        ),
    ] = None


class Choice(Model):
    """
    One choice of a completion.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    index: Annotated[int, Field(description="The choice's position.")]
    message: Annotated[ResponseMessage, Field(description="The generated message.")]
    finish_reason: Annotated[
        Literal["stop", "length", "tool_calls", "content_filter", "function_call"] | str | None,
        Field(description="Why generation stopped."),
    ] = None
    logprobs: Annotated[
        ChoiceLogprobs | None,
        Field(
            description="Log probabilities of the output tokens, when asked.",
            validation_alias=AliasChoices("logprobs", "log_probs"),
        ),
    ] = None


class ChatCompletionChunk(Model):
    """
    One server-sent event of a streamed completion.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str | None, Field(description="The completion's id, the same in every chunk.")]
    object: Annotated[str, Field(description="Always `chat.completion.chunk`.")]
    created: Annotated[
        int, Field(description="Unix time, in seconds, of creation; the same in every chunk.")
    ]
    model: Annotated[str, Field(description="The model that answered.")]
    choices: Annotated[
        list[ChunkChoice], Field(description="The choices' deltas; empty in the final usage chunk.")
    ]
    usage: Annotated[
        Usage | None, Field(description="Null except in the final chunk with `include_usage`.")
    ] = None
    system_fingerprint: Annotated[
        str | None, Field(description="The backend configuration that answered.")
    ] = None
    service_tier: Annotated[str | None, Field(description="The processing tier actually used.")] = (
        None
    )


class ChatCompletionRequest(Model):
    """
    The body of `POST /chat/completions`, merged across platforms.
    """

    model_config = ConfigDict(
        extra="forbid",
    )
    messages: Annotated[
        list[
            Annotated[
                SystemMessage
                | DeveloperMessage
                | UserMessage
                | AssistantMessage
                | ToolMessage
                | FunctionMessage,
                Field(discriminator="role"),
            ]
        ],
        Field(
            description="The conversation so far, oldest first.",
            json_schema_extra={
                "x-argument-class": "unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
            min_length=1,
        ),
    ]
    model: Annotated[
        str | None,
        Field(
            description="The model to use, in the platform's model-id format (`gpt-4o`, `gpt-4o@openai`, `openai/gpt-4o`).",
            json_schema_extra={
                "x-argument-class": "unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    max_tokens: Annotated[
        int | None,
        Field(
            description="The maximum number of tokens to generate. Superseded by `max_completion_tokens` on\nOpenAI and Scale GenAI Platform; where both are set, `max_completion_tokens` wins.\nAt most 2^31-1 here, so that a value such as 10^400 fails validation; a server's own\nceiling is lower (the generated server's `Limits.max_tokens`, 4096 by default).\n",
            ge=1,
            json_schema_extra={
                "x-argument-class": "unified",
                "x-platforms": ["openai", "unify", "jamai", "bifrost", "sgp"],
            },
            le=2147483647,
        ),
    ] = None
    max_completion_tokens: Annotated[
        int | None,
        Field(
            description="An upper bound for generated tokens, visible output and reasoning tokens included. Takes\nprecedence over `max_tokens`. At most 2^31-1 here, as `max_tokens`; a server's own\nceiling is lower (the generated server's `Limits.max_tokens`, 4096 by default).\n",
            ge=1,
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "jamai", "generic", "bifrost", "sgp"],
            },
            le=2147483647,
        ),
    ] = None
    stop: Annotated[
        str | ChatCompletionRequestStop | None,
        Field(
            description="Up to 4 sequences where generation stops; the returned text never contains them.",
            json_schema_extra={
                "x-argument-class": "unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    stream: Annotated[
        bool | None,
        Field(
            description="Send the reply as server-sent events of `ChatCompletionChunk`, ended by `data: [DONE]`.",
            json_schema_extra={
                "x-argument-class": "unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
        ),
    ] = False
    stream_options: Annotated[
        StreamOptions | None,
        Field(
            description="Options for a streamed reply; only with `stream: true`.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    temperature: Annotated[
        float | None,
        Field(
            description="Sampling temperature. Higher values make the output more random, 0 is greedy. Between 0\nand 2 on every platform but JamAI Base, which takes any value >= 0.001.\n",
            ge=0.0,
            json_schema_extra={
                "x-argument-class": "unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    top_p: Annotated[
        float | None,
        Field(
            description="Nucleus sampling; only tokens within the top `top_p` probability mass are considered.",
            ge=0.0,
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    top_k: Annotated[
        int | None,
        Field(
            description="Only sample from the `top_k` most likely tokens at each step.",
            ge=1,
            json_schema_extra={"x-argument-class": "partially-unified", "x-platforms": ["sgp"]},
        ),
    ] = None
    n: Annotated[
        int | None,
        Field(
            description="How many choices to generate for the request.",
            ge=1,
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
            le=128,
        ),
    ] = 1
    frequency_penalty: Annotated[
        float | None,
        Field(
            description="Between -2.0 and 2.0; positive values penalise tokens by how often they already appeared.",
            ge=-2.0,
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
            le=2.0,
        ),
    ] = None
    presence_penalty: Annotated[
        float | None,
        Field(
            description="Between -2.0 and 2.0; positive values penalise tokens that already appeared at all.",
            ge=-2.0,
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
            le=2.0,
        ),
    ] = None
    logit_bias: Annotated[
        dict[
            Annotated[str, StringConstraints(pattern=r"^[0-9]+$")],
            ChatCompletionRequestLogitBiasAdditionalProperty,
        ]
        | None,
        Field(
            description="Maps token ids (as strings) to a bias from -100 (ban) to 100 (force) added to the logits before sampling.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "bifrost", "sgp"],
            },
        ),
    ] = None
    logprobs: Annotated[
        bool | None,
        Field(
            description="Return the log probability of each output token.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    top_logprobs: Annotated[
        int | None,
        Field(
            description="With `logprobs`, how many most likely alternatives (0 to 20) to return at each position.",
            ge=0,
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "generic", "bifrost", "sgp"],
            },
            le=20,
        ),
    ] = None
    response_format: Annotated[
        ResponseFormatText | ResponseFormatJsonObject | ResponseFormatJsonSchema | None,
        Field(
            description="The format the model must output (plain text, any JSON object, or JSON valid against a schema).",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    seed: Annotated[
        int | None,
        Field(
            description="Sample deterministically, as far as the backend can, for repeated requests with the same seed and parameters.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    tools: Annotated[
        list[Tool] | None,
        Field(
            description="Functions the model may call, at most 128.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
            max_length=128,
        ),
    ] = None
    tool_choice: Annotated[
        Literal["none", "auto", "required"] | NamedToolChoice | None,
        Field(
            description="Which tool, if any, the model calls; `none` without tools, `auto` with them by default.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    parallel_tool_calls: Annotated[
        bool | None,
        Field(
            description="Allow several tool calls in one reply.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "bifrost", "sgp"],
            },
        ),
    ] = True
    user: Annotated[
        str | None,
        Field(
            description="An identifier for your end user, for monitoring and abuse detection. Superseded on OpenAI by `safety_identifier` and `prompt_cache_key`.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "unify", "jamai", "generic", "bifrost", "sgp"],
            },
        ),
    ] = None
    metadata: Annotated[
        dict[str, ChatCompletionRequestMetadataAdditionalProperty] | None,
        Field(
            description="Up to 16 developer-defined string key-value pairs, stored with the completion.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost", "sgp"],
            },
        ),
    ] = None
    modalities: Annotated[
        list[Literal["text", "audio"]] | None,
        Field(
            description='The output types the model should generate, `["text"]` by default, `["text", "audio"]` for speech.',
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost", "sgp"],
            },
        ),
    ] = None
    store: Annotated[
        bool | None,
        Field(
            description="Store the completion for distillation or evals.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost", "sgp"],
            },
        ),
    ] = None
    reasoning_effort: Annotated[
        Literal["none", "minimal", "low", "medium", "high", "xhigh"] | None,
        Field(
            description="How much effort a reasoning model spends on reasoning.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost", "sgp"],
            },
        ),
    ] = None
    verbosity: Annotated[
        Literal["low", "medium", "high"] | None,
        Field(
            description="How verbose the model's answer should be.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost"],
            },
        ),
    ] = None
    service_tier: Annotated[
        Literal["auto", "default", "flex", "scale", "priority"] | None,
        Field(
            description="The processing tier to serve the request with; the response says which was used.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost"],
            },
        ),
    ] = None
    prompt_cache_key: Annotated[
        str | None,
        Field(
            description="A key grouping requests with a shared prefix for prompt caching.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost"],
            },
        ),
    ] = None
    safety_identifier: Annotated[
        str | None,
        Field(
            description="A stable, hashed identifier of your end user for abuse detection.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "bifrost"],
            },
        ),
    ] = None
    prediction: Annotated[
        Prediction | None,
        Field(
            description="Predicted output, such as a file being regenerated with small changes, to speed up the reply.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "sgp"],
            },
        ),
    ] = None
    audio: Annotated[
        AudioOutput | None,
        Field(
            description="Audio output parameters; required with `modalities` containing `audio`.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "sgp"],
            },
        ),
    ] = None
    web_search_options: Annotated[
        WebSearchOptions | None,
        Field(
            description="Let a search model search the web before answering.",
            json_schema_extra={"x-argument-class": "partially-unified", "x-platforms": ["openai"]},
        ),
    ] = None
    functions: Annotated[
        list[FunctionDefinition] | None,
        Field(
            deprecated=True,
            description="Deprecated: use `tools`. Functions the model may generate JSON inputs for.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "sgp"],
            },
            max_length=128,
            min_length=1,
        ),
    ] = None
    function_call: Annotated[
        Literal["none", "auto"] | FunctionName | None,
        Field(
            deprecated=True,
            description="Deprecated: use `tool_choice`. Which function, if any, the model calls.",
            json_schema_extra={
                "x-argument-class": "partially-unified",
                "x-platforms": ["openai", "sgp"],
            },
        ),
    ] = None
    fallbacks: Annotated[
        list[ChatCompletionRequestFallback] | None,
        Field(
            description="Models (`provider/model`) to try in order when the primary model fails.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["bifrost"]},
        ),
    ] = None
    rag_params: Annotated[
        RagParams | None,
        Field(
            description="Retrieval-augmented generation over a knowledge table; absent disables it.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["jamai"]},
        ),
    ] = None
    id: Annotated[
        str | None,
        Field(
            description="Chat id under which the conversation is logged.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["jamai"]},
        ),
    ] = None
    signature: Annotated[
        str | None,
        Field(
            description="Where the request came from (Python package, NodeJS package, chat interface); set by clients, not users.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["unify"]},
        ),
    ] = None
    use_custom_keys: Annotated[
        bool | None,
        Field(
            description="Use your own API key with the provider (your own account) instead of the gateway's.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["unify"]},
        ),
    ] = None
    tags: Annotated[
        str | list[str] | None,
        Field(
            description="Tags to associate with the logged prompt, as a comma-separated string or a list.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["unify"]},
        ),
    ] = None
    drop_params: Annotated[
        bool | None,
        Field(
            description="Drop arguments the chosen provider does not support instead of failing.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["unify"]},
        ),
    ] = True
    region: Annotated[
        str | None,
        Field(
            description="The region to reach the endpoint in, for providers such as vertex-ai and aws-bedrock.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["unify"]},
        ),
    ] = None
    log_query_body: Annotated[
        bool | None,
        Field(
            description="Log the request body.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["unify"]},
        ),
    ] = True
    log_response_body: Annotated[
        bool | None,
        Field(
            description="Log the response body.",
            json_schema_extra={"x-argument-class": "platform", "x-platforms": ["unify"]},
        ),
    ] = True


class ChatCompletion(Model):
    """
    A chat completion.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: Annotated[str | None, Field(description="The completion's id.")]
    object: Annotated[
        str,
        Field(description="Always `chat.completion` (older TGI servers send `text_completion`)."),
    ]
    created: Annotated[int, Field(description="Unix time, in seconds, of creation.")]
    model: Annotated[str, Field(description="The model that answered.")]
    choices: Annotated[list[Choice], Field(description="The choices, `n` of them.")]
    usage: Annotated[Usage | None, Field(description="Token usage of the request.")] = None
    system_fingerprint: Annotated[
        str | None, Field(description="The backend configuration that answered.")
    ] = None
    service_tier: Annotated[str | None, Field(description="The processing tier actually used.")] = (
        None
    )
    extra_fields: Annotated[
        BifrostExtraFields | None,
        Field(description="Bifrost's account of how it served the request."),
    ] = None

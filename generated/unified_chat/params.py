# generated from spec fddddc0dfbafd085 by unispec 0.1.0, do not edit
"""TypedDicts of every model: what a caller may pass as plain dicts, checked by type checkers."""

from __future__ import annotations

from typing import Any, Literal, Mapping, Sequence

from typing_extensions import Required, TypeAlias, TypedDict

from .models import (
    ChatCompletionRequestFallback,
    ChatCompletionRequestLogitBiasAdditionalProperty,
    ChatCompletionRequestMetadataAdditionalProperty,
    ChatCompletionRequestStop,
    CompletionRequestFallback,
    CompletionRequestLogitBiasAdditionalProperty,
    CompletionRequestStop,
    EmbeddingRequestFallback,
    EmbeddingRequestInput,
    EmbeddingRequestInput1,
    EmbeddingRequestInput2,
    FinishReason,
)


class AssistantMessageAudioParam(TypedDict, total=False):
    id: Required[str]


class FunctionMessageParam(TypedDict, total=False):
    role: Required[Literal["function"]]
    content: Required[str | None]
    name: Required[str]


class TextPartParam(TypedDict, total=False):
    type: Required[Literal["text"]]
    text: Required[str]


class ImageUrlPartImageUrlParam(TypedDict, total=False):
    url: Required[str]
    detail: Literal["auto", "low", "high"] | None


class ImageUrlPartParam(TypedDict, total=False):
    type: Required[Literal["image_url"]]
    image_url: Required[ImageUrlPartImageUrlParam]


class InputAudioPartInputAudioParam(TypedDict, total=False):
    data: Required[str]
    format: Required[Literal["wav", "mp3"]]


class InputAudioPartParam(TypedDict, total=False):
    type: Required[Literal["input_audio"]]
    input_audio: Required[InputAudioPartInputAudioParam]


class FilePartFileParam(TypedDict, total=False):
    file_id: str | None
    file_data: str | None
    filename: str | None


class FilePartParam(TypedDict, total=False):
    type: Required[Literal["file"]]
    file: Required[FilePartFileParam]


class RefusalPartParam(TypedDict, total=False):
    type: Required[Literal["refusal"]]
    refusal: Required[str]


class FunctionCallParam(TypedDict, total=False):
    name: Required[str]
    arguments: Required[str]


class FunctionDefinitionParam(TypedDict, total=False):
    name: Required[str]
    description: str | None
    parameters: Mapping[str, Any] | None
    strict: bool | None


class NamedToolChoiceFunctionParam(TypedDict, total=False):
    name: Required[str]


class NamedToolChoiceParam(TypedDict, total=False):
    type: Required[Literal["function"]]
    function: Required[NamedToolChoiceFunctionParam]


class FunctionNameParam(TypedDict, total=False):
    name: Required[str]


class ResponseFormatTextParam(TypedDict, total=False):
    type: Required[Literal["text"]]


class ResponseFormatJsonObjectParam(TypedDict, total=False):
    type: Required[Literal["json_object"]]


class ResponseFormatJsonSchemaJsonSchemaParam(TypedDict, total=False):
    name: Required[str]
    description: str | None
    schema: Mapping[str, Any] | None
    strict: bool | None


class ResponseFormatJsonSchemaParam(TypedDict, total=False):
    type: Required[Literal["json_schema"]]
    json_schema: Required[ResponseFormatJsonSchemaJsonSchemaParam]


class StreamOptionsParam(TypedDict, total=False):
    include_usage: bool | None
    include_obfuscation: bool | None


class AudioOutputParam(TypedDict, total=False):
    voice: Required[str]
    format: Required[Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"]]


class WebSearchOptionsParam(TypedDict, total=False):
    search_context_size: Literal["low", "medium", "high"] | None
    user_location: Mapping[str, Any] | None


class RagParamsParam(TypedDict, total=False):
    table_id: Required[str]
    reranking_model: str | None
    search_query: str | None
    k: int | None
    inline_citations: bool | None


class ResponseFunctionCallParam(TypedDict, total=False):
    name: str | None
    arguments: str | None


class TopLogprobParam(TypedDict, total=False):
    token: Required[str]
    logprob: Required[float]
    bytes: Sequence[int] | None


class PromptTokensDetailsParam(TypedDict, total=False):
    cached_tokens: int | None
    audio_tokens: int | None


class CompletionTokensDetailsParam(TypedDict, total=False):
    reasoning_tokens: int | None
    audio_tokens: int | None
    accepted_prediction_tokens: int | None
    rejected_prediction_tokens: int | None


class BifrostExtraFieldsBilledUsageParam(TypedDict, total=False):
    prompt_tokens: int | None
    completion_tokens: int | None
    search_units: int | None
    classifications: int | None


class BifrostExtraFieldsParam(TypedDict, total=False):
    provider: str | None
    request_type: str | None
    model_requested: str | None
    model_params: Mapping[str, Any] | None
    latency: float | None
    billed_usage: BifrostExtraFieldsBilledUsageParam | None
    raw_response: Any | None


class ToolCallDeltaParam(TypedDict, total=False):
    index: int | None
    id: str | None
    type: str | None
    function: ResponseFunctionCallParam | None


class ErrorParam(TypedDict, total=False):
    message: Required[str]
    type: str | None
    param: str | None
    code: str | int | None


class ModelParam(TypedDict, total=False):
    id: Required[str]
    object: Required[Literal["model"]]
    created: int | None
    owned_by: str | None


class JamaiModelInfoParam(TypedDict, total=False):
    id: Required[str]
    type: str | None
    name: Required[str]
    owned_by: str | None
    capabilities: Sequence[str] | None
    context_length: int | None
    created_at: Required[str]
    updated_at: Required[str]


class SgpModelDefinitionParam(TypedDict, total=False):
    model_name: Required[str]
    model_type: Required[str]
    model_vendor: Required[str]
    model_availability: str | None


class BifrostModelParam(TypedDict, total=False):
    id: Required[str]
    name: str | None
    created: int | None
    owned_by: str | None
    context_length: int | None


class CompletionRequestParam(TypedDict, total=False):
    model: Required[str]
    prompt: Required[str | Sequence[str] | Sequence[int] | Sequence[Sequence[int]]]
    max_tokens: int | None
    temperature: float | None
    top_p: float | None
    n: int | None
    stream: bool | None
    stream_options: StreamOptionsParam | None
    stop: str | CompletionRequestStop | None
    echo: bool | None
    suffix: str | None
    best_of: int | None
    logprobs: int | None
    frequency_penalty: float | None
    presence_penalty: float | None
    logit_bias: Mapping[str, CompletionRequestLogitBiasAdditionalProperty] | None
    seed: int | None
    user: str | None
    fallbacks: Sequence[CompletionRequestFallback] | None


class CompletionLogprobsParam(TypedDict, total=False):
    tokens: Sequence[str] | None
    token_logprobs: Sequence[float] | None
    top_logprobs: Sequence[Mapping[str, float]] | None
    text_offset: Sequence[int] | None


class EmbeddingRequestParam(TypedDict, total=False):
    model: Required[str]
    input: Required[str | EmbeddingRequestInput | EmbeddingRequestInput1 | EmbeddingRequestInput2]
    dimensions: int | None
    encoding_format: Literal["float", "base64"] | None
    user: str | None
    fallbacks: Sequence[EmbeddingRequestFallback] | None


class EmbeddingParam(TypedDict, total=False):
    object: Required[Literal["embedding"]]
    index: Required[int]
    embedding: Required[Sequence[float] | str]


class EmbeddingUsageParam(TypedDict, total=False):
    prompt_tokens: int | None
    total_tokens: int | None


class ToolCallParam(TypedDict, total=False):
    id: Required[str]
    type: Required[Literal["function"]]
    function: Required[FunctionCallParam]


class ToolParam(TypedDict, total=False):
    type: Required[Literal["function"]]
    function: Required[FunctionDefinitionParam]


class PredictionParam(TypedDict, total=False):
    type: Required[Literal["content"]]
    content: Required[TextContentParam]


class ResponseToolCallParam(TypedDict, total=False):
    id: str | None
    type: str
    function: ResponseFunctionCallParam | None


class TokenLogprobParam(TypedDict, total=False):
    token: Required[str]
    logprob: Required[float]
    bytes: Sequence[int] | None
    top_logprobs: Sequence[TopLogprobParam] | None


class UsageParam(TypedDict, total=False):
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    prompt_tokens_details: PromptTokensDetailsParam | None
    completion_tokens_details: CompletionTokensDetailsParam | None
    cache_creation_input_tokens: int | None
    cache_read_input_tokens: int | None


class ChunkDeltaParam(TypedDict, total=False):
    role: str | None
    content: str | None
    refusal: str | None
    tool_calls: Sequence[ToolCallDeltaParam] | None
    function_call: ResponseFunctionCallParam | None
    reasoning_content: str | None


class ErrorResponseParam(TypedDict, total=False):
    error: Required[ErrorParam]


class ModelListParam(TypedDict, total=False):
    object: Required[Literal["list"]]
    data: Required[Sequence[ModelParam]]


class JamaiModelInfoListParam(TypedDict, total=False):
    object: Required[Literal["models.info"]]
    data: Required[Sequence[JamaiModelInfoParam]]


class SgpModelListParam(TypedDict, total=False):
    items: Required[Sequence[SgpModelDefinitionParam]]
    object: Literal["list"] | None


class BifrostModelListParam(TypedDict, total=False):
    data: Required[Sequence[BifrostModelParam]]
    extra_fields: BifrostExtraFieldsParam | None
    next_page_token: str | None


class CompletionChoiceParam(TypedDict, total=False):
    index: Required[int]
    text: Required[str]
    finish_reason: str | None
    logprobs: CompletionLogprobsParam | None


class EmbeddingListParam(TypedDict, total=False):
    object: Required[Literal["list"]]
    data: Required[Sequence[EmbeddingParam]]
    model: Required[str]
    usage: EmbeddingUsageParam | None
    extra_fields: BifrostExtraFieldsParam | None


class SystemMessageParam(TypedDict, total=False):
    role: Required[Literal["system"]]
    content: Required[TextContentParam]
    name: str | None


class DeveloperMessageParam(TypedDict, total=False):
    role: Required[Literal["developer"]]
    content: Required[TextContentParam]
    name: str | None


class UserMessageParam(TypedDict, total=False):
    role: Required[Literal["user"]]
    content: Required[str | UserMessageContentParam]
    name: str | None


class AssistantMessageParam(TypedDict, total=False):
    role: Required[Literal["assistant"]]
    content: str | AssistantMessageContentParam | None
    refusal: str | None
    name: str | None
    audio: AssistantMessageAudioParam | None
    tool_calls: Sequence[ToolCallParam] | None
    function_call: FunctionCallParam | None


class ToolMessageParam(TypedDict, total=False):
    role: Required[Literal["tool"]]
    content: Required[TextContentParam]
    tool_call_id: Required[str]


class ResponseMessageParam(TypedDict, total=False):
    role: Required[str]
    content: str | None
    refusal: str | None
    tool_calls: Sequence[ResponseToolCallParam] | None
    function_call: ResponseFunctionCallParam | None
    annotations: Sequence[Mapping[str, Any]] | None
    audio: Mapping[str, Any] | None
    reasoning_content: str | None


class ChoiceLogprobsParam(TypedDict, total=False):
    content: Sequence[TokenLogprobParam] | None
    refusal: Sequence[TokenLogprobParam] | None


class ChunkChoiceParam(TypedDict, total=False):
    index: Required[int]
    delta: Required[ChunkDeltaParam]
    finish_reason: FinishReason | None
    logprobs: ChoiceLogprobsParam | None


class CompletionParam(TypedDict, total=False):
    id: Required[str]
    object: str | None
    created: Required[int]
    model: Required[str]
    system_fingerprint: str | None
    choices: Required[Sequence[CompletionChoiceParam]]
    usage: UsageParam | None


class ChoiceParam(TypedDict, total=False):
    index: Required[int]
    message: Required[ResponseMessageParam]
    finish_reason: FinishReason | None
    logprobs: ChoiceLogprobsParam | None


class ChatCompletionChunkParam(TypedDict, total=False):
    id: Required[str | None]
    object: Required[str]
    created: Required[int]
    model: Required[str]
    choices: Required[Sequence[ChunkChoiceParam]]
    usage: UsageParam | None
    system_fingerprint: str | None
    service_tier: str | None


class ChatCompletionRequestParam(TypedDict, total=False):
    messages: Required[Sequence[MessageParam]]
    model: str | None
    max_tokens: int | None
    max_completion_tokens: int | None
    stop: str | ChatCompletionRequestStop | None
    stream: bool | None
    stream_options: StreamOptionsParam | None
    temperature: float | None
    top_p: float | None
    top_k: int | None
    n: int | None
    frequency_penalty: float | None
    presence_penalty: float | None
    logit_bias: Mapping[str, ChatCompletionRequestLogitBiasAdditionalProperty] | None
    logprobs: bool | None
    top_logprobs: int | None
    response_format: ResponseFormatParam | None
    seed: int | None
    tools: Sequence[ToolParam] | None
    tool_choice: ToolChoiceParam | None
    parallel_tool_calls: bool | None
    user: str | None
    metadata: Mapping[str, ChatCompletionRequestMetadataAdditionalProperty] | None
    modalities: Sequence[Literal["text", "audio"]] | None
    store: bool | None
    reasoning_effort: Literal["none", "minimal", "low", "medium", "high", "xhigh"] | None
    verbosity: Literal["low", "medium", "high"] | None
    service_tier: Literal["auto", "default", "flex", "scale", "priority"] | None
    prompt_cache_key: str | None
    safety_identifier: str | None
    prediction: PredictionParam | None
    audio: AudioOutputParam | None
    web_search_options: WebSearchOptionsParam | None
    functions: Sequence[FunctionDefinitionParam] | None
    function_call: FunctionCallOptionParam | None
    fallbacks: Sequence[ChatCompletionRequestFallback] | None
    rag_params: RagParamsParam | None
    id: str | None
    signature: str | None
    use_custom_keys: bool | None
    tags: str | Sequence[str] | None
    drop_params: bool | None
    region: str | None
    log_query_body: bool | None
    log_response_body: bool | None


class ChatCompletionParam(TypedDict, total=False):
    id: Required[str | None]
    object: Required[str]
    created: Required[int]
    model: Required[str]
    choices: Required[Sequence[ChoiceParam]]
    usage: UsageParam | None
    system_fingerprint: str | None
    service_tier: str | None
    extra_fields: BifrostExtraFieldsParam | None


TextContentTextContentParam: TypeAlias = Sequence[TextPartParam]
TextContentParam: TypeAlias = str | TextContentTextContentParam
UserContentPartParam: TypeAlias = (
    TextPartParam | ImageUrlPartParam | InputAudioPartParam | FilePartParam
)
AssistantContentPartParam: TypeAlias = TextPartParam | RefusalPartParam
ToolChoiceParam: TypeAlias = Literal["none", "auto", "required"] | NamedToolChoiceParam | None
FunctionCallOptionParam: TypeAlias = Literal["none", "auto"] | FunctionNameParam | None
ResponseFormatParam: TypeAlias = (
    ResponseFormatTextParam | ResponseFormatJsonObjectParam | ResponseFormatJsonSchemaParam
)
UserMessageContentParam: TypeAlias = Sequence[UserContentPartParam]
AssistantMessageContentParam: TypeAlias = Sequence[AssistantContentPartParam]
MessageParam: TypeAlias = (
    SystemMessageParam
    | DeveloperMessageParam
    | UserMessageParam
    | AssistantMessageParam
    | ToolMessageParam
    | FunctionMessageParam
)

"""unispec: a spec-driven codegen toolkit for OpenAI-compatible chat-completion gateways."""

__version__ = "0.1.0"

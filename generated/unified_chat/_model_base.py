# generated from spec 539bddf77d292aa7 by unispec 0.1.0, do not edit
"""The base of every generated model."""

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    # Build each model's validator on first use, not at import: a client never validates request
    # models and a server never validates chunks, so neither pays for what it does not use.
    # JSON has no NaN or Infinity, but pydantic's JSON parser accepts them: refuse them.
    model_config = ConfigDict(defer_build=True, allow_inf_nan=False)

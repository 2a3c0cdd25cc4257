"""`unispec contract`: which parts of the spec a provider honours, derived from the spec itself."""

from .cases import Case, Outcome, build_cases
from .replay import Verdict, replay
from .run import ContractSetupError, Report, Result, run, run_contract

__all__ = [
    "Case",
    "Outcome",
    "build_cases",
    "Verdict",
    "replay",
    "ContractSetupError",
    "Report",
    "Result",
    "run",
    "run_contract",
]

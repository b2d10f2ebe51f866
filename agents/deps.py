"""What the graph's nodes depend on, passed in by build_graph (never imported globally)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

T = TypeVar("T", bound=BaseModel)


class Extractor(Protocol):
    """Structured extraction by a model: ``agents.llm.LLMExtractor`` or a test fake."""

    name: str  # "model:<name>"

    def extract(self, response_model: type[T], prompt_id: str, *, context: dict[str, Any] | None = None,
                **variables: Any) -> tuple[T, dict[str, int]]:
        """The validated object and the usage of this call (calls, prompt_tokens, completion_tokens)."""
        ...


@dataclass
class Deps:
    extractor: Extractor | None = None

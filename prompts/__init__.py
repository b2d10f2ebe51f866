"""Versioned LLM prompts kept as data files: front matter (id, version, response_model), then a
[system] and a [user] block rendered with Jinja2. Lists of allowed labels are rendered from the
schemas' enums and specs, so prompts and code share one vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import jinja2

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@dataclass(frozen=True)
class Prompt:
    id: str
    version: str
    response_model: str
    system: str
    user: str

    def render(self, **variables: object) -> list[dict[str, str]]:
        variables = {**_defaults(self.id), **variables}
        return [{"role": "system", "content": _ENV.from_string(self.system).render(**variables).strip()},
                {"role": "user", "content": _ENV.from_string(self.user).render(**variables).strip()}]


def _defaults(prompt_id: str) -> dict[str, object]:
    """The worked examples the validators recognise (schemas/llm.py), so a copied example is rejected."""
    from schemas.llm import SECTION5_EXAMPLE, TABLE_EXAMPLE

    return {"extract_table": {"example": TABLE_EXAMPLE}, "classify_section5": {"example": SECTION5_EXAMPLE}}.get(prompt_id, {})


@cache
def load(prompt_id: str) -> Prompt:
    name = f"{prompt_id}.zh.md.j2"
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise ValueError(f"prompt {name} has no front matter")
    _, front, body = text.split("---", 2)
    meta = dict(line.split(":", 1) for line in front.strip().splitlines() if ":" in line)
    meta = {k.strip(): v.strip() for k, v in meta.items()}
    if meta.get("id") != prompt_id:
        raise ValueError(f"prompt {name}: id {meta.get('id')!r} does not match its file name")
    system, user = body.split("[user]", 1)
    return Prompt(prompt_id, meta["version"], meta["response_model"], system.replace("[system]", "", 1), user)


def versions() -> dict[str, str]:
    return {p: load(p).version for p in ("extract_table", "classify_section5", "choose_reading", "choose_row")}

"""Fuzz: check the example reports mutated at random, and report every internal error (a traceback).

    python scripts/fuzz.py                      # 5 minutes, text and Markdown reports
    python scripts/fuzz.py --seconds 60 --seed 7 --html
    python scripts/fuzz.py --runs 500           # a fixed number of mutations

A mutation is what damaged files and careless tools do to a report: lines swapped, joined, cut off or
repeated; cell marks (pipes, tabs, dashes, full-width figures, 〇) inserted; figures broken by commas,
points or signs; for HTML, cells and rows opened or closed out of turn and spans set wild. xxgk may
say a mutated report cannot be read (an input error) or find fault with it: both are answers. A
traceback is not. Each input that gave one is saved (``--out``) with the error, to be cut down and
made a test (tests/unit/test_bad_input.py holds the ones found so far).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

MARKS = ["|", "\t", "\n", " ", "—", "0", "１", "〇", "（", "）", "、", "。", "\u3000", "\xa0", "二十", "-", "*", "#"]
IN_FIGURES = [",", ".", ",", "，", "+", "-", ".0", ", "]
TAGS = ["<td>", "</td>", "<tr>", "</tr>", '<td rowspan="3">', '<td colspan="9">', '<td colspan="0">',
        '<td rowspan="999">', "&nbsp;", "<br>", "<table>", "</table>", "<p>", "0", "12"]


def _mutate(text: str, rng: random.Random, reach: int, damages: int, damage: Callable[..., str]) -> str:
    """One to six damages at random places: ``damage(text, i, j, k, rng)`` with text[i:j] the stretch
    (up to ``reach`` characters) and k which of its ``damages`` kinds."""
    for _ in range(rng.randint(1, 6)):
        if len(text) < 10:
            break
        i = rng.randrange(len(text))
        j = min(len(text), i + rng.randint(1, reach))
        text = damage(text, i, j, rng.randrange(damages), rng)
    return text


def _text_damage(text: str, i: int, j: int, k: int, rng: random.Random) -> str:
    if k == 0:
        return text[:i] + text[j:]
    if k == 1:
        return text[:i] + text[i:j] * rng.randint(2, 4) + text[j:]
    if k == 2:
        return text[:i] + rng.choice(MARKS) * rng.randint(1, 5) + text[i:]
    if k == 3:
        lines = text.split("\n")
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
        return "\n".join(lines)
    if k == 4:
        return text[:i] + text[i:j].replace("\n", " ") + text[j:]
    if k == 5:
        return text[:i] + "".join(rng.choice("0123456789 ") for _ in range(rng.randint(1, 30))) + text[i:]
    if k == 6:
        return text[:i]
    if k == 7:
        return text[:i] + text[i:j][::-1] + text[j:]
    for _ in range(rng.randint(1, 8)):  # commas, points, signs inside figures
        runs = list(re.finditer(r"\d{2,}", text))
        if not runs:
            break
        m = rng.choice(runs)
        at = rng.randint(m.start() + 1, m.end() - 1)
        text = text[:at] + rng.choice(IN_FIGURES) + text[at:]
    return text


def _html_damage(html: str, i: int, j: int, k: int, rng: random.Random) -> str:
    if k == 0:
        return html[:i] + html[j:]
    if k == 1:
        return html[:i] + html[i:j] * 2 + html[j:]
    if k == 2:
        return html[:i] + rng.choice(TAGS) + html[i:]
    if k == 3:
        attr = rng.choice(['colspan="', 'rowspan="'])
        return html.replace(attr, attr + str(rng.randint(0, 30)), 1)
    if k == 4:
        return html[:i]
    return html[:i] + html[i:j].replace("<", "") + html[j:]


def mutate_text(text: str, rng: random.Random) -> str:
    return _mutate(text, rng, 200, 10, _text_damage)


def mutate_html(html: str, rng: random.Random) -> str:
    return _mutate(html, rng, 300, 6, _html_damage)


def sources(html: bool) -> list[tuple[Path, Callable[[str, random.Random], str]]]:
    """The example reports (text and Markdown; with ``html``, the web pages too) and how each is mutated."""
    texts = sorted(p for p in (ROOT / "examples" / "reports").iterdir() if p.suffix in (".txt", ".md"))
    texts += sorted(p for p in (ROOT / "examples" / "corpus").iterdir() if p.suffix in (".txt", ".md"))
    out: list[tuple[Path, Callable[[str, random.Random], str]]] = [(p, mutate_text) for p in texts]
    if html:
        pages = sorted((ROOT / "examples" / "corpus").glob("*.html")) + sorted((ROOT / "tests" / "fixtures").rglob("*.html"))
        out += [(p, mutate_html) for p in pages]
    return out


def fuzz(seed: int, *, runs: int | None = None, seconds: float = 300.0, html: bool = False,
         out: Path | None = None, work: Path) -> tuple[int, list[tuple[str, str]]]:
    """Check mutated reports until ``runs`` are done (or ``seconds`` pass): (runs, [(saved input, error)])."""
    from agents.errors import XxgkError
    from agents.verdict import check_file

    rng = random.Random(seed)
    originals = [(p, p.read_text(encoding="utf-8"), how) for p, how in sources(html)]
    crashes: list[tuple[str, str]] = []
    done, t0 = 0, time.monotonic()
    while (done < runs) if runs is not None else (time.monotonic() - t0 < seconds):
        path, text, how = originals[rng.randrange(len(originals))]
        mutated = how(text, rng)
        target = work / f"mutated{path.suffix}"
        target.write_text(mutated, encoding="utf-8")
        done += 1
        try:
            check_file(target)
        except XxgkError:
            pass  # an answer: the input cannot be read
        except Exception as exc:  # what this looks for
            error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            saved = str(target)
            if out is not None:
                out.mkdir(parents=True, exist_ok=True)
                dest = out / f"crash-{seed}-{done}{path.suffix}"
                dest.write_text(mutated, encoding="utf-8")
                dest.with_suffix(dest.suffix + ".error.txt").write_text(traceback.format_exc(), encoding="utf-8")
                saved = str(dest)
            crashes.append((saved, error))
    return done, crashes


def main() -> None:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=300.0)
    ap.add_argument("--runs", type=int, default=None, help="this many mutations instead of a time limit")
    ap.add_argument("--html", action="store_true", help="mutate the example web pages too")
    ap.add_argument("--out", type=Path, default=Path("fuzz-crashes"), help="where inputs that gave a traceback are saved")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        done, crashes = fuzz(args.seed, runs=args.runs, seconds=args.seconds, html=args.html, out=args.out,
                             work=Path(tmp))
    for saved, error in crashes:
        print(f"traceback: {saved}: {error.splitlines()[-1]}")
    print(f"{done} mutated reports checked, {len(crashes)} tracebacks (seed {args.seed})")
    sys.exit(1 if crashes else 0)


if __name__ == "__main__":
    main()

"""Digest throughput: N reports made by copying and perturbing the example reports, no model.

    python scripts/bench_digest.py              # 1000 reports, all cores
    python scripts/bench_digest.py -n 250 -j 2

Prints wall time, reports per second and peak memory of the main process and of the workers, so
memory can be compared across N (it should grow with the results only, not with the texts).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.batch import run_digest  # noqa: E402

SEEDS = sorted((ROOT / "examples/reports").glob("*.txt"))
PLACES = ["东城", "西城", "南岗", "北林", "江北", "河东", "山阳", "清河", "长安", "新华"]
BUREAUS = ["司法局", "财政局", "民政局", "教育局", "卫生健康委员会", "自然资源局", "人力资源和社会保障局"]


def perturb(text: str, i: int, rng: random.Random) -> str:
    agency = f"{PLACES[i % len(PLACES)]}区{BUREAUS[(i // len(PLACES)) % len(BUREAUS)]}{i // 70 or ''}"
    text = re.sub(r"[\u4e00-\u9fff]{2,8}(?:市|区|县)司法局", agency, text)
    year = 2021 + i % 5
    text = re.sub(r"20(?:2[0-5])年", f"{year}年", text)
    sentences = text.split("。")
    k = rng.randrange(len(sentences))
    sentences[k] = sentences[k] + f"（第{i}号）"
    text = "。".join(sentences)
    return re.sub(r"(?<=[\t| ])0(?=[\t| ])", lambda m: str(rng.choice([0, 0, 0, 1])), text, count=3)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-j", "--workers", type=int, default=None)
    args = ap.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        for i in range(args.n):
            seed = SEEDS[i % len(SEEDS)]
            (src / f"{i:05d}_{seed.name}").write_text(perturb(seed.read_text(encoding="utf-8"), i, rng),
                                                     encoding="utf-8")
        t0 = time.perf_counter()
        d = run_digest(src, out, workers=args.workers)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        run_digest(src, out, workers=args.workers)
        again = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.n} reports: {first:.1f} s ({args.n / first:.0f} reports/s; target: 1000 in ≤ 20 s on 2 cores, no model)")
    print(f"re-run from cache: {again:.2f} s; cross-report findings: {len(d.cross)}; "
          f"unreadable: {d.stats.unreadable}")
    print(f"peak memory: main process {me:.0f} MB, largest worker {kids:.0f} MB")


if __name__ == "__main__":
    main()

"""Lighthouse scores of the demo homepage on the scholar theme.

    python benchmarks/lighthouse.py                 # home, publications, an entry page
    python benchmarks/lighthouse.py --runs 3        # the median of three runs per page
    python benchmarks/lighthouse.py --pages index lab

Builds docs/demo into a temporary folder, serves it on localhost, and runs
Lighthouse 12.2.3 (npm; the newest that runs on Node 20) in Debian's Chromium
on each page, as a phone (Lighthouse's default) and as a desktop.  Prints
performance, accessibility, best practices and SEO.  ``LIGHTHOUSE`` names a
lighthouse executable; without it ``npx --yes lighthouse@12.2.3`` is used,
which fetches it from npm once.  The performance score moves a point or two
from run to run on a shared machine: quote medians.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def lighthouse_command() -> list[str]:
    if os.environ.get("LIGHTHOUSE"):
        return shlex.split(os.environ["LIGHTHOUSE"])
    return ["npx", "--yes", "lighthouse@12.2.3"]


def scores(url: str, preset: str, work: Path) -> dict[str, float]:
    report = work / "report.json"
    command = [
        *lighthouse_command(),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", shutil.which("chromium") or "")}
    subprocess.run(command, check=True, env=environment, stdout=subprocess.DEVNULL)
    result = json.loads(report.read_text(encoding="utf-8"))
    failed = [
        audit["id"]
        for audit in result["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    ]
    if failed:
        print(f"    {preset}: audits not passed: {', '.join(sorted(failed))}", file=sys.stderr)
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", default=["index", "publications", "papers/marwick2025sparse"])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        build = work / "html"
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(ROOT / "docs" / "demo"), str(build)], check=True
        )
        handler = functools.partial(QuietHandler, directory=str(build))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        print(f"{'page':34} {'preset':8} " + " ".join(f"{name:>14}" for name in CATEGORIES))
        lowest = 100.0
        for page in args.pages:
            for preset in ("mobile", "desktop"):
                runs = [scores(f"{base}/{page}.html", preset, work) for _ in range(args.runs)]
                medians = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
                lowest = min(lowest, *medians.values())
                print(f"{page:34} {preset:8} " + " ".join(f"{medians[name]:>14g}" for name in CATEGORIES))
        server.shutdown()
    print(f"lowest score: {lowest:g}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

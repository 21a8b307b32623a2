"""How fast the minutes PDF is built, beside the floor of plain reportlab measured in the same run.

    /work/venv/bin/python benchmarks/bench_pdf.py [--runs 5]

Targets (issue 4): a 3-page minutes PDF in a fresh process <= 250 ms (import + build); built again in
the same process <= 50 ms; 50 pages <= 1 s. The floor is plain reportlab with DejaVu embedded: the same
text as one Paragraph per piece in a SimpleDocTemplate (no tables, styling, fallback font, header,
footer, watermark or "Page X of Y"). A fresh process is timed twice: inside the child (import + build,
what the target means) and from outside (wall time including the interpreter's start).

On a shared machine wall-clock times swing with the load; CPU times (process_time) are printed beside
them and are the steadier figure. The ratio to the floor is the number to watch.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

THREE_PAGES = 2  # repeats of the sample business that make 3 pages
FIFTY_PAGES = 49


def _sample(repeat: int, latin_only: bool):
    import pdf_samples
    from lien_desktop.domain.meeting_documents import AttendeeDoc

    doc = pdf_samples.minutes(repeat=repeat)
    if latin_only:  # no CJK name: the 4 MB fallback font is never loaded
        doc = dataclasses.replace(doc, present=tuple(p for p in doc.present if p.name != "李雷"),
                                  items=tuple(dataclasses.replace(i, motions=()) for i in doc.items))
        assert all(isinstance(p, AttendeeDoc) for p in doc.present)
    return doc


def _texts(value) -> list[str]:
    """Every piece of text in a document, in order (the floor prints these as plain paragraphs)."""
    if isinstance(value, str):
        return [value] if value else []
    if dataclasses.is_dataclass(value):
        return [t for f in dataclasses.fields(value) for t in _texts(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _texts(v)]
    if value is None or isinstance(value, bool):
        return []
    return [str(value)]


def build_ours(doc, path: str) -> None:
    from lien_desktop.io.pdf import write_minutes

    write_minutes(doc, path)


def build_floor(doc, path: str) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(REPO / "resources/fonts/DejaVuSans.ttf")))
    style = ParagraphStyle("plain", fontName="DejaVuSans", fontSize=10, leading=14)
    story = [Paragraph(escape(text), style) for text in _texts(doc)]
    SimpleDocTemplate(path, initialFontName="DejaVuSans").build(story)


BUILDERS = {"ours": build_ours, "floor": build_floor}


def child(kind: str, repeat: int, latin_only: bool, out: str) -> None:
    """Run in a fresh process: time the imports and the first build."""
    start, cpu_start = time.perf_counter(), time.process_time()
    if kind == "ours":
        import lien_desktop.io.pdf  # noqa: F401
    else:
        import reportlab.platypus  # noqa: F401
    imported = time.perf_counter()
    doc = _sample(repeat, latin_only)
    BUILDERS[kind](doc, out)
    done = time.perf_counter()
    print(json.dumps({"import": imported - start, "total": done - start,
                      "cpu": time.process_time() - cpu_start}))


def fresh(kind: str, repeat: int, latin_only: bool, runs: int, folder: str) -> tuple[float, float, float]:
    """Medians over `runs` of: import + build inside the child (wall, CPU), the whole process (wall)."""
    inside, cpu, wall = [], [], []
    env = dict(os.environ)
    for run in range(runs + 1):
        command = [sys.executable, __file__, "--child", kind, "--repeat", str(repeat),
                   "--out", os.path.join(folder, f"fresh-{kind}.pdf")] + (["--latin"] if latin_only else [])
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        elapsed = time.perf_counter() - started
        if run:  # the first run warms the disk cache and the .pyc files
            report = json.loads(result.stdout)
            inside.append(report["total"])
            cpu.append(report["cpu"])
            wall.append(elapsed)
    return statistics.median(inside), statistics.median(cpu), statistics.median(wall)


def warm(kind: str, repeat: int, runs: int, folder: str) -> tuple[float, float, int]:
    """Median wall and CPU time to build again in this process (fonts already registered)."""
    from pypdf import PdfReader

    doc = _sample(repeat, False)
    path = os.path.join(folder, f"warm-{kind}-{repeat}.pdf")
    BUILDERS[kind](doc, path)
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        BUILDERS[kind](doc, path)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return statistics.median(times), statistics.median(cpu), len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=sorted(BUILDERS))
    parser.add_argument("--repeat", type=int, default=THREE_PAGES)
    parser.add_argument("--latin", action="store_true")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.repeat, args.latin, args.out)
        return
    rows = []  # (case, ours wall, floor wall, ours cpu, floor cpu, target)
    with tempfile.TemporaryDirectory() as folder:
        for label, latin in (("3 pages, fresh process (with CJK name)", False),
                             ("3 pages, fresh process (Latin only)", True)):
            ours_in, ours_cpu, ours_wall = fresh("ours", THREE_PAGES, latin, args.runs, folder)
            floor_in, floor_cpu, floor_wall = fresh("floor", THREE_PAGES, latin, args.runs, folder)
            rows.append((label + ", import+build", ours_in, floor_in, ours_cpu, floor_cpu, 0.250))
            rows.append((label + ", whole process", ours_wall, floor_wall, None, None, None))
        ours, ours_cpu, pages = warm("ours", THREE_PAGES, args.runs * 4, folder)
        floor, floor_cpu, _ = warm("floor", THREE_PAGES, args.runs * 4, folder)
        rows.append((f"{pages} pages, again in the same process", ours, floor, ours_cpu, floor_cpu, 0.050))
        ours, ours_cpu, pages = warm("ours", FIFTY_PAGES, args.runs, folder)
        floor, floor_cpu, _ = warm("floor", FIFTY_PAGES, args.runs, folder)
        rows.append((f"{pages} pages, same process", ours, floor, ours_cpu, floor_cpu, 1.0))
    width = max(len(row[0]) for row in rows)
    print(f"{'case':<{width}}  {'ours ms':>8}  {'floor ms':>8}  {'ratio':>6}  {'ours cpu':>8}  "
          f"{'floor cpu':>9}  {'ratio':>6}  {'target':>6}  ok (wall / cpu)")
    for label, ours, floor, ours_cpu, floor_cpu, target in rows:
        cpu_text = (f"{ours_cpu * 1000:8.1f}  {floor_cpu * 1000:9.1f}  {ours_cpu / floor_cpu:6.2f}"
                    if ours_cpu is not None else f"{'':8}  {'':9}  {'':6}")
        verdict = "" if target is None else (f"{'yes' if ours <= target else 'NO'} / "
                                             f"{'yes' if ours_cpu <= target else 'NO'}")
        target_text = "" if target is None else f"{target * 1000:.0f}"
        print(f"{label:<{width}}  {ours * 1000:8.1f}  {floor * 1000:8.1f}  {ours / floor:6.2f}  {cpu_text}  "
              f"{target_text:>6}  {verdict}")
    print(f"(medians of {args.runs} runs; floor = plain reportlab + DejaVu, same text, no layout)")


if __name__ == "__main__":
    main()

"""Images benchmark: screenshots of held-out corpus messages and generated QR codes.

For each of kk, ru, en: ≥ 100 messages of the held-out writer (test split) are drawn as phone
chat screenshots (light/dark, DejaVu/Roboto/Liberation, several widths and font sizes) and sent
through `analyze_image`; measured are OCR character accuracy, verdict agreement with the text
path (`analyze` on the original text) and the time per image. QR codes with URL, login, Wi-Fi,
payment and text payloads are drawn at several sizes, themes, JPEG qualities and small rotations
and decoded; measured is the share decoded with the exact payload.

Run: .venv/bin/python benchmarks/images_bench.py [--per-lang 120] [--qr 400] [--workers 2]
(prints Markdown; each image is OCR'd single-threaded, so the time is per core)
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image
from rapidfuzz.distance import Levenshtein

from saqbol.corpus import Example, read_jsonl, split_of
from saqbol.images import analyze_image
from saqbol.images.codes import decode
from saqbol.images.load import open_image
from saqbol.images.render import font_paths, poster, qr_image, render_chat, to_bytes
from saqbol.pipeline import analyze

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "data" / "corpus" / "parts" / "heldout.jsonl"
LANGS = ("kk", "ru", "en")
# (width, font size): a 1080-px phone at 16sp, a 720-px phone, a small 540-px screenshot.
LAYOUTS = ((1080, 42), (1080, 36), (720, 28), (720, 24), (540, 20))
CONTACTS = ("Айгүль", "Nurlan", "Мама", "Ержан Б.", "Светлана")
STAMP = re.compile(r"\b\d{1,2}:\d{2}\b")


def samples(lang: str, n: int, seed: int = 7) -> list[Example]:
    pool = [e for e in read_jsonl(HELDOUT) if e.lang == lang and split_of(e) == "test"]
    random.Random(seed).shuffle(pool)
    return pool[:n]


def variant(i: int) -> dict[str, object]:
    fonts = font_paths()
    width, size = LAYOUTS[i % len(LAYOUTS)]
    return {
        "theme": ("light", "dark")[i % 2],
        "font": fonts[(i // 2) % len(fonts)],
        "width": width,
        "size": size,
        "contact": CONTACTS[i % len(CONTACTS)],
        "seed": i,
    }


def _squash(s: str) -> str:
    return " ".join(s.replace("—", "-").replace("–", "-").split())


def char_accuracy(truth: str, ocr: str, contact: str) -> float:
    """1 − edit distance / length, after dropping the header (contact) and the time stamps."""
    body = STAMP.sub(" ", ocr)
    body = body.replace(contact, " ", 1)
    t = _squash("\n".join(p.lstrip("—–- ") for p in truth.split("\n")))
    o = _squash(body)
    # The avatar circle can read as a stray mark before the contact: align on the message start.
    cut = o.find(t[:12])
    if cut > 0 and cut < 40:
        o = o[cut:]
    return max(0.0, 1 - Levenshtein.distance(t, o) / max(1, len(t)))


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the Tesseract runs)."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def one(args: tuple[str, int, str, str]) -> dict[str, object]:
    lang, i, text, text_verdict = args
    v = variant(i)
    img = render_chat(text, **v)  # type: ignore[arg-type]
    data = to_bytes(img)
    t0 = _cpu()
    w0 = time.perf_counter()
    iv = analyze_image(data)
    cpu = _cpu() - t0
    wall = time.perf_counter() - w0
    return {
        "lang": lang,
        "agree": iv.verdict == text_verdict,
        "text_verdict": text_verdict,
        "image_verdict": iv.verdict,
        "acc": char_accuracy(text, iv.text, str(v["contact"])),
        "wall": wall,
        "cpu": cpu,
        "pixels": img.width * img.height,
        "chars": len(text),
        "theme": v["theme"],
        "layout": f"{v['width']}/{v['size']}",
    }


QR_PAYLOADS = (
    "https://kaspi.kz/shop/p/123",
    "http://kaspi-bonus.kz.secure-login.top/auth",
    "https://egov-kz.online/pay?id=99",
    "2@Xk3bQ9vJrZ8wqf1Hn0Lp,Q1Zq5fX2mT9wVbK8rJcN0aY7uH3eL6sD4gP1iO2kM=,"
    "ZWpGx5rT8nQ2vL9bJ3cK6aY1uH4eM7sD0gP5iO8kQ=,Yk2F9sQ1nV8bR3cT6aL0uJ5eH7mD4gP2iO9wX=",
    "tg://login?token=AQAAAABlc3RUb2tlbjEyMzQ1Njc4OTA",
    "https://web.whatsapp.com/",
    "WIFI:T:WPA;S:Kafe Dastarkhan;P:qwerty123;;",
    "00020101021226280012kz.kaspi.pay0108123456785204599953033985405150005802KZ"
    "5912ИП Сапаров А6006Алматы6304ABCD",
    "ST00012|Name=ООО Ромашка|PersonalAcc=40702810900000012345|BankName=АО Банк|"
    "BIC=044525225|CorrespAcc=30101810400000000225|Sum=150000",
    "bitcoin:bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh?amount=0.01",
    "Сәлеметсіз бе! Ұтысқа қатысу үшін кодты енгізіңіз: 4821",
    "Promo code SAQBOL-2026",
)


def qr_case(i: int) -> tuple[bytes, str]:
    rng = random.Random(i)
    payload = QR_PAYLOADS[i % len(QR_PAYLOADS)]
    kind = i % 4
    if kind == 0:
        img = qr_image(payload, scale=rng.choice((3, 4, 6, 8)), error=rng.choice("lmqh"))
    elif kind == 1:
        img = poster(payload, "Сканерлеңіз / Отсканируйте / Scan me", seed=i)
    elif kind == 2:  # inside a dark-theme chat, as a forwarded picture
        chat = render_chat("Мына QR-кодты сканерлеңіз", theme="dark", width=720, size=28, seed=i)
        code = qr_image(payload, scale=5)
        img = Image.new("RGB", (720, chat.height + code.height + 40), "#0b141a")
        img.paste(chat, (0, 0))
        img.paste(code, ((720 - code.width) // 2, chat.height + 20))
    else:  # a photo-like copy: a small rotation and JPEG
        img = poster(payload, "QR", seed=i).rotate(
            rng.uniform(-8, 8), expand=True, fillcolor="white"
        )
    if i % 3 == 0:
        return to_bytes(img, "JPEG", quality=rng.choice((60, 75, 90))), payload
    return to_bytes(img, "PNG"), payload


def qr_bench(n: int) -> tuple[int, int, list[float], Counter[str]]:
    ok = 0
    times: list[float] = []
    misses: Counter[str] = Counter()
    for i in range(n):
        data, payload = qr_case(i)
        t0 = time.process_time()
        found = decode(open_image(data))
        times.append(time.process_time() - t0)
        if any(p == payload for _, p, _ in found):
            ok += 1
        else:
            misses[payload[:30]] += 1
    return ok, n, times, misses


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-lang", type=int, default=120)
    ap.add_argument("--qr", type=int, default=400)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    jobs = []
    for lang in LANGS:
        exs = samples(lang, args.per_lang)
        verdicts = [v.verdict for v in (analyze(e.text) for e in exs)]
        jobs += [(lang, i, e.text, tv) for i, (e, tv) in enumerate(zip(exs, verdicts, strict=True))]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        rows = list(pool.map(one, jobs, chunksize=4))
    elapsed = time.perf_counter() - start
    by: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        by[str(r["lang"])].append(r)
    print(
        "| lang | n | scams (text path) | OCR char accuracy (mean / p10) | verdict agreement "
        "| CPU per image (mean / p95) | wall per image (mean / p95) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for lang in LANGS:
        rs = by[lang]
        acc = sorted(float(r["acc"]) for r in rs)  # type: ignore[arg-type]
        cpu = sorted(float(r["cpu"]) for r in rs)  # type: ignore[arg-type]
        wall = sorted(float(r["wall"]) for r in rs)  # type: ignore[arg-type]
        agree = sum(bool(r["agree"]) for r in rs)
        scams = sum(r["text_verdict"] != "safe" for r in rs)
        print(
            f"| {lang} | {len(rs)} | {scams} | {statistics.mean(acc):.3f} / "
            f"{acc[len(acc) // 10]:.3f} | {agree}/{len(rs)} = {agree / len(rs):.1%} | "
            f"{statistics.mean(cpu):.2f} s / {cpu[int(len(cpu) * 0.95)]:.2f} s | "
            f"{statistics.mean(wall):.2f} s / {wall[int(len(wall) * 0.95)]:.2f} s |"
        )
    px = sorted(int(r["pixels"]) for r in rows)  # type: ignore[call-overload]
    print(
        f"\n{len(rows)} screenshots ({px[0] / 1e6:.2f}–{px[-1] / 1e6:.2f} MP, median "
        f"{px[len(px) // 2] / 1e6:.2f} MP) in {elapsed:.0f} s wall on {args.workers} processes."
    )
    mism = Counter(
        (r["lang"], r["text_verdict"], r["image_verdict"], r["layout"], r["theme"])
        for r in rows
        if not r["agree"]
    )
    if mism:
        print(
            "\nDisagreements (lang, text path → image path, layout, theme): "
            + ", ".join(f"{k}×{v}" for k, v in mism.most_common())
        )
    by_layout: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_layout[str(r["layout"])].append(float(r["acc"]))  # type: ignore[arg-type]
    print(
        "\nOCR accuracy by width/font px: "
        + ", ".join(f"{k}: {statistics.mean(v):.3f}" for k, v in sorted(by_layout.items()))
    )
    ok, n, times, misses = qr_bench(args.qr)
    times.sort()
    if n:
        print(
            f"\nQR decode: {ok}/{n} = {ok / n:.1%} exact payloads; decode time mean "
            f"{statistics.mean(times) * 1000:.0f} ms, p95 {times[int(n * 0.95)] * 1000:.0f} ms"
            + (f"; misses: {dict(misses)}" if misses else "")
        )


if __name__ == "__main__":
    main()

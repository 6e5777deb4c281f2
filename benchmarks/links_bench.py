"""Links benchmark: recall on hand-written Kazakh lookalikes, false positives on official URLs
and on phishdb's legit rows, how phishdb's phishing rows score, dnstwist side by side, speed.

Run: .venv/bin/python benchmarks/links_bench.py          (prints Markdown)
"""

from __future__ import annotations

import gc
import time
from collections import Counter, defaultdict
from pathlib import Path

import dnstwist
import idna

from saqbol.kb.loader import get_kb
from saqbol.links import check_url
from saqbol.links.check import _host_findings
from saqbol.links.parse import decode_host, parse_url, split_host
from saqbol.links.skeleton import char_skeleton, skeleton, weak_keys

HERE = Path(__file__).parent
PHISHDB = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "phishdb" / "urls.tsv"
TLDS = ["com", "net", "org", "ru", "kz", "xyz", "online", "info", "site", "top"]
FLAGGED = ("phishing", "suspicious")


def read_list(path: Path) -> list[tuple[str, str]]:
    """(section, url) pairs; `# --- name` lines open a section."""
    out, section = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("# ---"):
            section = line[5:].strip()
        elif line and not line.startswith("#"):
            out.append((section, line))
    return out


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:.2f}%" if b else "-"


def ascii_host(url: str) -> str:
    host = parse_url(url).host
    try:
        return ".".join(idna.encode(lbl).decode() if not lbl.isascii() else lbl
                        for lbl in host.split("."))  # fmt: skip
    except idna.IDNAError:
        return host


def main() -> None:
    kb = get_kb()
    print("## Links (saqbol.links.check_url)\n")
    # (a) recall and false positives
    look = read_list(HERE / "data" / "lookalikes_kz.txt")
    by_section: dict[str, Counter[str]] = defaultdict(Counter)
    for section, u in look:
        by_section[section][check_url(u).verdict] += 1
    n_look = len(look)
    hit = sum(c[v] for c in by_section.values() for v in FLAGGED)
    print("### (a) Recall on hand-written lookalikes, false positives on real sites\n")
    print("| set | n | phishing | suspicious | unknown | safe | caught / FP |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for section, c in by_section.items():
        n = sum(c.values())
        share = pct(c["phishing"] + c["suspicious"], n)
        print(f"| lookalikes: {section} | {n} | {c['phishing']} | {c['suspicious']} | "
              f"{c['unknown']} | {c['safe']} | {share} |")  # fmt: skip
    tot: Counter[str] = Counter()
    for c in by_section.values():
        tot.update(c)
    print(f"| **lookalikes, all** | {n_look} | {tot['phishing']} | {tot['suspicious']} | "
          f"{tot['unknown']} | {tot['safe']} | **recall {pct(hit, n_look)}** |")  # fmt: skip
    off = [u for _, u in read_list(HERE / "data" / "official_urls.txt")]
    oc = Counter(check_url(u).verdict for u in off)
    print(f"| official deep links | {len(off)} | {oc['phishing']} | {oc['suspicious']} | "
          f"{oc['unknown']} | {oc['safe']} | FP {pct(oc['phishing'] + oc['suspicious'], len(off))}"
          f", not safe {pct(len(off) - oc['safe'], len(off))} |")  # fmt: skip
    rows = [ln.split("\t") for ln in PHISHDB.read_text(encoding="utf-8").splitlines()[1:]]
    legit = [r[0] for r in rows if r[1] == "legit"]
    lc = Counter(check_url(u).verdict for u in legit)
    print(f"| phishdb legit (hard negatives) | {len(legit)} | {lc['phishing']} | "
          f"{lc['suspicious']} | {lc['unknown']} | {lc['safe']} | phishing "
          f"{pct(lc['phishing'], len(legit))}, flagged "
          f"{pct(lc['phishing'] + lc['suspicious'], len(legit))} |")  # fmt: skip
    phish = [r for r in rows if r[1] == "phishing"]
    pc = Counter(check_url(r[0]).verdict for r in phish)
    print(f"| phishdb phishing (international) | {len(phish)} | {pc['phishing']} | "
          f"{pc['suspicious']} | {pc['unknown']} | {pc['safe']} | flagged "
          f"{pct(pc['phishing'] + pc['suspicious'], len(phish))} |")  # fmt: skip
    branded = [r for r in phish if r[2]]
    bc = Counter(check_url(r[0]).verdict for r in branded)
    print(f"| phishdb phishing with a brand guess | {len(branded)} | {bc['phishing']} | "
          f"{bc['suspicious']} | {bc['unknown']} | {bc['safe']} | flagged "
          f"{pct(bc['phishing'] + bc['suspicious'], len(branded))} |\n")  # fmt: skip

    # (b) dnstwist side by side
    print("### (b) dnstwist permutations of each brand's main domain (offline Fuzzer, "
          f"tld-swap over {', '.join(TLDS)})\n")  # fmt: skip
    print("| brand | domain | permutations | caught | unknown | of which under an official "
          "domain | caught % of the rest |")  # fmt: skip
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    every: set[str] = set()
    t_all = t_hit = t_off = 0
    for brand in kb.brands:
        for d in brand.domains:
            f = dnstwist.Fuzzer(d, tld_dictionary=TLDS)
            f.generate()
            perms = [p["domain"] for p in f.domains if p["fuzzer"] != "*original"]
            every.update(perms)
            if d != brand.domains[0]:
                continue
            res = [check_url(p) for p in perms]
            caught = sum(r.verdict in FLAGGED for r in res)
            official = sum(r.verdict == "safe" for r in res)
            rest = len(perms) - official
            t_all, t_hit, t_off = t_all + len(perms), t_hit + caught, t_off + official
            print(f"| {brand.id} | {d} | {len(perms)} | {caught} | {len(perms) - caught - official}"
                  f" | {official} | {pct(caught, rest)} |")  # fmt: skip
    print(f"| **all** | | {t_all} | {t_hit} | {t_all - t_hit - t_off} | {t_off} | "
          f"**{pct(t_hit, t_all - t_off)}** |\n")  # fmt: skip
    ours = [(s, u, ascii_host(u)) for s, u in look]
    outside = [(s, u) for s, u, h in ours if h not in every]
    caught_outside = [x for x in outside if check_url(x[1]).verdict in FLAGGED]
    print(f"Our lookalikes whose host is **not** in dnstwist's permutation lists (all domains of "
          f"all {len(kb.brands)} brands): {len(outside)} of {len(ours)}; saqbol catches "
          f"{len(caught_outside)} of them. By technique:\n")  # fmt: skip
    sec = Counter(s for s, _ in outside)
    print("| technique | not in dnstwist | examples |")
    print("| --- | ---: | --- |")
    for s, n in sec.items():
        ex = ", ".join([f"`{u}`" for s2, u in outside if s2 == s][:3])
        print(f"| {s} | {n} | {ex} |")
    print()

    # (c) speed, one core, fresh caches
    urls = [r[0] for r in rows] + [u for _, u in look] + off
    check_url("kaspi.kz")  # builds the index once (first use)
    for fn in (_host_findings, decode_host, split_host, skeleton, char_skeleton, weak_keys):
        fn.cache_clear()
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    for u in urls:
        check_url(u)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    for u in urls:
        check_url(u)
    warm = time.perf_counter() - t0
    print("### (c) Speed (one process, one core)\n")
    print("| run | URLs | URLs/s (wall) | URLs/s (CPU time) |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| distinct URLs, cold caches | {len(urls)} | {len(urls) / wall:,.0f} | "
          f"{len(urls) / cpu:,.0f} |")  # fmt: skip
    print(f"| same URLs again (host cache warm) | {len(urls)} | {len(urls) / warm:,.0f} | |")


if __name__ == "__main__":
    main()

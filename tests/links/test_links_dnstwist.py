"""Every permutation dnstwist generates for each brand's main domain is caught (phishing or
suspicious), apart from the measured, documented exclusions below. dnstwist runs offline:
only its Fuzzer (no DNS)."""

from __future__ import annotations

import socket
from collections import Counter

import pytest

from saqbol.kb.loader import get_kb
from saqbol.links import check_url
from saqbol.links.tables import get_tables

_timeout = socket.getdefaulttimeout()
dnstwist = pytest.importorskip("dnstwist")
# Importing dnstwist sets a global 12 s socket timeout; left in place it cut py4j's socket to
# the Spark JVM in the middle of any Spark job longer than 12 s later in the same test run.
socket.setdefaulttimeout(_timeout)

TLDS = ["com", "net", "org", "ru", "kz", "xyz", "online", "info", "site", "top"]


def _excluded(brand_label: str, fuzzer: str, domain: str, result_reasons: list[str]) -> str:
    """Why a miss is legitimately `unknown` (empty string: it is not)."""
    label = domain.split(".")[-2] if domain.count(".") >= 1 else domain
    if not brand_label:
        return "gov.kz is a public suffix: its permutations are ordinary short .kz names"
    if "official" in result_reasons:
        return "host under an official domain (gov.kz zone, ffin.kz)"
    if fuzzer == "tld-swap" and (
        brand_label in get_tables().shared_names or len(brand_label) <= 3 or not brand_label
    ):
        return "other-TLD copy of a name used legitimately abroad or a <=3-letter name"
    if fuzzer == "omission" and len(label) <= 2:
        return "two-letter name left after dropping a letter of a three-letter name"
    return ""


@pytest.mark.slow
def test_dnstwist_permutations_are_caught() -> None:
    total: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    excluded: Counter[str] = Counter()
    unexplained: list[tuple[str, str, str]] = []
    for brand in get_kb().brands:
        main = brand.domains[0]
        fuzzer = dnstwist.Fuzzer(main, tld_dictionary=TLDS)
        fuzzer.generate()
        brand_label = main.split(".")[-2] if main.count(".") >= 1 else main
        if main == "gov.kz":
            brand_label = ""
        for perm in fuzzer.domains:
            if perm["fuzzer"] == "*original":
                continue
            r = check_url(perm["domain"])
            total[perm["fuzzer"]] += 1
            if r.verdict in ("phishing", "suspicious"):
                continue
            missed[perm["fuzzer"]] += 1
            why = _excluded(brand_label, perm["fuzzer"], perm["domain"], r.reasons)
            if why:
                excluded[why] += 1
            else:
                unexplained.append((brand.id, perm["fuzzer"], perm["domain"]))
    judged = sum(total.values()) - sum(excluded.values())
    caught = sum(total.values()) - sum(missed.values())
    assert caught / judged >= 0.999, (caught, judged, excluded)
    # What is left (measured: 15 of 131k) are homoglyph double swaps that chain letter pairs
    # ("halylclbank": k→lc→lcl), dnstwist "homoglyphs" of 3-4 letter names (vtb → "tlb"), and
    # one plural of an ordinary word ("krisesha"); keep them rare.
    assert len(unexplained) <= 0.0005 * judged, unexplained

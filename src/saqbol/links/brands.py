"""Everything about the knowledge base's brands that the link check needs, computed once.

From `kb.brands` (and the banks' domains in `kb.contacts`): the official hosts, the registrable
labels of official domains with their visual skeletons, and the brand keywords split into
*distinctive* ones (found anywhere inside a host name) and *token* ones (short or ordinary words,
counted only as a whole part of a host name next to a lure word).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from saqbol.kb.loader import get_kb
from saqbol.kb.models import Brand
from saqbol.links.parse import split_host
from saqbol.links.skeleton import char_skeleton, skeleton, weak_keys
from saqbol.links.tables import Tables, get_tables

MIN_LABEL = 3  # labels of 1-2 letters (t.me, wa.me, wb.ru) are not compared for lookalikes
SHORT_LABEL = 4  # labels up to this length match only under the brand's own suffix

_NON_ALNUM = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class BrandLabel:
    label: str  # "kaspi"
    brand: str  # brand id
    target: str  # official domain it belongs to ("kaspi.kz")
    suffix: str  # "kz"
    skel: str  # skeleton (exact look-alike)
    chars: str  # char skeleton (typo distance)
    weak: tuple[str, str]  # weak skeletons
    short: bool  # <= SHORT_LABEL letters: weaker evidence
    shared: bool  # the name exists legitimately under other TLDs


@dataclass(frozen=True)
class BrandIndex:
    official: dict[str, tuple[str, str]]  # official host -> (brand id, domain)
    official_parents: frozenset[str]  # registrable domains that hold an official host
    labels: tuple[BrandLabel, ...]
    by_skel: dict[str, tuple[BrandLabel, ...]]
    by_weak: dict[str, tuple[BrandLabel, ...]]
    skel_choices: tuple[str, ...]  # skeletons compared by edit distance
    skel_owner: tuple[BrandLabel, ...]
    keyword_re: re.Pattern[str] | None  # distinctive keyword skeletons, longest first
    keyword_owner: dict[str, BrandLabel]  # keyword skeleton -> the brand's main label
    token_keywords: dict[str, BrandLabel]  # token keyword skeleton -> brand label
    compounds: dict[str, tuple[BrandLabel, str]]  # "olxkz", "kzpost" -> (brand, lure word)
    generic: frozenset[str]  # token keyword skeletons that are ordinary words
    official_re: re.Pattern[str] | None = None  # an official domain written inside other text
    main: dict[str, BrandLabel] = field(default_factory=dict)  # brand id -> its main label
    max_len: int = 0
    brand_names: dict[str, str] = field(default_factory=dict)


def _compact(word: str) -> str:
    return _NON_ALNUM.sub("", word.lower()).replace("_", "")


def _registrable(domain: str) -> tuple[str, str]:
    _, label, suffix = split_host(domain)
    return label, suffix


def build_index(brands: Iterable[Brand], extra_domains: Iterable[tuple[str, str]] = (),
                tables: Tables | None = None) -> BrandIndex:  # fmt: skip
    t = tables or get_tables()
    brands = tuple(brands)
    official: dict[str, tuple[str, str]] = {}
    for b in brands:
        for d in b.domains:
            official.setdefault(d.lower(), (b.id, d.lower()))
    for brand_id, d in extra_domains:
        official.setdefault(d.lower(), (brand_id, d.lower()))
    parents = set()
    labels: dict[tuple[str, str], BrandLabel] = {}
    main_label: dict[str, BrandLabel] = {}
    for host, (brand_id, _) in official.items():
        label, suffix = _registrable(host)
        if not label:
            continue
        reg = f"{label}.{suffix}"
        if reg not in official:
            parents.add(reg)
        if len(label) < MIN_LABEL or (label, suffix) in labels:
            continue
        bl = BrandLabel(label=label, brand=brand_id, target=host, suffix=suffix,
                        skel=skeleton(label), chars=char_skeleton(label),
                        weak=weak_keys(label),
                        short=len(label) <= SHORT_LABEL or label in t.generic_words,
                        shared=label in t.shared_names or len(label) <= 3)  # fmt: skip
        labels[(label, suffix)] = bl
        main_label.setdefault(brand_id, bl)
    by_skel: dict[str, list[BrandLabel]] = {}
    by_weak: dict[str, list[BrandLabel]] = {}
    for bl in labels.values():
        by_skel.setdefault(bl.skel, []).append(bl)
        for key in set(bl.weak):
            by_weak.setdefault(key, []).append(bl)
    distinctive: dict[str, BrandLabel] = {}
    tokens: dict[str, BrandLabel] = {}
    generic = set()
    for b in brands:
        owner = main_label.get(b.id)
        if owner is None:  # e.g. gov.kz: the domain is a public suffix, no label to imitate
            first = b.domains[0].lower()
            owner = BrandLabel(label=_compact(first), brand=b.id, target=first, suffix="",
                               skel="", chars="", weak=("", ""), short=True,
                               shared=True)  # fmt: skip
            main_label[b.id] = owner
        words = [*b.keywords, *(bl.label for bl in labels.values() if bl.brand == b.id)]
        for word in words:
            if "." in word:  # "kaspi.kz", "post.kz": an official domain, found as such
                continue
            comp = _compact(word)
            if len(comp) < 2:
                continue
            sk = char_skeleton(comp)
            if comp in t.generic_words or len(comp) <= 3:
                tokens.setdefault(sk, owner)
                if comp in t.generic_words:
                    generic.add(sk)
            else:
                distinctive.setdefault(sk, owner)
    pattern = "|".join(re.escape(k) for k in sorted(distinctive, key=len, reverse=True))
    choices = [bl for bl in labels.values() if len(bl.chars) >= SHORT_LABEL - 1]
    # distinctive keywords that are not a domain label ("qazpost", "kazcoins") are typo targets too
    have = {bl.chars for bl in choices}
    for sk, owner in distinctive.items():
        if sk.isascii() and len(sk) >= 6 and sk not in have and owner.suffix:
            have.add(sk)
            choices.append(BrandLabel(label=sk, brand=owner.brand, target=owner.target,
                                      suffix=owner.suffix, skel=sk, chars=sk, weak=(sk, sk),
                                      short=False, shared=owner.shared))  # fmt: skip
    return BrandIndex(
        official=official,
        official_parents=frozenset(parents),
        labels=tuple(labels.values()),
        by_skel={k: tuple(v) for k, v in by_skel.items()},
        by_weak={k: tuple(v) for k, v in by_weak.items()},
        skel_choices=tuple(bl.chars for bl in choices),
        skel_owner=tuple(choices),
        keyword_re=re.compile(pattern) if pattern else None,
        keyword_owner=distinctive,
        token_keywords=tokens,
        compounds={
            form: (owner, lure)
            for sk, owner in tokens.items()
            for lure in t.lure_words
            for form in (sk + char_skeleton(lure), char_skeleton(lure) + sk)
        },
        generic=frozenset(generic),
        official_re=re.compile(
            r"(?<![\w-])(?:"
            + "|".join(re.escape(d) for d in sorted(official, key=len, reverse=True))
            + r")(?![\w-])"
        ),
        main=main_label,
        max_len=max((len(bl.chars) for bl in choices), default=0),
        brand_names={b.id: b.name for b in brands},
    )


@lru_cache(maxsize=1)
def get_index() -> BrandIndex:
    """The index over the packaged knowledge base, built at first use."""
    kb = get_kb()
    extra = [(bank.id, d) for bank in kb.contacts.banks for d in bank.domains]
    return build_index(kb.brands, extra)

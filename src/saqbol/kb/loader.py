"""Load and validate the knowledge base once; every invalid file fails with its name and field."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from saqbol.kb.models import (
    LANGS,
    SCHEME_IDS,
    App,
    Bank,
    Brand,
    Contacts,
    Lexicon,
    MenuPath,
    Scheme,
    SignalDef,
    Text,
    Thresholds,
)


class KBError(ValueError):
    """A knowledge-base file is missing, unreadable or invalid."""


def data_dir() -> Path:
    return Path(str(resources.files("saqbol.kb") / "data"))


# libyaml's safe loader when PyYAML was built with it (the wheels are): 5-10x faster start-up
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=SAFE_LOADER)  # a safe loader
    except FileNotFoundError as exc:
        raise KBError(f"{path.name}: file is missing") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise KBError(f"{path.name}: not valid YAML: {exc}") from exc


def _describe(exc: ValidationError, data: Any) -> str:
    """Name the failing field by its path, using an entry's `id` where it has one."""
    parts = []
    for err in exc.errors()[:5]:
        loc = list(err["loc"])
        shown: list[str] = []
        node = data
        for key in loc:
            ident = None
            if isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
                ident = node.get("id") if isinstance(node, dict) else None
            elif isinstance(node, dict):
                node = node.get(key)
            shown.append(f"{key}({ident})" if ident else str(key))
        parts.append(f"field {'.'.join(shown) or '<root>'}: {err['msg']}")
    return "; ".join(parts)


def validate_file(path: Path, model: Any) -> Any:
    """Read `path` and validate it against `model` (a pydantic type or annotated type)."""
    data = _read_yaml(path)
    try:
        return TypeAdapter(model).validate_python(data)
    except ValidationError as exc:
        raise KBError(f"{path.name}: {_describe(exc, data)}") from exc


@dataclass(frozen=True)
class KnowledgeBase:
    schemes: Mapping[str, Scheme]
    contacts: Contacts
    brands: tuple[Brand, ...]
    apps: tuple[App, ...]
    menu_paths: Mapping[str, MenuPath]
    signals: Mapping[str, SignalDef]
    lexicons: tuple[Lexicon, ...]
    texts: Mapping[str, Text]
    thresholds: Thresholds
    version: str
    root: Path = field(repr=False)

    def text(self, key: str, lang: str, **fmt: object) -> str:
        """A sentence for people by key, in `lang`, with `{placeholders}` filled."""
        try:
            template = self.texts[key].get(lang)
        except KeyError as exc:
            raise KeyError(f"no text {key!r} in the knowledge base") from exc
        return template.format(**fmt) if fmt else template

    def bank(self, bank_id: str) -> Bank:
        for bank in self.contacts.banks:
            if bank.id == bank_id:
                return bank
        raise KeyError(bank_id)

    def hotline(self, hotline_id: str) -> Any:
        for h in self.contacts.hotlines:
            if h.id == hotline_id:
                return h
        raise KeyError(hotline_id)


def _check_cross_refs(kb: KnowledgeBase) -> None:
    if set(kb.schemes) != set(SCHEME_IDS):
        missing = sorted(set(SCHEME_IDS) - set(kb.schemes))
        raise KBError(f"schemes.yaml: field id: schemes missing: {', '.join(missing)}")
    for lex in kb.lexicons:
        if lex.signal not in kb.signals:
            raise KBError(f"lexicons/{lex.lang}: field signal: unknown signal {lex.signal!r}")
    ids = [b.id for b in kb.contacts.banks]
    if len(ids) != len(set(ids)):
        raise KBError("contacts.yaml: field banks.id: duplicate bank ids")


def _version(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.yaml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def load(root: Path | None = None) -> KnowledgeBase:
    """Load the knowledge base from `root` (the package data by default), validating all of it."""
    root = root or data_dir()
    schemes = validate_file(root / "schemes.yaml", list[Scheme])
    lexicons: list[Lexicon] = []
    for path in sorted((root / "lexicons").glob("*.yaml")):
        lexicons.extend(validate_file(path, list[Lexicon]))
    texts: dict[str, Text] = {}
    for path in sorted((root / "texts").glob("*.yaml")):
        part = validate_file(path, dict[str, Text])
        dup = set(part) & set(texts)
        if dup:
            raise KBError(f"{path.name}: field {sorted(dup)[0]}: text key defined twice")
        texts.update(part)
    kb = KnowledgeBase(
        schemes={s.id: s for s in schemes},
        contacts=validate_file(root / "contacts.yaml", Contacts),
        brands=tuple(validate_file(root / "brands.yaml", list[Brand])),
        apps=tuple(validate_file(root / "apps.yaml", list[App])),
        menu_paths={m.id: m for m in validate_file(root / "menu_paths.yaml", list[MenuPath])},
        signals={s.id: s for s in validate_file(root / "signals.yaml", list[SignalDef])},
        lexicons=tuple(lexicons),
        texts=texts,
        thresholds=validate_file(root / "thresholds.yaml", Thresholds),
        version=_version(root),
        root=root,
    )
    _check_cross_refs(kb)
    return kb


@functools.cache
def get_kb() -> KnowledgeBase:
    """The package's knowledge base, loaded once per process."""
    return load()


def load_extra(name: str, model: Any) -> Any:
    """Validate an extra knowledge-base file (e.g. playbooks.yaml) owned by another module."""
    return validate_file(data_dir() / name, model)


__all__ = ["LANGS", "KBError", "KnowledgeBase", "get_kb", "load", "load_extra"]

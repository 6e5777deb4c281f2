"""The knowledge base loads once, is complete in three languages; a broken file fails clearly."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from saqbol.kb.loader import KBError, KnowledgeBase, data_dir, load
from saqbol.kb.models import LANGS, SCHEME_IDS


def test_all_twelve_schemes_in_three_languages(kb: KnowledgeBase) -> None:
    assert list(kb.schemes) == list(SCHEME_IDS) or set(kb.schemes) == set(SCHEME_IDS)
    for scheme in kb.schemes.values():
        for lang in LANGS:
            assert scheme.name.get(lang).strip()
            assert scheme.description.get(lang).strip()
            assert scheme.what_to_do.get(lang)


def test_every_signal_explained_in_three_languages(kb: KnowledgeBase) -> None:
    for sig in kb.signals.values():
        for lang in LANGS:
            assert sig.explanation.get(lang).strip(), (sig.id, lang)


def test_version_is_a_content_hash(kb: KnowledgeBase) -> None:
    assert len(kb.version) == 12 and kb.version == load().version


@pytest.fixture()
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    return root


def test_broken_bank_number_names_file_and_field(kb_copy: Path) -> None:
    path = kb_copy / "contacts.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('dial: "9999"', 'dial: "99-AB"'), encoding="utf-8"
    )
    with pytest.raises(KBError) as err:
        load(kb_copy)
    msg = str(err.value)
    assert "contacts.yaml" in msg and "banks.1(kaspi).card_block.0.dial" in msg


def test_missing_language_names_the_scheme(kb_copy: Path) -> None:
    path = kb_copy / "schemes.yaml"
    text = path.read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    del data[0]["name"]["kk"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(KBError) as err:
        load(kb_copy)
    assert "schemes.yaml" in str(err.value) and f"0({data[0]['id']}).name.kk" in str(err.value)


def test_invalid_yaml_and_missing_file(kb_copy: Path) -> None:
    (kb_copy / "thresholds.yaml").write_text("scam: [unclosed", encoding="utf-8")
    with pytest.raises(KBError, match=r"thresholds.yaml: not valid YAML"):
        load(kb_copy)
    (kb_copy / "thresholds.yaml").unlink()
    with pytest.raises(KBError, match=r"thresholds.yaml: file is missing"):
        load(kb_copy)


def test_unknown_scheme_id_rejected(kb_copy: Path) -> None:
    path = kb_copy / "schemes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id: kazcoins_helper", "id: kazcoin"),
        encoding="utf-8",
    )
    with pytest.raises(KBError, match="unknown scheme id 'kazcoin'"):
        load(kb_copy)

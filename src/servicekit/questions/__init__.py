"""The question bank: every self-check of the lessons (and, in time, the theory items of the mock
exam), as data, in Chinese and in English. One YAML file per lesson, ``bank/NN.yml``.

Each item is a record:

- ``id`` (``"07-03"``: lesson and number; ``"T07-03"`` for a theory item of the mock exam),
  ``lesson``, ``use`` (``self_check``, the default: asked in the lesson; or ``exam``), ``type``,
  ``difficulty`` (1 recall,
  2 apply, 3 analyse), ``source`` (where in the sources the fact is: ``S2 顾客满意度测评``; or
  ``kit:``/``ref:`` for what the kit teaches beyond them);
- ``zh`` and ``en``, each with ``stem``, ``options`` (not for numbers) and ``explanation`` (shown
  after answering); the options of both languages in the same order;
- ``key``: for ``single`` and ``true_false`` the index of the right option, for ``multiple`` a
  list of them; ``number`` items have ``answer`` and ``tolerance`` instead (and ``computed_by``
  when the answer is one of the course's formulas: the tests recompute it).

``bank()`` reads and checks every item (a malformed item raises, naming it); ``item(id)`` gives
one; ``shuffled_order(item, seed)`` the order its options are shown in, the same for the same
seed, so that the key is not always in one place; ``source_label(source, code)`` an item's source
as a candidate reads it in either language (``source_note``: in brackets, after an explanation). The mock exam's papers, their structure and
marking are ``questions.paper`` (``paper.yml``, ``cases.yml``).
"""

from __future__ import annotations

import hashlib
import random
import re
from functools import lru_cache
from pathlib import Path

import yaml

BANK = Path(__file__).parent / "bank"
TYPES = ("single", "multiple", "true_false", "number")
USES = ("self_check", "exam")
#: The options of a true/false item, in this order (key 0: the statement is true).
TRUE_FALSE = {"en": ["True", "False"], "zh": ["对", "错"]}
LANGUAGES = ("zh", "en")


#: The four sources by their short names, as a candidate reads them (``source_label``).
SOURCE_NAMES = {
    "S1": {"en": "S1, the Senior Customer Manager training text", "zh": "S1《高级客户管理师》培训教程"},
    "S2": {"en": "S2, the Performance Excellence training deck on customers and markets",
           "zh": "S2 卓越绩效模式“以顾客和市场为中心”培训讲义"},
    "S3": {"en": "S3, the essay on customer service in the value chain", "zh": "S3《客户服务在企业价值链中的首要地位》"},
    "S4": {"en": "S4, the article on the account-manager system", "zh": "S4《客户经理制》"},
}
#: What the kit teaches beyond the sources (``kit:``) and a published reference (``ref:``).
SOURCE_KINDS = {"kit": {"en": "this course", "zh": "本课程"}, "ref": {"en": "reference", "zh": "参考文献"}}


_NEXT_SOURCE = re.compile(r"[;；]\s*(?=S[1-4]\s|kit:|ref:)")  # a "; " inside a reference stays in it


def source_label(source: str, code: str) -> str:
    """``source`` (``"S2 顾客满意度测评; ref: …"``) as a candidate reads it in language ``code``: each
    source's name in that language, its section heading as the source writes it (a citation keeps
    the cited text's words), and ``kit:``/``ref:`` in words."""
    parts = []
    for part in (piece.strip() for piece in _NEXT_SOURCE.split(source)):
        head, _, rest = part.partition(" ")
        kind, colon, after = part.partition(":")
        if head in SOURCE_NAMES:
            name, rest = SOURCE_NAMES[head][code], rest.strip()
            if rest and rest not in name:  # the section heading, quoted as the source writes it
                name += f"：{rest}" if code == "zh" else f", section “{rest}”"
            parts.append(name)
        elif colon and kind.strip() in SOURCE_KINDS:
            parts.append(f"{SOURCE_KINDS[kind.strip()][code]}{'：' if code == 'zh' else ': '}{after.strip()}")
        elif part:
            parts.append(part)
    return ("；" if code == "zh" else "; ").join(parts)


def source_note(source: str, code: str) -> str:
    """Where an item's fact is, as a review after answering shows it: "(Source: …)" / "（出处：…）"."""
    label = source_label(source, code)
    return f"（出处：{label}）" if code == "zh" else f"(Source: {label})"


class BankError(ValueError):
    """An item of the bank that does not have the fields its type needs."""


@lru_cache(maxsize=1)
def bank() -> tuple[dict, ...]:
    """Every item of the bank, checked, in lesson order."""
    items = []
    for path in sorted(BANK.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            items.append(_checked(entry, path.name))
    ids = [entry["id"] for entry in items]
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        raise BankError(f"the bank has duplicate ids: {', '.join(duplicated)}")
    return tuple(items)


def item(item_id: str) -> dict:
    """The item ``item_id`` of the bank."""
    for entry in bank():
        if entry["id"] == item_id:
            return entry
    raise KeyError(f"item_id={item_id!r}: no such item in the question bank")


def lesson_items(lesson: int) -> list[dict]:
    """The self-checks of lesson ``lesson``, in the order the lesson asks them."""
    return [entry for entry in bank() if entry["lesson"] == lesson and entry["use"] == "self_check"]


def exam_items() -> list[dict]:
    """The theory items of the mock exam."""
    return [entry for entry in bank() if entry["use"] == "exam"]


def shuffled_order(entry: dict, seed: int | str = 0) -> list[int]:
    """The order (indices into ``options``) in which ``entry``'s options are shown: a shuffle
    fixed by the item's id and ``seed`` (true/false items keep True before False)."""
    count = len(entry["en"].get("options", []))
    if entry["type"] == "true_false":
        return list(range(count))
    digest = hashlib.sha256(f"{entry['id']}|{seed}".encode()).digest()
    order = list(range(count))
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


def _checked(entry: dict, file: str) -> dict:
    where = f"{file}: item {entry.get('id', '?')}"
    if not isinstance(entry, dict):
        raise BankError(f"{file}: an item that is not a mapping")
    for field in ("id", "lesson", "type", "difficulty", "source", "zh", "en"):
        if field not in entry:
            raise BankError(f"{where} has no {field}")
    entry.setdefault("use", "self_check")
    if entry["use"] not in USES:
        raise BankError(f"{where}: use {entry['use']!r} is not one of {', '.join(USES)}")
    if entry["type"] not in TYPES:
        raise BankError(f"{where}: type {entry['type']!r} is not one of {', '.join(TYPES)}")
    if entry["difficulty"] not in (1, 2, 3):
        raise BankError(f"{where}: difficulty must be 1, 2 or 3")
    if not isinstance(entry["source"], str) or not entry["source"].strip():
        raise BankError(f"{where}: source is empty (name where in the sources the fact is)")
    sizes = set()
    for code in LANGUAGES:
        text = entry[code]
        for field in ("stem", "explanation"):
            if not isinstance(text.get(field), str) or not text[field].strip():
                raise BankError(f"{where}: {code}.{field} is empty")
        if entry["type"] != "number":
            options = text.get("options")
            if not isinstance(options, list) or len(options) < 2 or not all(isinstance(o, str) and o.strip() for o in options):
                raise BankError(f"{where}: {code}.options must be two or more texts")
            if len(set(options)) != len(options):
                raise BankError(f"{where}: {code}.options repeats an option")
            sizes.add(len(options))
    if len(sizes) > 1:
        raise BankError(f"{where}: zh and en have different numbers of options")
    if entry["type"] == "number":
        if not isinstance(entry.get("answer"), (int, float)) or not isinstance(entry.get("tolerance"), (int, float)):
            raise BankError(f"{where}: a number item needs a numeric answer and tolerance")
    else:
        count = sizes.pop()
        keys = entry.get("key")
        keys = keys if isinstance(keys, list) else [keys]
        if not keys or not all(isinstance(k, int) and 0 <= k < count for k in keys):
            raise BankError(f"{where}: key must index the options (0 to {count - 1})")
        if entry["type"] != "multiple" and len(keys) != 1:
            raise BankError(f"{where}: a {entry['type']} item has exactly one key")
        if entry["type"] == "multiple" and not 2 <= len(set(keys)) < count:
            raise BankError(f"{where}: a multiple-choice item has at least two keys and at least one wrong option")
        if entry["type"] == "true_false" and any(entry[code]["options"] != TRUE_FALSE[code] for code in LANGUAGES):
            raise BankError(f"{where}: a true/false item's options are {TRUE_FALSE['en']} and {TRUE_FALSE['zh']}")
    return entry

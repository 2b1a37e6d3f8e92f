"""The theory items of the mock exam read like items of the national exam: no stem and no option
names the kit's source labels S1-S4 (a candidate has never heard of "S2"); an item states its
subject, or names the case it is about. Explanations may cite the sources: they are shown after
answering, with the item's source field."""

from __future__ import annotations

import re

from servicekit import questions

# "S2 的", "S2案例" and "According to S1," -- and "按照S2，": Python's \b does not fire between a
# CJK character and a Latin letter, so the third pattern catches a label that stands between
# Chinese characters and punctuation.
SOURCE_LABEL = re.compile(r"\bS[1-4]\b|S[1-4](?=[\u3400-\u9fff])|(?<![A-Za-z0-9])S[1-4](?![0-9])")


def test_no_exam_item_names_a_source_label_in_its_stem_or_options():
    named = {}
    for entry in questions.exam_items():
        for code in ("zh", "en"):
            texts = {"stem": entry[code]["stem"]}
            texts.update({f"option {i}": option for i, option in enumerate(entry[code].get("options", []))})
            for field, text in texts.items():
                found = SOURCE_LABEL.search(text)
                if found:
                    named.setdefault(entry["id"], []).append(f"{code} {field}: {found.group(0)!r}")
    assert not named, "exam items naming S1-S4 in a stem or an option: " + "; ".join(
        f"{item_id} ({', '.join(where)})" for item_id, where in sorted(named.items()))

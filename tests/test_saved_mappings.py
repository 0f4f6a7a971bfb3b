"""A column mapping saved before a field was renamed still reapplies."""

from __future__ import annotations

import json

from analysis.uploads.fields import mapping_from_json


def test_a_saved_spending_mapping_with_the_old_status_field_reapplies() -> None:
    saved = json.dumps({"kind": "spending", "columns": {"Council": "council", "Budget or outturn": "status"}})
    kind, mapping = mapping_from_json(saved, ["Council", "Budget or outturn", "Other"])
    assert kind == "spending"
    assert dict(zip(mapping["header"], mapping["field"])) == {
        "Council": "council",
        "Budget or outturn": "stage",
        "Other": mapping["field"].iloc[2],
    }
    assert mapping["confidence"].tolist()[:2] == [1.0, 1.0]

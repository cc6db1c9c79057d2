from __future__ import annotations

import datetime as dt

from generator.model import Unit


def test_a_unit_is_named_as_it_was_at_the_time() -> None:
    unit = Unit.model_validate(
        {
            "id": "dong-hoa",
            "name": "VKSND thị xã Đông Hòa",
            "kind": "district",
            "until": dt.date(2025, 6, 30),
            "former_names": [{"name": "VKSND huyện Đông Hòa", "until": dt.date(2020, 3, 31)}],
        }
    )
    assert unit.name_on(dt.date(2019, 12, 1)) == "VKSND huyện Đông Hòa"
    assert unit.name_on(dt.date(2020, 4, 1)) == "VKSND thị xã Đông Hòa"
    assert unit.active_during(dt.date(2025, 6, 1), dt.date(2025, 12, 31))
    assert not unit.active_during(dt.date(2025, 7, 1), dt.date(2025, 12, 31))

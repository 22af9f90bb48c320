"""Every shipped table cites its source on every row and is credited in data/README.md."""

from __future__ import annotations

import pytest

from scalingbook import data

TABLES = sorted(p.stem for p in data.data_dir().glob("*.csv"))


def test_there_are_tables():
    assert len(TABLES) >= 5


@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_a_source(name):
    df = data.read_table(name)  # raises DataError on a missing or empty source
    assert len(df) > 0


@pytest.mark.parametrize("name", TABLES)
def test_every_table_is_credited_in_the_data_readme(name):
    readme = (data.data_dir() / "README.md").read_text(encoding="utf-8")
    assert f"`{name}.csv`" in readme, f"data/README.md does not credit {name}.csv"


def test_read_table_rejects_a_row_without_source(tmp_path, monkeypatch):
    (tmp_path / "t.csv").write_text("a,source\n1,paper\n2,\n")
    monkeypatch.setenv("SCALINGBOOK_DATA", str(tmp_path))
    with pytest.raises(data.DataError, match="row 3 has an empty 'source'"):
        data.read_table("t")
    (tmp_path / "u.csv").write_text("a\n1\n")
    with pytest.raises(data.DataError, match="no 'source' column"):
        data.read_table("u")

"""datasets.update_notable_models: optional download of Epoch AI's "Notable AI Models" CSV,
tested offline with a local file and a fake URL opener."""

from __future__ import annotations

import io
import urllib.error

import pandas as pd
import pytest

from scalingbook import datasets as data

EPOCH_COLUMNS = [
    "Model",
    "Domain",
    "Organization",
    "Publication date",
    "Parameters",
    "Training compute (FLOP)",
    "Training dataset size (datapoints)",
    "Training time (hours)",
    "Training hardware",
    "Hardware quantity",
    "Hardware utilization (MFU)",
    "Confidence",
    "Training compute cost (2023 USD)",
]


def epoch_csv(rows=None) -> bytes:
    rows = rows or [
        [
            "GPT-4",
            "Language",
            "OpenAI",
            "2023-03-15",
            "",
            2.1e25,
            4.9e12,
            2280,
            "NVIDIA A100 SXM4 40 GB",
            25000,
            0.34,
            "Speculative",
            40586592.6,
        ],
        [
            "Llama 3.1-405B",
            "Language",
            "Meta AI",
            "2024-07-23",
            405e9,
            3.8e25,
            15.6e12,
            2142,
            "NVIDIA H100 SXM5 80GB",
            16384,
            0.4042,
            "Confident",
            "",
        ],
    ]
    buf = io.StringIO()
    pd.DataFrame(rows, columns=EPOCH_COLUMNS).to_csv(buf, index=False)
    return buf.getvalue().encode()


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_update_from_a_fake_url_caches_and_converts(tmp_path):
    seen = {}

    def opener(url, timeout):
        seen["url"], seen["timeout"] = url, timeout
        return FakeResponse(epoch_csv())

    cache = tmp_path / "notable.csv"
    path = data.update_notable_models(url="https://example.invalid/models.csv", cache=cache, opener=opener)
    assert path == cache and cache.exists()
    assert seen["url"] == "https://example.invalid/models.csv"
    book = data.check_notable_models(pd.read_csv(path))
    assert list(book["model"]) == ["GPT-4", "Llama 3.1-405B"]
    assert book.loc[0, "training_compute_flop"] == 2.1e25
    assert book.loc[0, "hardware_utilization"] == 0.34  # "(MFU)" suffix of newer releases mapped
    assert book["source"].str.contains("CC BY 4.0").all()


def test_update_from_a_local_file(tmp_path):
    src = tmp_path / "epoch.csv"
    src.write_bytes(epoch_csv())
    path = data.update_notable_models(url=str(src), cache=tmp_path / "cache" / "n.csv")
    assert path.read_bytes() == src.read_bytes()


def test_offline_gives_a_clear_error_and_keeps_the_old_cache(tmp_path):
    cache = tmp_path / "n.csv"
    cache.write_text("old")

    def offline(url, timeout):
        raise urllib.error.URLError("Name or service not known")

    with pytest.raises(data.DataError, match=r"could not download .*offline\? The book keeps using the shipped"):
        data.update_notable_models(url="https://example.invalid/x.csv", cache=cache, opener=offline)
    assert cache.read_text() == "old"


def test_schema_change_is_rejected_by_column_name(tmp_path):
    df = pd.read_csv(io.BytesIO(epoch_csv())).drop(columns=["Training compute (FLOP)"])

    def opener(url, timeout):
        return FakeResponse(df.to_csv(index=False).encode())

    cache = tmp_path / "n.csv"
    with pytest.raises(data.DataError, match=r"missing column 'Training compute \(FLOP\)'"):
        data.update_notable_models(url="https://example.invalid/x.csv", cache=cache, opener=opener)
    assert not cache.exists()


def test_non_numeric_compute_is_rejected():
    df = pd.read_csv(io.BytesIO(epoch_csv()))
    df["Training compute (FLOP)"] = df["Training compute (FLOP)"].astype(object)
    df.loc[1, "Training compute (FLOP)"] = "lots"
    with pytest.raises(data.DataError, match=r"row 3 has a non-numeric 'Training compute \(FLOP\)' 'lots'"):
        data.check_notable_models(df)


def test_shipped_table_has_the_update_schema():
    shipped = data.read_table("frontier_models")
    for column in data.NOTABLE_MODELS_COLUMNS.values():
        assert column in shipped.columns, f"data/frontier_models.csv lacks '{column}' (Epoch AI Notable AI Models)"


def test_a_data_dir_that_is_a_file_is_named_not_called_offline(tmp_path, monkeypatch):
    src = tmp_path / "epoch.csv"
    src.write_bytes(epoch_csv())
    (tmp_path / "not-a-folder").write_text("a file")
    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "not-a-folder"))
    with pytest.raises(
        data.CacheNotWritable,
        match=r"the download of .* is fine, but .*not-a-folder/notable_ai_models.csv "
        r"cannot be written .*SCALINGBOOK_DATA_DIR",
    ) as err:
        data.update_notable_models(url=str(src))
    assert "offline" not in str(err.value)
    assert (tmp_path / "not-a-folder").read_text() == "a file"

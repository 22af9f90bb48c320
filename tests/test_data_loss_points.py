"""data.load_loss_points: both accepted schemas, and errors that name file, line and column."""

from __future__ import annotations

import numpy as np
import pytest

from scalingbook import data


def _write(tmp_path, text, name="points.csv"):
    p = tmp_path / name
    p.write_text(text)
    return p


def test_book_schema_loads_and_adds_train_flops(tmp_path):
    p = _write(tmp_path, "n_params,n_tokens,loss,source\n1e9,2e10,2.5,x\n2e9,4e10,2.3,x\n")
    df = data.load_loss_points(p)
    assert list(df.columns[:4]) == ["n_params", "n_tokens", "train_flops", "loss"]
    assert np.allclose(df["train_flops"], [1.2e20, 4.8e20]), "C = 6 N D (Kaplan et al. 2020 sec. 2.1)"
    assert df.attrs["format"] == "book" and "source" in df.columns


def test_epoch_schema_derives_tokens_from_flops(tmp_path):
    """Epoch's extraction of Chinchilla Fig. 4: D = Training FLOP / (6 Model Size) (Besiroglu et al. 2024)."""
    p = _write(
        tmp_path,
        "x,y,color,Model Size,Training FLOP,hex_color,loss\n1,2,c,1e9,6e19,#fff,2.9\n3,4,c,5e8,3e20,#000,2.7\n",
    )
    df = data.load_loss_points(p)
    assert np.allclose(df["n_tokens"], [1e10, 1e11])
    assert np.allclose(df["train_flops"], [6e19, 3e20]) and np.allclose(df["n_params"], [1e9, 5e8])
    assert df.attrs["format"] == "epoch" and "Model Size" not in df.columns


def test_shipped_sample_loads_by_relative_name():
    df = data.load_loss_points("synthetic_loss_points.csv")
    assert len(df) == 245 and (df["loss"] > 0).all()


@pytest.mark.parametrize(
    "text, message",
    [
        ("n_params,loss\n1e9,2.5\n", r"points.csv: missing columns; need either n_params, n_tokens, loss"),
        ("n_params,n_tokens\n1e9,2e10\n", r"points.csv: missing column 'loss'"),
        ("Model Size,loss\n1e9,2.5\n", r"points.csv: missing column 'Training FLOP'"),
        (
            "n_params,n_tokens,loss\n1e9,2e10,2.5\n2e9,,2.4\n",
            r"points.csv: line 3, column 'n_tokens' must be a positive finite number, got ''",
        ),
        (
            "n_params,n_tokens,loss\n1e9,2e10,2.5\n-2e9,4e10,2.4\n",
            r"line 3, column 'n_params' must be a positive finite number, got '-2e9'",
        ),
        ("n_params,n_tokens,loss\n1e9,2e10,0\n", r"line 2, column 'loss' must be a positive finite number, got '0'"),
        (
            "n_params,n_tokens,loss\n1e9,2e10,abc\n",
            r"line 2, column 'loss' must be a positive finite number, got 'abc'",
        ),
    ],
)
def test_bad_files_name_file_line_and_column(tmp_path, text, message):
    p = _write(tmp_path, text)
    with pytest.raises(data.DataError, match=message):
        data.load_loss_points(p)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(data.DataError, match=r"nope.csv does not exist"):
        data.load_loss_points(tmp_path / "nope.csv")


def test_chinchilla_table3_parses_words():
    t3 = data.load_chinchilla_table3()
    assert t3["n_params"].iloc[0] == 4e8 and t3["n_tokens"].iloc[3] == 1.5e12, (
        "Hoffmann et al. 2022 Table 3 rows 1 and 4"
    )
    assert len(t3) == 9 and t3["source"].str.contains("Table 3").all()

"""Accelerators: peak throughput, power, memory and price, from ``data/gpu_specs.csv``.

The table is Epoch AI's "Machine Learning Hardware" dataset (CC BY 4.0), which cites each
vendor datasheet. Throughput is **dense** FP16/BF16 tensor FLOP/s (no 2:4 sparsity): the
A100 SXM is 312 TFLOP/s and the H100 SXM 989.4 TFLOP/s.

The server, power and price ratios below are the constants of Epoch's cost model
(Cottier et al. 2024, "The rising costs of training frontier AI models", arXiv:2405.21015,
methods appendix; code: ``cost_analysis_standalone.py`` in epoch-research/training-cost-trends).

Use :func:`accelerator` for one record, :func:`accelerator_table` for all of them as a
DataFrame, and :func:`lookup` to map an array of names to one column (vectorised sweeps).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import data as _data

__all__ = [
    "Accelerator",
    "HardwareError",
    "ACCELERATORS",
    "SERVER_COST_OVERHEAD",
    "DEFAULT_SERVER_COST_OVERHEAD",
    "CHIP_TO_SERVER_POWER",
    "SERVER_POWER_FRACTION_GPU",
    "SERVER_POWER_FRACTION_TPU",
    "TPU_EQUIVALENT_PRICE_USD",
    "SERVER_PRICE_PER_CHIP",
    "PRICE_FROM",
    "accelerator",
    "accelerator_table",
    "lookup",
    "resolve_name",
    "server_price",
    "PARITY_REFERENCE",
]

EPOCH_COST_MODEL = (
    "Cottier et al. 2024 (arXiv:2405.21015), methods appendix; constants as in "
    "cost_analysis_standalone.py of epoch-research/training-cost-trends"
)


class HardwareError(ValueError):
    """An accelerator name is unknown or a hardware quantity is out of range."""


#: Short book names -> the row of ``data/gpu_specs.csv`` they stand for. The SXM parts are the
#: ones frontier clusters use; "A100" is the 40 GB part Epoch assigns to GPT-4.
ACCELERATORS: dict[str, str] = {
    "V100": "NVIDIA Tesla V100 SXM2 32 GB",
    "A100": "NVIDIA A100 SXM4 40 GB",
    "A100 80GB": "NVIDIA A100 SXM4 80 GB",
    "H100": "NVIDIA H100 SXM5 80GB",
    "H800": "NVIDIA H800 SXM5",
    "H200": "NVIDIA H200 SXM",
    "B200": "NVIDIA B200",
    "TPU v4": "Google TPU v4",
    "TPU v5e": "Google TPU v5e",
    "TPU v5p": "Google TPU v5p",
}

#: Other spellings found in Epoch's "Notable AI Models" table, mapped like Epoch's own soft
#: matching (``SIMPLIFIED_HARDWARE_NAMES`` in its code): variants share the base chip's specs.
_EXTRA_ALIASES: dict[str, str] = {
    "NVIDIA A100": "A100",
    "NVIDIA A100 PCIe": "A100",
    "NVIDIA V100": "V100",
    "NVIDIA Tesla V100 DGXS 16 GB": "V100",
    "NVIDIA Tesla V100 DGXS 32 GB": "V100",
    "NVIDIA H100": "H100",
    "H100 SXM": "H100",
    "A100 SXM": "A100",
}

#: Server price / chip price (CPUs, memory, board, intra-node interconnect), Epoch's cost model.
SERVER_COST_OVERHEAD: dict[str, float] = {"A100": 1.66, "A100 80GB": 1.66, "V100": 1.69}
#: Epoch's average overhead for every other accelerator (P100 is 1.54, not in the book's table).
DEFAULT_SERVER_COST_OVERHEAD = 1.64

#: Server power per chip / chip TDP, Epoch's cost model: DGX H100 10.2 kW for 8 x 0.7 kW;
#: DGX A100 6.5 kW for 8 x 0.4 kW; V100 the mean of DGX-2 and DGX Station; TPUs 1.56
#: (mean of TPU v2, v3, v4i system/chip power); 1.8 for other GPUs.
CHIP_TO_SERVER_POWER: dict[str, float] = {
    "H100": (10.2 / 8) / 0.7,
    "A100": (6.5 / 8) / 0.4,
    "A100 80GB": (6.5 / 8) / 0.4,
    "V100": ((10 / 16) / 0.3 + (1.5 / 4) / 0.3) / 2,
    "TPU v4": 1.56,
    "TPU v5e": 1.56,
    "TPU v5p": 1.56,
}
DEFAULT_CHIP_TO_SERVER_POWER = 1.8

#: Average server draw during training as a fraction of server TDP (Epoch's cost model:
#: 0.75 for GPUs, from measured DGX and data-centre figures; 0.43 for TPUs, Patterson et al.).
SERVER_POWER_FRACTION_GPU = 0.75
SERVER_POWER_FRACTION_TPU = 0.43

#: TPUs are not sold: Epoch values a TPU v4 like a GPU of equal price-performance (USD per chip,
#: before the server overhead), Epoch's cost model ``TPU_EQUIVALENT_RELEASE_PRICES``.
TPU_EQUIVALENT_PRICE_USD: dict[str, float] = {"TPU v4": 5167.0}

#: Accelerators whose ``release_price_usd`` in the table is already a server price per chip:
#: the H100's $33,600 is a DGX H100 (8 GPUs, $269k) divided by 8 (the table's price_source).
SERVER_PRICE_PER_CHIP: frozenset[str] = frozenset({"H100"})

#: Variants without a price of their own take their base chip's, as Epoch's code does (it
#: prices every A100 variant from the earliest A100 price, the DGX A100 at release).
PRICE_FROM: dict[str, str] = {"A100 80GB": "A100"}


@dataclass(frozen=True)
class Accelerator:
    """One accelerator type.

    peak_flops: dense FP16/BF16 tensor throughput, FLOP/s; tdp_watts: chip TDP, W (NaN if
    unpublished); memory_bytes: bytes (NaN if unpublished); memory_bandwidth: bytes/s;
    release_date: datetime.date; price_usd: purchase price per chip, USD (NaN if none);
    server_price_usd: price of the server share per chip, USD (price x overhead, or the
    published server price per chip); source: where the row comes from.
    """

    name: str
    full_name: str
    manufacturer: str
    peak_flops: float
    tdp_watts: float
    memory_bytes: float
    memory_bandwidth: float
    release_date: _dt.date
    price_usd: float
    server_price_usd: float
    server_cost_overhead: float
    chip_to_server_power: float
    server_power_fraction: float
    source: str

    @property
    def is_tpu(self) -> bool:
        return "TPU" in self.name

    @property
    def server_watts(self) -> float:
        """Average server draw per chip during training, W (TDP x server ratio x fraction)."""
        return self.tdp_watts * self.chip_to_server_power * self.server_power_fraction


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name.lower())


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    out = {_key(short): short for short in ACCELERATORS}
    out.update({_key(full): short for short, full in ACCELERATORS.items()})
    out.update({_key(alias): short for alias, short in _EXTRA_ALIASES.items()})
    return out


def resolve_name(name: str) -> str:
    """The book's short name ("H100") for ``name``; case, spaces and hyphens are ignored.

    Accepts short names ("h100", "TPU v4"), the table's full names
    ("NVIDIA H100 SXM5 80GB") and Epoch's variant spellings ("NVIDIA A100").
    """
    if not isinstance(name, str):
        raise HardwareError(f"accelerator must be a name (text), got {name!r}")
    short = _aliases().get(_key(name))
    if short is None:
        raise HardwareError(
            f"accelerator must be one of: {', '.join(ACCELERATORS)}; got {name!r}"
        )
    return short


def _float(x) -> float:
    return float(x) if x is not None and not pd.isna(x) else math.nan


@lru_cache(maxsize=4)
def _table(path_key: str) -> pd.DataFrame:
    df = _data.read_table("gpu_specs")
    by_full = df.set_index("name")
    rows = []
    for short, full in ACCELERATORS.items():
        if full not in by_full.index:
            raise _data.DataError(f"data/gpu_specs.csv has no row '{full}' (accelerator {short})")
        r = by_full.loc[full]
        price = _float(r["release_price_usd"])
        if math.isnan(price) and short in PRICE_FROM:
            price = _float(by_full.loc[ACCELERATORS[PRICE_FROM[short]], "release_price_usd"])
        if math.isnan(price) and short in TPU_EQUIVALENT_PRICE_USD:
            price = TPU_EQUIVALENT_PRICE_USD[short]
        overhead = SERVER_COST_OVERHEAD.get(short, DEFAULT_SERVER_COST_OVERHEAD)
        server_price = price if short in SERVER_PRICE_PER_CHIP else price * overhead
        is_tpu = "TPU" in short
        rows.append({
            "name": short,
            "full_name": full,
            "manufacturer": r["manufacturer"],
            "peak_flops": _float(r["tensor_fp16_bf16_flops"]),
            "tdp_watts": _float(r["tdp_w"]),
            "memory_bytes": _float(r["memory_bytes"]),
            "memory_bandwidth": _float(r["memory_bandwidth_bytes_per_s"]),
            "release_date": pd.Timestamp(r["release_date"]).date(),
            "price_usd": price,
            "server_price_usd": server_price,
            "server_cost_overhead": overhead,
            "chip_to_server_power": CHIP_TO_SERVER_POWER.get(short, DEFAULT_CHIP_TO_SERVER_POWER),
            "server_power_fraction": SERVER_POWER_FRACTION_TPU if is_tpu else SERVER_POWER_FRACTION_GPU,
            "source": r["source"],
        })
    return pd.DataFrame(rows).set_index("name", drop=False)


def accelerator_table() -> pd.DataFrame:
    """Every accelerator the book knows, one row per short name, with the fields of
    :class:`Accelerator` as columns (units as there)."""
    return _table(str(_data.data_dir())).copy()


def accelerator(name: str) -> Accelerator:
    """The :class:`Accelerator` record for ``name`` (case-insensitive: "h100", "TPU v4").

    Example: ``accelerator("A100").peak_flops`` is 3.12e14 FLOP/s (dense BF16, NVIDIA
    datasheet via Epoch AI's hardware table).
    """
    short = resolve_name(name)
    return Accelerator(**_table(str(_data.data_dir())).loc[short].to_dict())


def lookup(names: ArrayLike, field: str) -> np.ndarray:
    """``field`` of each accelerator in ``names`` (an array of names), as a float array.

    Vectorised over names: each distinct name is resolved once. Raises HardwareError for an
    unknown name or field.
    """
    table = _table(str(_data.data_dir()))
    if field not in table.columns:
        raise HardwareError(f"field must be one of: {', '.join(table.columns)}; got {field!r}")
    arr = np.asarray(names, dtype=object)
    uniq, inverse = np.unique(arr.ravel().astype(str), return_inverse=True)
    values = np.array([table.at[resolve_name(u), field] for u in uniq])
    return values[inverse].reshape(arr.shape)


#: The accelerator whose server price per FLOP/s values chips without a published price.
PARITY_REFERENCE = "H100"


def server_price(name: str) -> tuple[float, str]:
    """Server price per accelerator in USD and how it was obtained.

    The published price (times Epoch's server overhead unless already a server price), or
    Epoch's TPU-equivalent price; for chips with neither (H200, B200, TPU v5p...), the book
    assumes price-performance parity with the H100: H100 server price x peak / H100 peak.
    That is our assumption, not a published figure; newer chips usually cost less per FLOP/s,
    so the parity price overstates their cost.
    """
    acc = accelerator(name)
    if not math.isnan(acc.server_price_usd):
        basis = ("TPU-equivalent price (Epoch)" if acc.name in TPU_EQUIVALENT_PRICE_USD
                 else "published price" if acc.name in SERVER_PRICE_PER_CHIP
                 else f"published chip price x server overhead {acc.server_cost_overhead:g}")
        return acc.server_price_usd, basis
    ref = accelerator(PARITY_REFERENCE)
    return ref.server_price_usd * acc.peak_flops / ref.peak_flops, f"{ref.name} price-performance parity (book's assumption)"

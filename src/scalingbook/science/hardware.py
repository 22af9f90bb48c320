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

from ..sources import tables as _data

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
    "custom_accelerator",
    "PRECISIONS",
    "accelerator_table",
    "lookup",
    "resolve_name",
    "server_price",
    "published_server_price",
    "epoch_server_price",
    "EPOCH_CHIP_NAMES",
    "PARITY_REFERENCE",
    "EPOCH_GPU_ALIASES",
    "EPOCH_TPU_EQUIVALENT_PRICE_USD",
    "EPOCH_PRICE_TIES",
    "CLOUD_PRICE_TYPES",
    "as_float",
    "CLOUD_DISCOUNTS",
    "ChipSpec",
    "HardwarePrice",
    "chip_spec",
    "epoch_acquisition_price",
    "epoch_cloud_price",
    "server_cost_overhead_for",
    "chip_to_server_power_for",
    "server_power_fraction_for",
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
        raise HardwareError(f"accelerator must be one of: {', '.join(ACCELERATORS)}; got {name!r}")
    return short


def as_float(x) -> float:
    """``x`` as a float; NaN for None or a missing value (a table cell that is empty)."""
    return float(x) if x is not None and not pd.isna(x) else math.nan


_float = as_float


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
        rows.append(
            {
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
            }
        )
    return pd.DataFrame(rows).set_index("name", drop=False)


def accelerator_table() -> pd.DataFrame:
    """Every accelerator the book knows, one row per short name, with the fields of
    :class:`Accelerator` as columns (units as there)."""
    return _table(str(_data.data_dir())).copy()


def accelerator(name: str | Accelerator) -> Accelerator:
    """The :class:`Accelerator` record for ``name`` (case-insensitive: "h100", "TPU v4"); an
    :class:`Accelerator` (e.g. :func:`custom_accelerator`) is returned as it is.

    Example: ``accelerator("A100").peak_flops`` is 3.12e14 FLOP/s (dense BF16, NVIDIA
    datasheet via Epoch AI's hardware table).
    """
    if isinstance(name, Accelerator):
        return name
    short = resolve_name(name)
    return Accelerator(**_table(str(_data.data_dir())).loc[short].to_dict())


#: Number formats a custom accelerator's peak may be quoted in.
PRECISIONS = ("fp32", "tf32", "bf16", "fp16", "fp8", "fp4")


def custom_accelerator(
    peak_flops: float, tdp_watts: float, server_price_usd: float, precision: str = "bf16", name: str = "custom"
) -> Accelerator:
    """An accelerator the book's table does not hold (an MI300X, a TPU v6e, a GB200...), from
    its dense peak FLOP/s at ``precision``, its chip TDP (W) and its server price per
    accelerator (USD, server share). Server overhead, server-to-chip power and average draw
    take Epoch's defaults for GPUs (1.64, 1.8, 0.75; Cottier et al. 2024). Raises
    HardwareError for a value <= 0 or an unknown precision."""
    for label, value in (("peak_flops", peak_flops), ("tdp_watts", tdp_watts), ("server_price_usd", server_price_usd)):
        v = float(value)
        if not (v > 0 and math.isfinite(v)):
            raise HardwareError(f"custom accelerator: {label} must be above 0; got {value!r}")
    if precision not in PRECISIONS:
        raise HardwareError(f"custom accelerator: precision must be one of: {', '.join(PRECISIONS)}; got {precision!r}")
    label = f"{name} ({precision.upper()}, {float(peak_flops) / 1e12:,.4g} TFLOP/s, {float(tdp_watts):,.0f} W)"
    return Accelerator(
        name=label,
        full_name=label,
        manufacturer="(given)",
        peak_flops=float(peak_flops),
        tdp_watts=float(tdp_watts),
        memory_bytes=math.nan,
        memory_bandwidth=math.nan,
        release_date=_dt.date.today(),
        price_usd=float(server_price_usd) / DEFAULT_SERVER_COST_OVERHEAD,
        server_price_usd=float(server_price_usd),
        server_cost_overhead=DEFAULT_SERVER_COST_OVERHEAD,
        chip_to_server_power=DEFAULT_CHIP_TO_SERVER_POWER,
        server_power_fraction=SERVER_POWER_FRACTION_GPU,
        source="given by the reader",
    )


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


#: The book's short names -> the chip names of Epoch's training-cost-trends tables, for the
#: chips whose server price the book takes from Epoch's price table by Epoch's rule.
EPOCH_CHIP_NAMES: dict[str, str] = {
    "V100": "NVIDIA Tesla V100 DGXS 32 GB",
    "A100": "NVIDIA A100 SXM4 40 GB",
    "A100 80GB": "NVIDIA A100 SXM4 80 GB",
    "H100": "NVIDIA H100 SXM5",
    "TPU v4": "Google TPU v4",
}


@lru_cache(maxsize=16)
def epoch_server_price(name: str) -> HardwarePrice | None:
    """Epoch's server price per chip for a book accelerator (:data:`EPOCH_CHIP_NAMES`), chosen
    by :func:`epoch_acquisition_price` from the training-cost-trends tables (read through
    :mod:`scalingbook.sources.datasets`); None for chips Epoch's tables do not price."""
    full = EPOCH_CHIP_NAMES.get(resolve_name(name))
    if full is None:
        return None
    from ..sources import datasets

    return epoch_acquisition_price(full, datasets.load_hardware_prices(), datasets.load_chips())


def published_server_price(name: str) -> tuple[float, str]:
    """Server price per accelerator (USD) with a published basis, and that basis; NaN when
    there is none. Epoch's price-selection rule on Epoch's price table first
    (:func:`epoch_server_price`; H100: the earliest DGX H100 price, $44,490 per GPU, Sept.
    2022), else the book's table (published chip price x server overhead)."""
    epoch = epoch_server_price(name)
    if epoch is not None:
        return epoch.price_usd, f"Epoch's rule: {epoch.basis}"
    acc = accelerator(name)
    if not math.isnan(acc.server_price_usd):
        basis = (
            "TPU-equivalent price (Epoch)"
            if acc.name in TPU_EQUIVALENT_PRICE_USD
            else "published price"
            if acc.name in SERVER_PRICE_PER_CHIP
            else f"published chip price x server overhead {acc.server_cost_overhead:g}"
        )
        return acc.server_price_usd, basis
    return math.nan, "no published price"


def server_price(name: str) -> tuple[float, str]:
    """Server price per accelerator in USD and how it was obtained.

    :func:`published_server_price` where there is one; for chips with none (H200,
    TPU v5p...), the book assumes price-performance parity with the H100: H100 server price x
    peak / H100 peak. That is our assumption, not a published figure; newer chips usually cost
    less per FLOP/s, so the parity price overstates their cost.
    """
    price, basis = published_server_price(name)
    if not math.isnan(price):
        return price, basis
    acc = accelerator(name)
    ref_price, _ = published_server_price(PARITY_REFERENCE)
    ref = accelerator(PARITY_REFERENCE)
    return ref_price * acc.peak_flops / ref.peak_flops, f"{ref.name} price-performance parity (book's assumption)"


# ---------------------------------------------------------------------------------------
# Epoch's hardware tables (training-cost-trends): price-selection rule and chip specs
# ---------------------------------------------------------------------------------------

#: Aliases Epoch's cost model uses to match a GPU to rows of its price table (any price row
#: whose model name contains the alias matches), in the order tried.
EPOCH_GPU_ALIASES = ("A100", "V100", "H100", "P100", "K80", "K40", "Titan X", "GTX 580", "GTX TITAN", "Titan Black")

#: TPUs are not sold; Epoch values each like a GPU of equal price-performance, USD per chip
#: before the server overhead (Epoch's cost model, ``TPU_EQUIVALENT_RELEASE_PRICES``).
EPOCH_TPU_EQUIVALENT_PRICE_USD = {
    "Google TPU v1": 5463.0,
    "Google TPU v2": 5054.0,
    "Google TPU v3": 5276.0,
    "Google TPU v4": 5167.0,
}

#: Days between a GPU's release and the earliest date anyone can have bought it (Epoch: 90).
EPOCH_FIRST_PURCHASE_DAYS = 90.0

#: TPU v4 has no TDP in Epoch's chip table; Epoch derives 373 W from Google's "2.7x the
#: performance per watt of TPU v3" (123 TFLOP/s / 450 W x 2.7 -> 275 TFLOP/s at 373 W).
EPOCH_TPU_V4_TDP_W = 373.0

#: Epoch's variant names for soft matching (``SIMPLIFIED_HARDWARE_NAMES``).
EPOCH_SIMPLIFIED_NAMES = {
    "NVIDIA Tesla V100 DGXS 16 GB": "NVIDIA V100",
    "NVIDIA Tesla V100 DGXS 32 GB": "NVIDIA V100",
    "NVIDIA Tesla V100S PCIe 32 GB": "NVIDIA V100",
    "NVIDIA V100": "NVIDIA V100",
    "NVIDIA A100 PCIe": "NVIDIA A100",
    "NVIDIA A100 SXM4 40 GB": "NVIDIA A100",
    "NVIDIA A100 SXM4 80 GB": "NVIDIA A100",
    "NVIDIA A100": "NVIDIA A100",
    "NVIDIA H100 PCIe": "NVIDIA H100",
    "NVIDIA H100 SXM5": "NVIDIA H100",
    "NVIDIA H100": "NVIDIA H100",
}

#: Organisations whose cloud vendor Epoch fixes for the cloud approach (others: AWS first).
_ORG_TO_CLOUD = {
    "google": "Google Cloud",
    "deepmind": "Google Cloud",
    "microsoft": "Microsoft Azure",
    "openai": "Microsoft Azure",
}
_CLOUD_VENDORS = ("Amazon Web Services", "Microsoft Azure", "Google Cloud", "Lambda Labs")
#: The cloud price columns of Epoch's price table, in the order Epoch's rule tries them.
CLOUD_PRICE_TYPES = (
    "price_per_chip_hour_3_year_cud",
    "price_per_chip_hour_1_year_cud",
    "price_per_chip_hour_on_demand",
)
_CLOUD_PRICE_TYPES = CLOUD_PRICE_TYPES
#: Default committed-use discounts by vendor (Epoch's cost model, ``DEFAULT_CUD``): converts a
#: 1-year or on-demand price to the 3-year price the cloud approach uses.
CLOUD_DISCOUNTS = {
    "Amazon Web Services": (0.0, 0.41, 0.64),
    "Google Cloud": (0.0, 0.37, 0.56),
    "Microsoft Azure": (0.0, 0.25, 0.49),
    "Lambda Labs": (0.0, 0.34, 0.56),
}


def server_cost_overhead_for(name: str) -> float:
    """Server price / chip price for a hardware name (Epoch: A100 1.66, V100 1.69, P100 1.54,
    1.64 otherwise)."""
    for key, value in (("A100", 1.66), ("V100", 1.69), ("P100", 1.54)):
        if key in name:
            return value
    return DEFAULT_SERVER_COST_OVERHEAD


def chip_to_server_power_for(name: str) -> float:
    """Server power per chip / chip TDP for a hardware name (Epoch's ratios; see
    :data:`CHIP_TO_SERVER_POWER`): TPU v1 2.93, v2 1.64, v3 1.47, other TPUs 1.56; H100
    10.2/8/0.7; A100 6.5/8/0.4; V100 the DGX-2 / DGX Station mean; other GPUs 1.8."""
    if "TPU" in name:
        for key, value in (("v1", 2.93), ("v2", 1.64), ("v3", 1.47)):
            if key in name:
                return value
        return 1.56
    for key in ("H100", "A100", "V100"):
        if key in name:
            return CHIP_TO_SERVER_POWER[key]
    return DEFAULT_CHIP_TO_SERVER_POWER


def server_power_fraction_for(name: str) -> float:
    """Average / peak server power during training: 0.43 for TPUs, 0.75 for GPUs (Epoch)."""
    return SERVER_POWER_FRACTION_TPU if "TPU" in name else SERVER_POWER_FRACTION_GPU


@dataclass(frozen=True)
class ChipSpec:
    """A chip of Epoch's chip table: peak_flops (FLOP/s, the first known of FP16 tensor, TF32,
    FP16 for TPUs, FP32; INT8 OP/s for TPU v1), tdp_watts (W), release_date (Timestamp)."""

    name: str
    peak_flops: float
    tdp_watts: float
    release_date: pd.Timestamp


def chip_spec(name: str, chips: pd.DataFrame) -> ChipSpec | None:
    """The :class:`ChipSpec` of ``name`` in Epoch's chip table (``datasets.load_chips()``),
    by Epoch's column preference; None when the chip is not in the table."""
    rows = chips[chips["name_of_the_hardware"] == name]
    if rows.empty:
        return None
    r = rows.iloc[0]
    if "TPU v1" in name:
        peak = _float(r.get("int8_performance_op_s"))
    else:
        peak = math.nan
        cols = ["fp16_tensor_core", "tensor_float_32_tf32"]
        cols += ["fp16_half_precision_performance_flop_s"] if "TPU" in name else []
        cols += ["fp32_single_precision_performance_flop_s"]
        for col in cols:
            peak = _float(r.get(col))
            if not math.isnan(peak):
                break
    tdp = _float(r.get("tdp_w"))
    if math.isnan(tdp) and "TPU v4" in name:
        tdp = EPOCH_TPU_V4_TDP_W
    return ChipSpec(name, peak, tdp, pd.Timestamp(r["release_date"]))


@dataclass(frozen=True)
class HardwarePrice:
    """A server price per chip chosen by Epoch's rule: price_usd (USD per chip, server share,
    nominal), price_date, acquired (the date the hardware is taken to be bought), basis (how
    it was chosen, in words), source (the price table's ``price_source``)."""

    hardware: str
    price_usd: float
    price_date: pd.Timestamp | None
    acquired: pd.Timestamp
    basis: str
    source: str


def _purchase_rows(prices: pd.DataFrame) -> pd.DataFrame:
    """The purchase prices of Epoch's price table, earliest first (memoised per table)."""
    hit = _PURCHASE_MEMO.get(id(prices))
    if hit is not None and hit[0] is prices:
        return hit[1]
    rows = prices.dropna(subset=["price_hardware_purchase", "price_date"]).sort_values("price_date", kind="mergesort")
    rows = rows.assign(hardware_model=rows["hardware_model"].astype(str))
    _PURCHASE_MEMO.clear()
    _PURCHASE_MEMO[id(prices)] = (prices, rows)
    return rows


_PURCHASE_MEMO: dict = {}


def epoch_acquisition_price(hardware: str, prices: pd.DataFrame, chips: pd.DataFrame) -> HardwarePrice | None:
    """Server price per chip of ``hardware`` by Epoch's price-selection rule (Cottier et al.
    2024, methods; Epoch's ``find_hardware_acquisition_price``).

    GPUs: among purchase prices whose model name contains the chip's alias
    (:data:`EPOCH_GPU_ALIASES`), the earliest with "DGX" in its notes, else the earliest of
    all; single-unit prices are multiplied by the server overhead; the hardware is bought on
    the price's date, or 90 days after the chip's release if that is later. TPUs: the
    TPU-equivalent price x overhead, bought at release. None for mixed (comma-separated) or
    unpriced hardware. Example: H100 -> the DGX H100 list price of 2022-09-29, $44,490 per GPU.
    """
    if not isinstance(hardware, str) or "," in hardware:
        return None
    spec = chip_spec(hardware, chips)
    if "TPU" in hardware:
        base = EPOCH_TPU_EQUIVALENT_PRICE_USD.get(hardware)
        if base is None or spec is None:
            return None
        overhead = server_cost_overhead_for(hardware)
        return HardwarePrice(
            hardware,
            base * overhead,
            None,
            spec.release_date,
            f"TPU-equivalent price ${base:,.0f} x server overhead {overhead:g}, bought at release",
            "Epoch cost model (TPU_EQUIVALENT_RELEASE_PRICES)",
        )
    alias = next((a for a in EPOCH_GPU_ALIASES if a in hardware), None)
    if alias is None or spec is None:
        return None
    rows = _purchase_rows(prices)
    rows = rows[rows["hardware_model"].str.contains(alias, regex=False)]
    if rows.empty:
        return None
    notes = rows["notes"].fillna("").astype(str)
    dgx = rows[notes.str.contains("DGX", regex=False)]
    row = dgx.iloc[0] if len(dgx) else rows.iloc[0]
    tied = dgx[dgx["price_date"] == row["price_date"]] if len(dgx) else rows.iloc[:0]
    if len(tied) > 1 and alias in EPOCH_PRICE_TIES:
        pick = tied[tied["notes"].astype(str).str.contains(EPOCH_PRICE_TIES[alias][0], regex=False)]
        row = pick.iloc[0] if len(pick) else row
    price = float(row["price_hardware_purchase"])
    basis = f"earliest {'DGX ' if len(dgx) else ''}purchase price for {alias} ({row['hardware_model']}, {row['price_date']:%Y-%m-%d})"
    if "single-unit" in str(row["notes"]).lower():
        overhead = server_cost_overhead_for(hardware)
        price *= overhead
        basis += f" x server overhead {overhead:g}"
    first = spec.release_date + pd.Timedelta(days=EPOCH_FIRST_PURCHASE_DAYS)
    acquired = max(pd.Timestamp(row["price_date"]), first)
    return HardwarePrice(hardware, price, pd.Timestamp(row["price_date"]), acquired, basis, str(row["price_source"]))


#: Same-date DGX prices and the one Epoch's code takes. Two V100 rows are dated 2017-07-01:
#: a DGX-1 (8 GPUs, $149,000: $18,625 per GPU) and a DGXS (4 GPUs, $69,000: $17,250 per GPU).
#: Epoch's ``find_gpu_acquisition_price`` sorts by date with pandas' default (unstable) sort
#: and takes the first DGX row; run on the paper's tables it takes the DGXS, so the book does
#: too (a stable sort would take the DGX-1 and price the seven V100 models about 8% higher).
EPOCH_PRICE_TIES: dict[str, tuple[str, str]] = {
    "V100": ("DGXS", "2017-07-01: DGXS $17,250 per GPU taken over DGX-1 $18,625, as Epoch's unstable sort does"),
}


def _rental_groups(prices: pd.DataFrame) -> dict:
    """(vendor, hardware model) -> (dates, prices by type) of the cloud rows, memoised per table."""
    key = id(prices)
    hit = _RENTAL_MEMO.get(key)
    if hit is not None and hit[0] is prices:
        return hit[1]
    rows = prices[prices["vendor"].notna()]
    groups = {
        k: (g["price_date"].to_numpy("datetime64[ns]"), g[list(_CLOUD_PRICE_TYPES)].to_numpy(float))
        for k, g in rows.groupby(["vendor", "hardware_model"], sort=False)
    }
    _RENTAL_MEMO.clear()
    _RENTAL_MEMO[key] = (prices, groups)
    return groups


_RENTAL_MEMO: dict = {}


def _closest_price_rows(hardware: str, groups: dict, vendor: str):
    """Epoch's ``find_closest_price_dates``: exact name, else the simplified name, else any
    variant sharing its terms; returns (name, dates, prices) or None."""

    def match(name: str):
        g = groups.get((vendor, name))
        return None if g is None else (name, *g)

    found = match(hardware)
    simple = EPOCH_SIMPLIFIED_NAMES.get(hardware)
    if found is None and simple is not None:
        found = match(simple)
        if found is None:
            terms = simple.split()
            for full in EPOCH_SIMPLIFIED_NAMES:
                if all(t in full for t in terms):
                    found = match(full)
                    if found is not None:
                        break
    return found


def epoch_cloud_price(
    hardware: str, organization: str, when: pd.Timestamp, prices: pd.DataFrame
) -> tuple[float, str] | None:
    """Cloud price per chip-hour (USD, 3-year committed use) by Epoch's rule for the cloud
    approach (Cottier et al. 2024, methods; Epoch's ``find_price``): the organisation's vendor
    (Google/DeepMind: Google Cloud; Microsoft/OpenAI: Azure; else AWS) first, then the others
    (TPUs: Google Cloud only); for each price type (3-year, then 1-year, then on-demand,
    converted with :data:`CLOUD_DISCOUNTS`) the price dated closest on or before ``when`` (else
    the closest after). Returns (price, description) or None."""
    if not isinstance(hardware, str) or "," in hardware:
        return None
    org = str(organization).lower()
    vendor = next((v for k, v in _ORG_TO_CLOUD.items() if k in org), "Amazon Web Services")
    if "TPU" in hardware:
        vendors = ["Google Cloud"]
    else:
        vendors = [vendor] + [v for v in _CLOUD_VENDORS if v != vendor]
    groups = _rental_groups(prices)
    t = np.datetime64(pd.Timestamp(when), "ns")
    for k, price_type in enumerate(_CLOUD_PRICE_TYPES):
        for v in vendors:
            found = _closest_price_rows(hardware, groups, v)
            if found is None:
                continue
            name, dates, values = found
            order = np.argsort(np.abs(dates - t), kind="stable")
            before = order[dates[order] <= t]
            i = before[0] if len(before) else order[0]
            value = float(values[i, k])
            if math.isnan(value):
                continue
            disc = CLOUD_DISCOUNTS[v]  # (on-demand, 1-year, 3-year); the types run 3-year first
            value *= (1 - disc[2]) / (1 - disc[2 - k])
            label = price_type.removeprefix("price_per_chip_hour_").replace("_", "-")
            day = pd.Timestamp(dates[i]).strftime("%Y-%m-%d")
            return value, f"{v}, {name}, {label} price of {day}"
    return None

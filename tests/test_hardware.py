"""hardware: accelerator records from data/gpu_specs.csv (Epoch AI "Machine Learning Hardware",
CC BY 4.0, citing NVIDIA/Google datasheets) and Epoch's server ratios (Cottier et al. 2024)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scalingbook import hardware


def test_a100_dense_bf16_is_312_tflops():
    got = hardware.accelerator("A100").peak_flops
    assert got == pytest.approx(312e12, rel=1e-9), f"NVIDIA A100 SXM datasheet: 312 TFLOP/s dense BF16; got {got:.4g}"


def test_h100_sxm_dense_bf16_is_989_4_tflops():
    got = hardware.accelerator("H100").peak_flops
    assert got == pytest.approx(989.4e12, rel=1e-9), (
        f"NVIDIA H100 SXM datasheet: 989.4 TFLOP/s dense BF16; got {got:.4g}"
    )


def test_h100_is_about_3x_a100_peak():
    ratio = hardware.accelerator("H100").peak_flops / hardware.accelerator("A100").peak_flops
    assert ratio == pytest.approx(3.17, abs=0.01), (
        f"published-numbers sec. 7: H100/A100 dense BF16 = 989.4/312 = 3.17; got {ratio:.3f} (abs tol 0.01)"
    )


@pytest.mark.parametrize("name", ["h100", "H100", " H100 ", "NVIDIA H100 SXM5 80GB", "nvidia h100", "h-100"])
def test_names_are_case_and_space_insensitive(name):
    assert hardware.accelerator(name).name == "H100"


@pytest.mark.parametrize("name", ["tpu v4", "TPU v4", "TPUv4", "Google TPU v4"])
def test_tpu_names(name):
    acc = hardware.accelerator(name)
    assert acc.name == "TPU v4" and acc.is_tpu
    assert acc.peak_flops == pytest.approx(275e12), "Google TPU v4 system architecture doc: 275 TFLOP/s BF16"


def test_unknown_accelerator_is_rejected_with_the_allowed_names():
    with pytest.raises(hardware.HardwareError, match=r"accelerator must be one of: V100, A100.*got 'H900'"):
        hardware.accelerator("H900")


def test_every_listed_accelerator_resolves_and_has_a_source():
    table = hardware.accelerator_table()
    assert list(table["name"]) == list(hardware.ACCELERATORS)
    assert table["source"].str.contains("Epoch AI").all()
    assert (table["peak_flops"] > 1e13).all()


def test_a100_server_price_matches_epoch_dgx_a100_per_gpu():
    # Epoch's hardware price table: DGX A100 (8 GPUs) at release, $24,875 per GPU.
    got = hardware.accelerator("A100").server_price_usd
    assert got == pytest.approx(24_875, rel=0.01), (
        f"Cottier et al. 2024 method: A100 chip $15,000 x server overhead 1.66 = {got:.0f} vs Epoch's "
        "DGX A100 $24,875 per GPU (tol 1%)"
    )


def test_h100_price_is_already_a_server_share():
    acc = hardware.accelerator("H100")
    assert acc.server_price_usd == acc.price_usd == pytest.approx(33_600), (
        "gpu_specs.csv price_source: DGX H100 $269k / 8 = $33,600 per GPU, a server price (no overhead applied)"
    )


def test_epoch_server_power_ratios():
    assert hardware.accelerator("H100").chip_to_server_power == pytest.approx(1.82, abs=0.005), (
        "Cottier et al. 2024 cost model: DGX H100 10.2 kW / (8 x 0.7 kW) = 1.82"
    )
    assert hardware.accelerator("A100").chip_to_server_power == pytest.approx(2.03, abs=0.005), (
        "Cottier et al. 2024 cost model: DGX A100 6.5 kW / (8 x 0.4 kW) = 2.03"
    )
    assert hardware.accelerator("TPU v4").server_power_fraction == 0.43
    assert hardware.accelerator("A100").server_power_fraction == 0.75


def test_missing_price_is_nan_not_zero():
    assert math.isnan(hardware.accelerator("H200").price_usd), "gpu_specs.csv: no published H200 price"


def test_b200_is_priced_from_nvidias_30k_to_40k_not_at_parity():
    price, basis = hardware.server_price("B200")
    assert price == pytest.approx(35_000 * 1.64) and "assumption" not in basis, (
        "CNBC 2024-03-19 (Jensen Huang): $30,000-40,000 per Blackwell GPU; midpoint x Epoch's default server "
        f"overhead 1.64 = $57,400; book {price:,.0f} ({basis})"
    )


def test_lookup_is_vectorised_over_names():
    names = np.array([["A100", "h100"], ["A100", "B200"]])
    got = hardware.lookup(names, "peak_flops")
    assert got.shape == (2, 2)
    assert np.allclose(got, [[312e12, 989.4e12], [312e12, 2.25e15]])
    with pytest.raises(hardware.HardwareError, match="field must be one of"):
        hardware.lookup(["A100"], "speed")


def test_server_price_says_how_it_was_obtained():
    price, basis = hardware.server_price("A100")
    assert price == pytest.approx(24_875) and "earliest DGX" in basis, (
        "Epoch's price-selection rule (Cottier et al. 2024): the earliest DGX price, DGX A100 of 2020-05-21 at "
        "$199,000 / 8 = $24,875 per GPU"
    )
    price, basis = hardware.server_price("TPU v4")
    assert price == pytest.approx(5167 * 1.64) and "TPU-equivalent" in basis, (
        "Cottier et al. 2024 cost model: TPU v4 valued at a $5,167 GPU-equivalent x default overhead 1.64"
    )
    price, basis = hardware.server_price("H200")
    assert price == pytest.approx(44_489.88 * 989.5e12 / 989.4e12) and "assumption" in basis


def test_custom_accelerator_takes_epochs_default_server_ratios_and_rejects_bad_values():
    acc = hardware.custom_accelerator(1.3074e15, 750.0, 25_000.0, "bf16")
    assert hardware.accelerator(acc) is acc, "an Accelerator passes through accelerator() unchanged"
    assert acc.server_watts == pytest.approx(750 * 1.8 * 0.75), (
        "Cottier et al. 2024 cost model: other GPUs draw TDP x 1.8 server ratio x 0.75 average"
    )
    assert acc.server_cost_overhead == 1.64 and acc.server_price_usd == 25_000.0
    with pytest.raises(hardware.HardwareError, match="peak_flops must be above 0"):
        hardware.custom_accelerator(0.0, 750.0, 25_000.0)
    with pytest.raises(hardware.HardwareError, match="precision must be one of"):
        hardware.custom_accelerator(1e15, 750.0, 25_000.0, "int3")

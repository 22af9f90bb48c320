"""scalingbook.sources.datasets: the registry, fetching (mirror, cache, failures) and each loader on the
real files (from the mirror when it exists: tests/conftest.py sets SCALINGBOOK_DATA_MIRROR)."""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from scalingbook import datasets

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT.parent / "shared" / "datasets" / "MANIFEST.tsv"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh, empty download cache for one test."""
    monkeypatch.setenv("SCALINGBOOK_DATA_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


# ------------------------------------------------------------------ the registry


def test_registry_holds_the_nine_datasets_with_full_commits_and_hashes():
    assert datasets.names() == [
        "training-cost-trends",
        "analyzing-chinchilla",
        "mlfoundations-scaling",
        "obsscaling",
        "on-emergence",
        "pythia",
        "llm-benchmark-efficiency",
        "tiny-shakespeare",
        "war-and-peace",
    ]
    for ds in datasets.REGISTRY.values():
        assert re.fullmatch(r"[0-9a-f]{40}", ds.commit), f"{ds.name}: the commit must be pinned in full"
        assert ds.files and all(re.fullmatch(r"[0-9a-f]{64}", f.sha256) and f.bytes > 0 for f in ds.files)
        assert ds.licence and ds.cite and ds.holds and ds.chapters


def test_registry_cites_papers_that_the_bibliography_holds():
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for ds in datasets.REGISTRY.values():
        assert re.search(r"@\w+\{" + re.escape(ds.cite) + ",", bib), f"{ds.name}: {ds.cite} is not in references.bib"


def test_registry_chapters_are_chapters_of_the_book():
    stems = {p.stem for p in (ROOT / "chapters").glob("*.md")}
    for ds in datasets.REGISTRY.values():
        assert set(ds.chapters) <= stems, ds.name


@pytest.mark.skipif(not MANIFEST.exists(), reason="no datasets mirror beside the checkout")
def test_registry_agrees_with_the_mirror_manifest():
    rows = [line.split("\t") for line in MANIFEST.read_text(encoding="utf-8").splitlines()[1:]]
    manifest = {(o, r, c, p): (int(b), h) for o, r, c, p, b, h in rows}
    ours = {
        (ds.owner, ds.repo, ds.commit, f.path): (f.bytes, f.sha256)
        for ds in datasets.REGISTRY.values()
        for f in ds.files
    }
    assert ours == manifest


def test_licences_as_the_repositories_state_them():
    lic = {ds.name: ds.licence for ds in datasets.REGISTRY.values()}
    assert lic == {
        "training-cost-trends": "Apache-2.0",
        "analyzing-chinchilla": "none stated",
        "mlfoundations-scaling": "MIT",
        "obsscaling": "Apache-2.0",
        "on-emergence": "CC BY-SA 4.0",
        "pythia": "Apache-2.0",
        "llm-benchmark-efficiency": "none stated",
        "tiny-shakespeare": "none stated",
        "war-and-peace": "none stated",
    }


def test_source_url_is_the_raw_file_at_the_pinned_commit_with_the_path_quoted():
    ds = datasets.dataset("training-cost-trends")
    assert ds.url("data/Hardware prices.csv") == (
        "https://raw.githubusercontent.com/epoch-research/training-cost-trends/"
        "55f7afd289f12dae4500976866ff27e8ca6da28b/data/Hardware%20prices.csv"
    )


def test_dataset_names_also_accept_the_repository():
    assert datasets.dataset("mlfoundations/scaling").name == "mlfoundations-scaling"
    assert datasets.dataset("ObsScaling").name == "obsscaling"
    with pytest.raises(
        datasets.UnknownDatasetError, match="unknown dataset 'nope'; datasets are: training-cost-trends"
    ):
        datasets.dataset("nope")


def test_no_dataset_file_is_committed_into_the_project():
    known = {
        f.sha256: f"{ds.name}:{f.path}"
        for ds in datasets.REGISTRY.values()
        for f in ds.files
        if not f.path.endswith(("LICENSE", "LICENSE.txt", "README.md"))
    }
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True).stdout.decode().split("\0")
    copies = [
        p
        for p in filter(None, tracked)
        if (ROOT / p).is_file() and hashlib.sha256((ROOT / p).read_bytes()).hexdigest() in known
    ]
    assert not copies, f"fetched files committed into the project: {copies}"


# ------------------------------------------------------------------ fetching from the mirror, caching


def test_fetch_from_the_mirror_verifies_and_caches_at_the_repository_layout(cache):
    folder = datasets.fetch("analyzing-chinchilla")
    ds = datasets.dataset("analyzing-chinchilla")
    assert folder == cache / ds.owner / ds.repo / ds.commit
    for f in ds.files:
        assert hashlib.sha256((folder / f.path).read_bytes()).hexdigest() == f.sha256
    assert datasets.is_cached("analyzing-chinchilla") and not datasets.is_cached("pythia")
    assert datasets.verify(["analyzing-chinchilla"]) == []


def test_a_parsed_table_is_cached_and_read_without_the_files(cache):
    first = datasets.load_epoch_chinchilla()
    assert list((cache / "parsed").glob("load_epoch_chinchilla-*.npz")), "the parsed table is cached beside the files"
    for f in (cache / "epoch-research").rglob("*"):
        if f.is_file():
            f.unlink()
    datasets.load_epoch_chinchilla.cache_clear()
    again = datasets.load_epoch_chinchilla()
    pd.testing.assert_frame_equal(first, again)


def test_verify_removes_a_cached_file_that_was_changed(cache):
    folder = datasets.fetch("obsscaling")
    target = folder / "eval_results/base_llm_emergent_capability_eval.csv"
    target.write_bytes(target.read_bytes().replace(b"0.", b"9.", 1))
    problems = datasets.verify(["obsscaling"])
    assert len(problems) == 1 and "did not match its sha256 and was removed" in problems[0]
    assert not target.exists()


# ------------------------------------------------------------------ failures: one line, nothing half-written


def _fake(tmp_path: Path, content: bytes = b"a,b\n1,2\n") -> datasets.Dataset:
    """A one-file dataset in a scratch mirror, registered for the test."""
    ds = datasets.Dataset(
        "scratch",
        "someone",
        "scratch-repo",
        "0" * 40,
        "MIT",
        "gadre2024",
        "a test table",
        ("loss_scaling",),
        (datasets.DatasetFile("data/t.csv", len(content), hashlib.sha256(content).hexdigest()),),
    )
    src = tmp_path / "mirror" / ds.owner / ds.repo / ds.commit / "data"
    src.mkdir(parents=True)
    (src / "t.csv").write_bytes(content)
    return ds


@pytest.fixture
def scratch(tmp_path, monkeypatch, cache):
    ds = _fake(tmp_path)
    monkeypatch.setitem(datasets.REGISTRY, ds.name, ds)
    monkeypatch.setenv("SCALINGBOOK_DATA_MIRROR", str(tmp_path / "mirror"))
    return ds, tmp_path / "mirror" / ds.owner / ds.repo / ds.commit / "data" / "t.csv"


def _cache_files(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []


def test_a_corrupted_mirror_copy_is_refused_and_not_kept(scratch, cache):
    ds, copy = scratch
    copy.write_bytes(b"a,b\n1,3\n")
    with pytest.raises(
        datasets.DatasetError,
        match=r"dataset 'scratch': file 'data/t.csv' from the mirror copy .* "
        r"does not match its sha256 .*not used and not kept",
    ):
        datasets.fetch("scratch")
    assert _cache_files(cache) == []


def test_a_mirror_missing_a_file_says_which_and_what_to_do(scratch, cache):
    ds, copy = scratch
    copy.unlink()
    with pytest.raises(datasets.DatasetError, match=r"dataset 'scratch': file 'data/t.csv' is missing from the mirror"):
        datasets.fetch("scratch")
    assert _cache_files(cache) == []


def test_offline_with_nothing_cached_and_no_mirror_says_how_to_use_a_mirror(scratch, cache, monkeypatch):
    ds, _ = scratch
    monkeypatch.delenv("SCALINGBOOK_DATA_MIRROR")
    monkeypatch.setattr(datasets.Dataset, "url", lambda self, path: f"http://127.0.0.1:9/{path}")
    with pytest.raises(
        datasets.DatasetError,
        match=r"dataset 'scratch': could not download 'data/t.csv' .*"
        r"offline\? set SCALINGBOOK_DATA_MIRROR",
    ):
        datasets.fetch("scratch")
    assert _cache_files(cache) == []


class _Drip(http.server.BaseHTTPRequestHandler):
    """Sends a byte every 0.2 s, forever: each read is quick, the download never ends."""

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def test_a_download_that_drips_forever_stops_at_the_total_time_limit(scratch, cache, monkeypatch):
    ds, _ = scratch
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.delenv("SCALINGBOOK_DATA_MIRROR")
        monkeypatch.setenv("SCALINGBOOK_DOWNLOAD_TIMEOUT", "1.5")
        port = server.server_address[1]
        monkeypatch.setattr(datasets.Dataset, "url", lambda self, path: f"http://127.0.0.1:{port}/{path}")
        with pytest.raises(
            datasets.DatasetError,
            match=r"dataset 'scratch': downloading 'data/t.csv' passed the "
            r"time limit of 1.5 s",
        ):
            datasets.fetch("scratch")
    finally:
        server.shutdown()
    assert _cache_files(cache) == [], "nothing half-written is left in the cache"


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scalingbook.build.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def test_cli_unknown_dataset_exits_2_with_one_line():
    r = _cli("data", "fetch", "nope")
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0
    assert "unknown dataset 'nope'; datasets are:" in r.stderr


def test_cli_corrupted_copy_in_a_scratch_mirror_exits_1_with_one_line(tmp_path):
    ds = datasets.dataset("analyzing-chinchilla")
    source = datasets.fetch(ds.name)
    mirror = tmp_path / "mirror"
    for f in ds.files:
        dest = mirror / ds.owner / ds.repo / ds.commit / f.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes((source / f.path).read_bytes())
    victim = mirror / ds.owner / ds.repo / ds.commit / "data/svg_extracted_data.csv"
    victim.write_bytes(victim.read_bytes()[:-10])
    r = _cli(
        "data",
        "fetch",
        "analyzing-chinchilla",
        env={"SCALINGBOOK_DATA_MIRROR": str(mirror), "SCALINGBOOK_DATA_DIR": str(tmp_path / "cache")},
    )
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    assert "dataset 'analyzing-chinchilla': file 'data/svg_extracted_data.csv'" in r.stderr
    assert not (tmp_path / "cache" / ds.owner / ds.repo / ds.commit / "data/svg_extracted_data.csv").exists()


def test_cli_list_shows_all_six_and_fetch_gets_them_from_the_mirror(tmp_path):
    env = {"SCALINGBOOK_DATA_DIR": str(tmp_path / "cache")}
    before = _cli("data", "list", env=env)
    assert before.returncode == 0
    for name in datasets.names():
        assert re.search(rf"^{name}\s+\d+\s+[\d.]+ [kM]B\s+.*\s+no$", before.stdout, re.M), before.stdout
    fetched = _cli("data", "fetch", env=env)
    assert fetched.returncode == 0, fetched.stderr
    after = _cli("data", "list", env=env)
    assert all(re.search(rf"^{n}\s.*\syes$", after.stdout, re.M) for n in datasets.names()), after.stdout
    assert _cli("data", "verify", env=env).returncode == 0


# ------------------------------------------------------------------ the loaders, on the real files


def test_epoch_chinchilla_has_the_245_digitised_runs_with_tokens_from_flops():
    df = datasets.load_epoch_chinchilla()
    assert len(df) == 245, "Besiroglu et al. 2024, Sec. 2: 245 points extracted from Hoffmann et al. Fig. 4"
    assert list(df.columns[:4]) == ["n_params", "n_tokens", "train_flops", "loss"]
    assert (df["train_flops"] / (6 * df["n_params"] * df["n_tokens"])).sub(1).abs().max() < 1e-12
    assert df["n_params"].between(4e7, 2e10).all() and df["loss"].between(1.9, 5.5).all()
    assert df["loss"].iloc[0] == pytest.approx(5.005581996196243, rel=1e-12)


def test_cost_systems_hold_gpt4_as_epoch_records_it():
    df = datasets.load_cost_systems()
    assert len(df) == 1527
    gpt4 = df[df["system"] == "GPT-4"].iloc[0]
    assert gpt4["training_compute_flop"] == pytest.approx(2.1e25), "Epoch AI records GPT-4 at 2.1e25 FLOP"
    assert gpt4["hardware_quantity"] == 25000 and gpt4["training_hardware"] == "NVIDIA A100 SXM4 40 GB"
    assert gpt4["publication_date"] == pd.Timestamp("2023-03-15")
    assert pd.api.types.is_float_dtype(df["training_time_hours"])


def test_hardware_prices_chips_ppi_and_frontier_lists_parse():
    prices = datasets.load_hardware_prices()
    assert len(prices) == 142 and pd.api.types.is_datetime64_any_dtype(prices["price_date"])
    assert {"hardware_model", "price_per_chip_hour_on_demand", "price_hardware_purchase"} <= set(prices.columns)
    chips = datasets.load_chips()
    assert "tdp_w" in chips.columns and len(chips) > 100
    ppi = datasets.load_ppi()
    assert ppi["ppi"].iloc[0] == 100.0 and ppi["date"].iloc[0] == pd.Timestamp("2000-12-01"), (
        "PCU518210518210 is indexed December 2000 = 100"
    )
    frontier = datasets.load_frontier_lists()
    top10 = frontier[frontier["top_n"] == 10]
    assert len(top10) == 2 and set(frontier["top_n"]) == set(range(1, 21))
    assert "GPT-4" in set(frontier.loc[frontier["top_n"] == 1, "system"])


def test_gadre_testbed_has_104_runs_46_tasks_and_the_two_large_runs():
    runs = datasets.load_gadre2024_runs()
    assert len(runs) == 104 and runs.groupby("dataset").size().to_dict() == {
        "c4_original": 34,
        "rpj": 35,
        "rw_original": 35,
    }
    big = runs[(runs["n_params"] > 1e9)]
    assert {(round(r.n_params / 1e9, 1), r.token_multiplier) for r in big.itertuples()} >= {
        (1.4, 640.0),
        (6.9, 20.0),
    }, "Gadre et al. 2024, Sec. 3: predictions for a 1.4B run at M = 640 and a 6.9B run at M = 20"
    assert sum(c.startswith("loss_") for c in runs.columns) == 8, "eight validation losses per run"
    tidy = datasets.load_gadre2024()
    assert tidy["task"].nunique() == 46 and len(tidy) == 104 * 46
    assert tidy["n_items"].notna().all() and tidy["chance"].between(0, 1).all()
    mmlu = tidy[tidy["task"] == "mmlu_zeroshot"].iloc[0]
    assert mmlu["n_items"] == 14042 and mmlu["chance"] == pytest.approx(0.25)


def test_obsscaling_tables_parse_with_size_tokens_and_compute():
    base = datasets.load_obsscaling_base()
    assert len(base) == 148
    llama = base.set_index("model").loc["meta-llama/Llama-2-7b-hf"]
    assert llama["n_params"] == 7e9 and llama["n_tokens"] == 2e12 and llama["train_flops"] == pytest.approx(8.4e22)
    assert llama["train_flops"] == pytest.approx(6 * 7e9 * 2e12), "ObsScaling's FLOPs are 6ND"
    assert {"MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd", "HumanEval"} <= set(
        base.columns
    )
    em = datasets.load_obsscaling_emergent()
    assert len(em) == 84 and "ipa_transliterate_2_bleu" in em.columns


def test_on_emergence_scores_parse_without_sentinels():
    df = datasets.load_on_emergence()
    assert len(df) == 5055 and df["task"].nunique() == 23 and df["model"].nunique() == 24
    assert df["exact_match"].between(0, 1).all() and not (df[["bert_score", "edit_distance"]] == -100).any().any()
    first = df.iloc[0]
    assert first["task"] == "tracking_shuffled_objects" and first["model"] == "gpt2" and first["n_items"] == 745
    assert first["exact_match"] == pytest.approx(0.1651006711)


def test_pythia_has_eight_sizes_every_checkpoint_and_lambada_of_the_final_12b():
    df = datasets.load_pythia()
    assert df["size"].nunique() == 8 and df.groupby("size")["step"].nunique().min() >= 27
    last = df[(df["size"] == "12b") & (df["step"] == 143000) & (df["task"] == "lambada_openai")].set_index("metric")
    assert last.loc["acc", "value"] == pytest.approx(0.7097, abs=5e-4)
    assert last.loc["ppl", "value"] == pytest.approx(3.874, abs=1e-3)
    assert (df["n_tokens"] == df["step"] * 2_097_152).all(), "Biderman et al. 2023: 2,097,152 tokens per step"


def test_data_page_lists_every_dataset_with_licence_source_and_hashes():
    from scalingbook.pages import datapage

    page = datapage.datasets_page_markdown()
    for ds in datasets.REGISTRY.values():
        assert f"[{ds.repository} @ `{ds.commit[:7]}`](https://github.com/{ds.repository}/tree/{ds.commit})" in page
        assert f"{{cite:t}}`{ds.cite}`" in page and ds.files[0].sha256 in page
    assert "no licence stated: downloaded from the source, not redistributed" in page
    assert "share-alike" in page

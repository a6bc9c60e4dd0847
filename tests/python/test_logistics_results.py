"""Stockpiles and logistics in the results: the logistics_* tables, the indicators per item,
the `dsim run` summary and the plots, on a small synthetic scenario with a `logistics:` section."""

from __future__ import annotations

import subprocess

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

import disastersim as ds  # noqa: E402
from disastersim import maps  # noqa: E402

REPLICATIONS = 3

# Water rescues in both towns use sandbags and hold a pump while the work goes on. The city
# reserve holds less than its level-2 target for sandbags (met at the start: no); the old
# town's township point holds little, so it runs out and requests climb to the city.
SCENARIO_YAML = """
name: stockpiles
region: {synthetic: {seed: 7, nodes: 10000}}
stations:
  - {id: east, location: {place: new_town_east}}
  - {id: old, location: {place: old_town_centre}}
teams:
  - {id: rescue_east, station: east, level: fire_brigade, size: 12, crews: 2,
     capabilities: [water_rescue], turnout: 60}
  - {id: rescue_old, station: old, level: fire_brigade, size: 12, crews: 2,
     capabilities: [water_rescue], turnout: 60}
incidents:
  - {name: rescues, type: water_rescue, rate: 8 per day, zones: [new_town, old_town], severity: {minor: 1}}
plan:
  call_delay: 0
  dispatch_delay: 0
  responses:
    water_rescue: {minor: {needs: {water_rescue: 6}, on_scene: 3 h}}
logistics:
  items:
    - {id: sandbags, unit: bag, weight: 25 kg, volume: 0.03 m3, handling: 2 s}
    - {id: drainage_pump, unit: pump, weight: 120 kg, volume: 0.5 m3, handling: 60 s, returns: true}
    - {id: drinking_water, unit: L, weight: 1 kg, volume: 0.001 m3, handling: 0.1 s}
  depots:
    - {id: city_reserve, level: city, location: {place: new_town_centre},
       stock: {sandbags: 2000, drainage_pump: 4, drinking_water: 5000},
       reserve_target: {sandbags: 3000, drainage_pump: 2}, replenish: 24 h,
       vehicles: [{id: truck, count: 2, capacity: 8 t, volume: 40 m3}]}
    - {id: old_town_point, level: township, location: {place: old_town_centre},
       stock: {sandbags: 150, drainage_pump: 1},
       vehicles: [{id: pickup, count: 1, capacity: 1 t, volume: 4 m3}]}
  demand:
    incidents:
      water_rescue: {per_hour: {sandbags: 100}, equipment: {drainage_pump: 1}, without: 0.5}
    shelters:
      per_person_day: {drinking_water: 3}
horizon: 3 d
replications: 3
seed: 11
"""

SCENARIO = yaml.safe_load(SCENARIO_YAML)
ITEMS = ["sandbags", "drainage_pump", "drinking_water"]
DEPOTS = ["city_reserve", "old_town_point"]
VEHICLES = 3
TABLES = ["logistics_items", "logistics_depots", "logistics_requests", "logistics_deliveries", "logistics_stock",
          "logistics_balance", "logistics_shortages", "logistics_vehicles", "logistics_depot_items",
          "logistics_reserve", "logistics_kpis"]


@pytest.fixture(scope="module")
def run():
    return ds.run(SCENARIO, threads=1, progress=False)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_the_run_has_every_logistics_table_with_units(run):
    assert run.has_logistics
    for name in TABLES:
        assert name in run, name
        assert run.description_of_table(name)
    units = run.units_of("logistics_requests")
    assert units["requested_s"] == "s" and units["quantity"] == "item units"
    assert run.units_of("logistics_shortages")["people_hours_without"] == "people-h"
    assert run.units_of("logistics_vehicles")["utilisation"] == "1"
    # The accessors are the tables.
    assert run.logistics_requests is run.table("logistics_requests")
    assert not ds.run({k: v for k, v in SCENARIO.items() if k != "logistics"}, threads=1,
                      progress=False).has_logistics


def test_catalogue_and_per_replication_row_counts(run):
    items = run.logistics_items.set_index("item")
    assert list(items.index) == ITEMS
    assert items.loc["drainage_pump", "returns"] == 1 and items.loc["sandbags", "returns"] == 0
    assert items.loc["sandbags", "weight_kg"] == pytest.approx(25.0)
    depots = run.logistics_depots.set_index("depot")
    assert list(depots.index) == DEPOTS
    assert depots.loc["city_reserve", "level"] == "city" and depots.loc["old_town_point", "level"] == "township"
    assert depots.loc["city_reserve", "vehicles"] == 2
    assert np.isfinite(depots[["lon", "lat"]].to_numpy(dtype=float)).all()
    assert depots.loc["city_reserve", "replenish_s"] == pytest.approx(86400.0)
    assert np.isnan(depots.loc["old_town_point", "replenish_s"])
    # One row per depot and item, per vehicle, per reserve target, in every replication.
    assert len(run.logistics_depot_items) == REPLICATIONS * len(DEPOTS) * len(ITEMS)
    assert len(run.logistics_vehicles) == REPLICATIONS * VEHICLES
    assert len(run.logistics_reserve) == REPLICATIONS * 2
    assert sorted(run.logistics_depot_items["replication"].unique()) == list(range(REPLICATIONS))
    # Stock: every depot and item at each report time, the same times in each replication.
    stock = run.logistics_stock
    per_time = stock.groupby(["replication", "time_s"]).size()
    assert (per_time == len(DEPOTS) * len(ITEMS)).all()
    assert stock.groupby("replication")["time_s"].nunique().nunique() == 1


def test_requests_and_deliveries_agree(run):
    req = run.logistics_requests
    assert len(req) > 0, "rescues with sandbags must ask for them"
    assert set(req["site_kind"]) <= {"incident", "shelter"}
    parts = req[["from_stock", "backordered", "requisitioned", "unmet"]].sum(axis=1)
    assert (parts <= req["quantity"] + 1e-6).all()
    assert (req["delivered"] <= req["quantity"] + 1e-6).all()
    done = req[req["completed_s"].notna()]
    assert (done["completed_s"] >= done["requested_s"]).all()
    np.testing.assert_allclose(done["delivery_s"], done["completed_s"] - done["requested_s"])
    # Incident sites are incidents of the same replication.
    inc = req[req["site_kind"] == "incident"]
    known = set(zip(run.incidents["replication"], run.incidents["incident"]))
    assert all(k in known for k in zip(inc["replication"], inc["incident"]))
    assert (inc["site"] == inc["incident"].astype(str)).all()
    # Every delivery serves a request of its replication, for its item, and the loads of a
    # request that reached the site add up to what the request says was delivered.
    dl = run.logistics_deliveries
    merged = dl.merge(req[["replication", "request", "item"]], on=["replication", "request"], how="left",
                      suffixes=("", "_requested"))
    assert merged["item_requested"].notna().all()
    assert (merged["item"] == merged["item_requested"]).all()
    arrived = dl[dl["unloaded_s"].notna()].groupby(["replication", "request"])["quantity"].sum()
    delivered = req.set_index(["replication", "request"])["delivered"]
    np.testing.assert_allclose(arrived.to_numpy(), delivered.loc[arrived.index].to_numpy(), atol=1e-6)
    by_vehicle = dl[dl["vehicle"] != ""]
    assert (by_vehicle["depot"].isin(DEPOTS)).all()


def test_the_balance_identity_holds_in_the_table(run):
    b = run.logistics_balance
    assert len(b) > 0
    assert set(b["item"]) == set(ITEMS)
    left = b["initial"] + b["replenished"] + b["requisitioned"]
    right = b["consumed"] + b["at_depots"] + b["at_sites"] + b["in_transit"]
    np.testing.assert_allclose(left, right, rtol=1e-9, atol=1e-6)
    # The stock at the depots in the balance is the stock table's sum over depots.
    stock = run.logistics_stock.groupby(["replication", "time_s", "item"])["stock"].sum()
    at = b.set_index(["replication", "time_s", "item"])["at_depots"]
    common = at.index.intersection(stock.index)
    assert len(common) > 0
    np.testing.assert_allclose(at.loc[common], stock.loc[common], atol=1e-6)
    initial = run.logistics_depot_items.groupby(["replication", "item"])["initial"].sum()
    first = b.groupby(["replication", "item"])["initial"].first()
    np.testing.assert_allclose(first.loc[initial.index], initial, atol=1e-9)


def test_the_indicators_follow_from_the_requests(run):
    kpis = run.logistics_kpis
    assert set(kpis["item"]) == set(ITEMS) | {""}
    by = kpis.set_index(["item", "kpi"])
    req = run.logistics_requests
    req = req[req["measured"] == 1]
    bags = req[req["item"] == "sandbags"]
    assert len(bags) > 0
    per_rep = bags.groupby("replication").apply(lambda r: r["from_stock"].sum() / r["quantity"].sum())
    assert ((per_rep >= 0) & (per_rep <= 1)).all()
    assert by.loc[("sandbags", "fill_rate"), "mean"] == pytest.approx(per_rep.mean(), rel=1e-9)
    assert by.loc[("sandbags", "fill_rate"), "replications"] == len(per_rep)
    open_per_rep = bags.groupby("replication")["completed_s"].apply(lambda s: s.isna().sum())
    open_per_rep = open_per_rep.reindex(range(REPLICATIONS), fill_value=0)
    assert by.loc[("sandbags", "requests_open"), "mean"] == pytest.approx(open_per_rep.mean())
    done = bags[bags["completed_s"].notna()]
    if len(done):
        means = done.groupby("replication")["delivery_s"].mean()
        p90 = done.groupby("replication")["delivery_s"].quantile(0.9)  # linear, as the engine
        assert by.loc[("sandbags", "mean_delivery_s"), "mean"] == pytest.approx(means.mean(), rel=1e-9)
        assert by.loc[("sandbags", "p90_delivery_s"), "mean"] == pytest.approx(p90.mean(), rel=1e-9)
    short = run.logistics_shortages
    inc_short = short[(short["site_kind"] == "incident") & (short["measured"] == 1) & (short["item"] == "sandbags")]
    hours = inc_short.groupby("replication")["short_s"].sum().reindex(range(REPLICATIONS), fill_value=0.0) / 3600
    assert by.loc[("sandbags", "incident_short_h"), "mean"] == pytest.approx(hours.mean(), abs=1e-9)
    outs = run.logistics_depot_items.groupby("replication")["stockouts"].sum()
    total = sum(by.loc[(i, "stockouts"), "mean"] for i in ITEMS)
    assert total == pytest.approx(outs.mean())
    util = run.logistics_vehicles.groupby("replication")["utilisation"]
    assert by.loc[("", "mean_vehicle_utilisation"), "mean"] == pytest.approx(util.mean().mean())
    assert by.loc[("", "max_vehicle_utilisation"), "mean"] == pytest.approx(util.max().mean())
    for k in ("fill_rate", "delivered_share", "unmet_share"):
        values = kpis.loc[kpis["kpi"] == k, "mean"].dropna()
        assert ((values >= 0) & (values <= 1)).all(), k
    assert (kpis["over"] != "").all()


def test_reserve_compliance_against_the_targets(run):
    reserve = run.logistics_reserve
    bags = reserve[reserve["item"] == "sandbags"]
    assert (bags["depot"] == "city_reserve").all()
    assert (bags["target"] == 3000).all() and (bags["initial"] == 2000).all()
    assert (bags["met_at_start"] == 0).all() and (bags["met_throughout"] == 0).all()
    pumps = reserve[reserve["item"] == "drainage_pump"]
    assert (pumps["met_at_start"] == 1).all()
    assert (pumps["met_throughout"] == (pumps["min_stock"] >= pumps["target"]).astype(int)).all()
    # min_stock is the depot's lowest stock, as logistics_depot_items has it.
    di = run.logistics_depot_items.set_index(["replication", "depot", "item"])["min_stock"]
    np.testing.assert_allclose(reserve["min_stock"], di.loc[list(zip(reserve["replication"], reserve["depot"],
                                                                     reserve["item"]))].to_numpy())
    share = run.logistics_kpis.set_index(["item", "kpi"]).loc[("", "reserve_met_share"), "mean"]
    assert share == pytest.approx(0.5)


def test_the_summary_frame_has_a_row_per_item(run):
    summary = run.logistics_summary()
    assert list(summary.index) == ITEMS
    assert summary.loc["sandbags", "unit"] == "bag"
    assert 0.0 <= summary.loc["sandbags", "fill_rate"] <= 1.0
    kpis = run.logistics_kpis.set_index(["item", "kpi"])["mean"]
    assert summary.loc["sandbags", "delivered_share"] == kpis.loc[("sandbags", "delivered_share")]
    assert f"{REPLICATIONS} replications" in summary.attrs["note"]


def test_dsim_run_prints_the_logistics_block(dsim_cli, tmp_path):
    path = tmp_path / "stockpiles.yaml"
    path.write_text(SCENARIO_YAML)
    out = tmp_path / "out.h5"
    proc = subprocess.run([dsim_cli, "run", str(path), "-r", "2", "-j", "1", "-o", str(out)], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "Stockpiles and logistics (mean over 2 replications" in text
    assert "sandbags: " in text and "fill rate from stock" in text
    assert "request to delivery" in text
    assert "not delivered by the end" in text
    assert "stock-outs per depot" in text and "city_reserve" in text and "old_town_point" in text
    # The city holds 2,000 of the 3,000 sandbags its reserve target asks for: flagged.
    assert "level-2 reserve: 1 of 2 targets" in text
    assert "! city_reserve sandbags: 2,000 of 3,000 bag at the start" in text
    assert "vehicles: utilisation" in text and "over the 3 vehicles" in text
    assert "logistics_requests" in text  # the results line names the tables
    loaded = ds.load(out)
    assert loaded.has_logistics
    assert len(loaded.logistics_depot_items) == 2 * len(DEPOTS) * len(ITEMS)


def test_plot_stock_draws_a_line_per_depot_and_item_with_a_legend(run):
    ax = run.plot_stock()
    lines = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert len(lines) == len(DEPOTS) * len(ITEMS)
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "city_reserve: sandbags (bag)" in labels
    assert "stock on hand" in ax.get_ylabel()
    assert "hours from the start" in ax.get_xlabel()  # no start_date: hours
    one = run.plot_stock(depot="city_reserve", item="sandbags", ax=plt.subplots()[1])
    assert len([ln for ln in one.get_lines() if not ln.get_label().startswith("_")]) == 1
    assert "(bag)" in one.get_ylabel()
    with pytest.raises(KeyError, match="nowhere"):
        run.plot_stock(depot="nowhere")


def test_plot_deliveries_is_a_map_with_a_legend_scale_bar_and_north_arrow(run):
    ax = run.plot_deliveries()
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert "city depots (1)" in labels and "township depots (1)" in labels
    assert any(label.startswith("deliveries depot to site") for label in labels)
    assert len([a for a in ax.artists if a.get_gid() == maps.SCALE_BAR_GID]) == 1
    assert any(t.get_gid() == "north_arrow" for t in ax.texts)
    assert ax.get_xlabel() == "longitude"
    # The lines: one per depot and site pair, widths growing with the weight carried.
    from disastersim.logistics_plots import delivery_lines

    pairs = delivery_lines(run)
    assert len(pairs) > 0
    assert set(pairs["depot"]) <= set(DEPOTS)
    carried = run.logistics_deliveries
    carried = carried[carried["depot"] != ""]
    assert pairs["quantity"].sum() * REPLICATIONS == pytest.approx(carried["quantity"].sum())
    # An incident's line ends where that incident of that replication was.
    inc = pairs[pairs["site_kind"] == "incident"]
    assert (inc["replication"] >= 0).all()
    where = run.incidents.set_index(["replication", "incident"])
    keys = list(zip(inc["replication"], inc["site"].astype(int)))
    np.testing.assert_allclose(inc["site_lon"], where.loc[keys, "lon"].to_numpy())
    np.testing.assert_allclose(inc["site_lat"], where.loc[keys, "lat"].to_numpy())
    assert isinstance(pairs, pd.DataFrame)


def test_plot_stock_reads_clock_times_when_the_scenario_gives_a_start_date():
    dated = dict(SCENARIO, start_date="2026-07-20T06:00:00+08:00", replications=1, horizon="1 d")
    r = ds.run(dated, threads=1, progress=False)
    ax = r.plot_stock(item="sandbags")
    assert "2026-07-20" in ax.get_xlabel() and "UTC+08:00" in ax.get_xlabel()
    x = ax.get_lines()[0].get_xdata()
    # The first report is at the start of the run: 06:00 local time on the start date.
    first = matplotlib.dates.num2date(matplotlib.dates.date2num(x[0]))
    assert first.astimezone(r.start_time.tzinfo).strftime("%Y-%m-%d %H:%M") == "2026-07-20 06:00"
    assert "mean over 1 replication;" not in ax.get_title() and "mean over 1 replication" in ax.get_title()

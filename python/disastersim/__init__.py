"""dsim: discrete-event simulation of disaster response on real road networks.

>>> import disastersim as ds
>>> r = ds.mmc(arrival_rate=0.9, service_rate=0.25, servers=4, replications=20, seed=2026)
>>> r.summary            # pandas DataFrame: simulated mean, 95% CI and the exact Erlang C value
>>> res = ds.run(replications=4)   # the default Ordos-like scenario
>>> res.kpis                        # indicators with 95% confidence intervals
>>> plan = ds.place(new_stations=3)  # sites for new stations, the 5-minute circle
>>> sy, sz = ds.dispersion.briggs_sigmas("D", "rural", 1000.0)  # plume and puff train of a chemical release
>>> c = ds.compare("base.yaml", "plans.yaml", replications=20)  # plans on common random numbers, paired differences
>>> r = ds.fire.grassland_spread_mps(10.0, 6.0, 95.0, "grazed")  # wildfire rate of spread, m/s
"""

from disastersim import dispersion, fire
from disastersim.batch import batch_plan, compare, sweep
from disastersim.drill import DrillDesign, DrillEvaluation, DrillPlay, drill_design, drill_evaluate, drill_play
from disastersim._core import InputError, __version__, erlang_b, erlang_c
from disastersim.network import RoadNetwork, SyntheticRegion, load_network, synthetic_region
from disastersim.placement import Placement, place
from disastersim.queueing import MmcResult, mmc
from disastersim.results import Results, load
from disastersim.simulation import default_scenario_path, run, scenario_path
from disastersim.warning import flash_flood_scenario_path, warn, warning_sensitivity

__all__ = ["__version__", "InputError", "erlang_b", "erlang_c", "mmc", "MmcResult", "Results", "load",
           "run", "default_scenario_path", "scenario_path", "RoadNetwork", "SyntheticRegion", "load_network",
           "synthetic_region", "warn", "warning_sensitivity", "flash_flood_scenario_path", "place", "Placement",
           "dispersion", "fire", "compare", "sweep", "batch_plan", "drill_design", "drill_play", "drill_evaluate",
           "DrillDesign", "DrillPlay", "DrillEvaluation"]

"""Rothermel's (1972) surface spread rate with Albini's (1976) changes, written again from the
equations as Andrews (2018, RMRS-GTR-371) lists them, in numpy and in the customary units of the
sources, for the Anderson (1982) fuel models; the independent check of dsim's C++ kernel."""

from __future__ import annotations

import numpy as np

# Anderson (1982), Table 1: 1-h, 10-h, 100-h, live herb, live woody (tons/acre); SAV of the same
# classes (1/ft; 10-h and 100-h fixed at 109 and 30); depth (ft); dead extinction moisture (%).
ANDERSON = {
    1: ((0.74, 0, 0, 0, 0), (3500, 109, 30, 0, 0), 1.0, 12),
    2: ((2.0, 1.0, 0.5, 0.5, 0), (3000, 109, 30, 1500, 0), 1.0, 15),
    3: ((3.01, 0, 0, 0, 0), (1500, 109, 30, 0, 0), 2.5, 25),
    4: ((5.01, 4.01, 2.0, 0, 5.01), (2000, 109, 30, 0, 1500), 6.0, 20),
    5: ((1.0, 0.5, 0, 0, 2.0), (2000, 109, 30, 0, 1500), 2.0, 20),
    6: ((1.5, 2.5, 2.0, 0, 0), (1750, 109, 30, 0, 0), 2.5, 25),
    7: ((1.13, 1.87, 1.5, 0, 0.37), (1750, 109, 30, 0, 1500), 2.5, 40),
    8: ((1.5, 1.0, 2.5, 0, 0), (2000, 109, 30, 0, 0), 0.2, 30),
    9: ((2.92, 0.41, 0.15, 0, 0), (2500, 109, 30, 0, 0), 0.2, 25),
    10: ((3.01, 2.0, 5.01, 0, 2.0), (2000, 109, 30, 0, 1500), 1.0, 25),
    11: ((1.5, 4.51, 5.51, 0, 0), (1500, 109, 30, 0, 0), 1.0, 15),
    12: ((4.01, 14.03, 16.53, 0, 0), (1500, 109, 30, 0, 0), 2.3, 20),
    13: ((7.01, 23.04, 28.05, 0, 0), (1500, 109, 30, 0, 0), 3.0, 25),
}

TONS_PER_ACRE_IN_LB_PER_FT2 = 2000.0 / 43560.0
MPS_IN_FT_PER_MIN = 60.0 / 0.3048
HEAT_BTU_LB = 8000.0
RHO_P, S_T, S_E = 32.0, 0.0555, 0.010


def _surface_weights(w: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, float]:
    area = np.where(w > 0, s * w / RHO_P, 0.0)
    total = area.sum()
    return (area / total if total > 0 else area), total


def spread_mps(model: int, moistures, wind_mps: float, slope: float) -> float:
    """Head fire rate (m/s): moistures = (1-h, 10-h, 100-h, live herb, live woody) fractions,
    midflame wind (m/s) upslope, slope as rise/run."""
    loads, savs, depth_ft, mx_pct = ANDERSON[model]
    w = np.asarray(loads, float) * TONS_PER_ACRE_IN_LB_PER_FT2
    s = np.asarray(savs, float)
    m = np.asarray(moistures, float)
    mx = mx_pct / 100.0
    is_dead = np.array([True, True, True, False, False])

    f_dead, a_dead = _surface_weights(np.where(is_dead, w, 0.0), s)
    f_live, a_live = _surface_weights(np.where(~is_dead, w, 0.0), s)
    f_cat = np.array([a_dead, a_live]) / (a_dead + a_live)
    sav_cat = np.array([(f_dead * s).sum(), (f_live * s).sum()])
    sigma = (f_cat * sav_cat).sum()
    moist_cat = np.array([(f_dead * m).sum(), (f_live * m).sum()])
    net_cat = np.array([(f_dead * w).sum(), (f_live * w).sum()]) * (1.0 - S_T)

    rho_b = w.sum() / depth_ft
    beta = rho_b / RHO_P
    beta_op = 3.348 * sigma ** -0.8189
    a = 133.0 * sigma ** -0.7913
    gmax = sigma ** 1.5 / (495.0 + 0.0594 * sigma ** 1.5)
    gamma = gmax * (beta / beta_op) ** a * np.exp(a * (1.0 - beta / beta_op))

    with np.errstate(divide="ignore", invalid="ignore"):
        fine_dead = np.where(is_dead & (w > 0), w * np.exp(-138.0 / s), 0.0)
        fine_live = np.where(~is_dead & (w > 0), w * np.exp(-500.0 / s), 0.0)
    if fine_live.sum() > 0:
        mf_dead = (fine_dead * m).sum() / fine_dead.sum()
        mx_live = max(mx, 2.9 * fine_dead.sum() / fine_live.sum() * (1.0 - mf_dead / mx) - 0.226)
    else:
        mx_live = mx
    ext = np.array([mx, mx_live])
    rm = np.minimum(moist_cat / ext, 1.0)
    eta_m = np.where(rm < 1.0, 1.0 - 2.59 * rm + 5.11 * rm ** 2 - 3.52 * rm ** 3, 0.0)
    eta_s = min(1.0, 0.174 * S_E ** -0.19)
    i_r = gamma * HEAT_BTU_LB * eta_s * (net_cat * eta_m).sum()
    if i_r <= 0:
        return 0.0

    xi = np.exp((0.792 + 0.681 * np.sqrt(sigma)) * (beta + 0.1)) / (192.0 + 0.2595 * sigma)
    u = wind_mps * MPS_IN_FT_PER_MIN
    c = 7.47 * np.exp(-0.133 * sigma ** 0.55)
    b = 0.02526 * sigma ** 0.54
    e = 0.715 * np.exp(-3.59e-4 * sigma)
    phi_w = c * u ** b * (beta / beta_op) ** -e if u > 0 else 0.0
    phi_s = 5.275 * beta ** -0.3 * slope ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        q_ig = np.where(w > 0, np.exp(-138.0 / s) * (250.0 + 1116.0 * m), 0.0)
    sink = rho_b * (f_cat[0] * (f_dead * q_ig).sum() + f_cat[1] * (f_live * q_ig).sum())
    r_ft_min = i_r * xi * (1.0 + phi_w + phi_s) / sink
    return float(r_ft_min / MPS_IN_FT_PER_MIN)

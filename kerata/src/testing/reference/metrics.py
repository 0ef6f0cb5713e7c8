"""Plain-NumPy references for `kerata.metrics` (no kerata imports)."""

import numpy as np

EPSILON = 1e-7


def pearson_correlation(y_true, y_pred):
    """Row-wise Pearson coefficients of 2-D arrays, in float64."""
    t = np.asarray(y_true, dtype="float64")
    p = np.asarray(y_pred, dtype="float64")
    return np.array([np.corrcoef(a, b)[0, 1] for a, b in zip(t, p)])


def concordance_correlation(y_true, y_pred):
    """Row-wise Lin's concordance coefficients of 2-D arrays (population
    moments, epsilon in the denominator), in float64."""
    values = []
    t = np.asarray(y_true, dtype="float64")
    p = np.asarray(y_pred, dtype="float64")
    for a, b in zip(t, p):
        covariance = np.cov(a, b, bias=True)[0, 1]
        spread = a.var() + b.var() + (a.mean() - b.mean()) ** 2
        values.append(2 * covariance / (spread + EPSILON))
    return np.array(values)


def rates_at_thresholds(y_true, y_pred, sample_weight=None, num_thresholds=200):
    """Sensitivity, specificity and precision at the thresholds of
    `SensitivityAtSpecificity` and its siblings.

    The thresholds are `[0, 1/(T-1), ..., 1]` (or `[0.5]` when T is 1);
    predictions, clipped to `[0, 1]`, are positive when above one.

    Returns:
        Dict of float64 arrays of shape `(num_thresholds,)`.
    """
    t = np.asarray(y_true).reshape(-1) != 0
    p = np.clip(np.asarray(y_pred, "float64").reshape(-1), 0.0, 1.0)
    w = np.ones(t.shape) if sample_weight is None else sample_weight
    w = np.broadcast_to(np.asarray(w, "float64").reshape(-1), t.shape)
    if num_thresholds == 1:
        thresholds = np.array([0.5])
    else:
        thresholds = np.arange(num_thresholds) / (num_thresholds - 1)
    positive = p[None, :] > thresholds[:, None]  # (thresholds, samples)
    tp = np.sum(w * (positive & t), axis=1)
    fp = np.sum(w * (positive & ~t), axis=1)
    fn = np.sum(w * (~positive & t), axis=1)
    tn = np.sum(w * (~positive & ~t), axis=1)

    def ratio(a, b):
        return np.divide(a, b, out=np.zeros_like(a), where=b != 0)

    return {
        "sensitivity": ratio(tp, tp + fn),
        "specificity": ratio(tn, tn + fp),
        "precision": ratio(tp, tp + fp),
    }


def best_rate_at_rate(rates, maximized, bounded, value):
    """Largest `rates[maximized]` where `rates[bounded] >= value`, else 0."""
    feasible = rates[bounded] >= value
    return float(np.max(np.where(feasible, rates[maximized], 0.0)))

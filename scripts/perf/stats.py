"""Summary statistics shared by the perf instruments."""

import statistics


def summary(values):
    """Median, p10, p90, min, max and count of `values`; None when there are none."""
    values = sorted(values)
    if not values:
        return None
    q = statistics.quantiles(values, n=10) if len(values) >= 2 else [values[0]] * 9
    return {
        "median": statistics.median(values),
        "p10": q[0],
        "p90": q[-1],
        "min": values[0],
        "max": values[-1],
        "n": len(values),
    }

"""The spot-check mix (季度考核60% + 日常抽查40%): one rule, one function.

The period's score = (100 − w)% × the appraisal score + w% × the mean of the
period's spot-check scores, for employees with spot checks; an employee
without any (allowed by ``spot_checks.missing: appraisal_only``) keeps the
appraisal score. Adjustments (factors, bonus points) apply to the mixed score.

Example:
    >>> import numpy as np
    >>> mix_spot_checks(np.array([90.0, 80.0]), np.array([110.0, np.nan]), 40).tolist()
    [98.0, 80.0]
"""

from __future__ import annotations

import numpy as np


def mix_spot_checks(appraisal: np.ndarray, spot_mean: np.ndarray, weight: float) -> np.ndarray:
    """((100 − weight) × appraisal + weight × spot_mean) / 100 where ``spot_mean`` is known."""
    w = float(weight)
    mixed = ((100.0 - w) * appraisal + w * np.nan_to_num(spot_mean)) / 100.0
    return np.where(np.isnan(spot_mean), appraisal, mixed)

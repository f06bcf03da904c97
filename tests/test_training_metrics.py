"""training.metrics reproduces PaddleSeg's SAD / MSE / Grad / Conn on the 12 reference cases (golden/metrics.npz)."""
from __future__ import annotations

import numpy as np
import pytest

from training import metrics

CASES = range(12)


@pytest.fixture(scope="module")
def golden(reference_dir):
    return dict(np.load(reference_dir / "golden" / "metrics.npz"))


def _trimap(golden, case):
    return golden[f"case{case}__trimap_u8"] if golden[f"case{case}__has_trimap"] else None


@pytest.mark.parametrize("case", CASES)
def test_compute_matches_reference(golden, case):
    got = metrics.compute(golden[f"case{case}__pred_255"], golden[f"case{case}__gt_val_float32"],
                          _trimap(golden, case))
    assert set(got) == {"sad", "mse", "grad", "conn"}
    for key in metrics.NAMES:
        np.testing.assert_allclose(got[key], float(golden[f"case{case}__{key}"]), rtol=1e-5, atol=1e-12,
                                   err_msg=f"case {case} {key}")


@pytest.mark.parametrize("case", CASES)
def test_from_alpha_rounds_like_the_evaluation(golden, case):
    got = metrics.from_alpha(golden[f"case{case}__pred_float"], golden[f"case{case}__gt_val_float32"] / 255,
                             _trimap(golden, case))
    # the ground truth is given as a 0..1 float here, so allow the float32 round trip
    for key in metrics.NAMES:
        np.testing.assert_allclose(got[key], float(golden[f"case{case}__{key}"]), rtol=1e-4, atol=1e-7)


def test_accumulator_reports_the_mean(golden):
    acc = metrics.MetricAccumulator()
    for case in CASES:
        acc.add(golden[f"case{case}__pred_255"], golden[f"case{case}__gt_val_float32"], _trimap(golden, case))
    got = acc.result()
    assert acc.count == 12
    for key in metrics.NAMES:
        np.testing.assert_allclose(got[key], float(golden[f"mean_{key}"]), rtol=1e-5)


def test_inputs_are_not_modified_and_shapes_checked():
    pred = np.full((4, 5), 100.0, np.float32)
    trimap = np.zeros((4, 5), np.uint8)
    metrics.compute(pred, pred.copy(), trimap)
    assert (pred == 100).all()
    with pytest.raises(ValueError):
        metrics.compute(pred, np.zeros((4, 6), np.float32))
    assert metrics.MetricAccumulator().result() == dict.fromkeys(metrics.NAMES, 0.0)

"""Adam, as both learners of `dyads train` step their weights (the event gate's logistic
regression and the type scorer's softmax): one copy of the update, so both train alike."""

from __future__ import annotations

import numpy as np

B1, B2, EPS = 0.9, 0.999, 1e-8


class Adam:
    """The moment estimates of one weight array; :meth:`step` updates it in place."""

    def __init__(self, weights: np.ndarray, rate: float) -> None:
        self.m = np.zeros_like(weights)
        self.v = np.zeros_like(weights)
        self.rate = rate

    def step(self, weights: np.ndarray, grad: np.ndarray, step: int) -> None:
        self.m = B1 * self.m + (1 - B1) * grad
        self.v = B2 * self.v + (1 - B2) * grad * grad
        m_hat, v_hat = self.m / (1 - B1**step), self.v / (1 - B2**step)
        weights -= self.rate * m_hat / (np.sqrt(v_hat) + EPS)

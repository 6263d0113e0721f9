"""Parameter sweeps: batched simulation, robustness views and overfitting guards."""

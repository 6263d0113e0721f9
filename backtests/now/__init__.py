"""`playbook now`: where we stand today, read with the same pipeline as a backtest.

model (the frozen answer: Now, TriggerNow, HoldingNow), read (`where_are_we`), fresh (each
input's age), reserves (the reserves gauge), text (plain-words distances and reach),
changes (what moved since the last look). Import from the modules.
"""

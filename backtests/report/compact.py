"""Page weight: the same figures and the same plotly.js in fewer bytes.

A committee report of eleven episodes carried 16 MB, of which 4.8 MB was plotly.js and most of
the rest was figure data written the long way: every date as "1999-01-04T00:00:00.000000",
every value as a float64, the same date axis repeated in every trace of a chart. Here:
- dates at midnight lose their time ("1999-01-04": plotly reads both the same);
- float64 arrays become float32 (7 significant digits: far finer than any chart can show or
  any hover prints);
- an array used by several traces of a figure is written once and shared, and a shared date
  axis as its first day and the day gaps (`D("1999-01-04",[1,1,3,...])`, rebuilt in the page);
- the theme (plotly_white, ~6.5 KB in every figure) keeps the defaults of the trace types the
  figure draws, not of all twenty;
- plotly.js is embedded gzip-compressed and unpacked by the browser (DecompressionStream), so
  the page still needs no network.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

MIDNIGHT = re.compile(r"^(\d{4}-\d\d-\d\d)T00:00:00(?:\.0+)?$")
ARRAYS = ("x", "y", "base", "customdata", "text", "hovertext")


def _dates(values: list[Any]) -> list[Any]:
    """ISO timestamps at midnight as plain dates; anything else unchanged."""
    if not values or not isinstance(values[0], str) or not MIDNIGHT.match(values[0]):
        return values
    out = [MIDNIGHT.sub(r"\1", v) if isinstance(v, str) else v for v in values]
    return out


def _float32(value: Any) -> Any:
    """A plotly typed array of float64 ({"dtype": "f8", "bdata": base64}) as float32."""
    if isinstance(value, dict) and value.get("dtype") == "f8" and "bdata" in value \
            and "shape" not in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype="<f8").astype("<f4")
        return {"dtype": "f4", "bdata": base64.b64encode(data.tobytes()).decode("ascii")}
    return value


def compact(spec: dict[str, Any]) -> tuple[dict[str, Any], list[Any], list[tuple[int, str, int]]]:
    """(spec, shared arrays, [(trace, key, shared index)]): the figure with its long arrays
    shortened, and those used by more than one trace taken out to be written once."""
    seen: dict[str, int] = {}
    shared: list[Any] = []
    uses: list[tuple[int, str, int]] = []
    first: dict[str, tuple[int, str]] = {}
    for i, trace in enumerate(spec.get("data", [])):
        for key in ARRAYS:
            if key not in trace:
                continue
            value = trace[key]
            value = _dates(value) if isinstance(value, list) else _float32(value)
            trace[key] = value
            if not isinstance(value, list | dict) or len(json.dumps(value)) < 200:
                continue
            text = json.dumps(value)
            if text in seen:
                uses.append((i, key, seen[text]))
            elif text in first:
                seen[text] = len(shared)
                shared.append(value)
                uses += [(*first[text], seen[text]), (i, key, seen[text])]
            else:
                first[text] = (i, key)
    for i, key, _ in uses:
        spec["data"][i][key] = None
    template = spec.get("layout", {}).get("template")
    if isinstance(template, dict) and isinstance(template.get("data"), dict):
        kinds = {t.get("type", "scatter") for t in spec.get("data", [])}
        template["data"] = {k: v for k, v in template["data"].items() if k in kinds}
    return spec, shared, uses


DATE = re.compile(r"^\d{4}-\d\d-\d\d$")
# Rebuilds a date axis from its first day and the gaps in days (UTC throughout: no DST shift).
DATES_JS = ("var D=function(s,g){var t=Date.parse(s),o=[s];for(var i=0;i<g.length;i++){"
            "t+=g[i]*864e5;o.push(new Date(t).toISOString().slice(0,10));}return o;};")


def shared_js(shared: list[Any]) -> str:
    """The shared arrays as a JS array literal; a rising date axis as D(first day, gaps)."""
    parts = []
    for value in shared:
        days = _as_days(value)
        if days is None:
            parts.append(script_json(value))
        else:
            gaps = np.diff(days.to_numpy(dtype="datetime64[D]").astype(np.int64)).tolist()
            parts.append(f'D("{value[0]}",{json.dumps(gaps, separators=(",", ":"))})')
    return "[" + ",".join(parts) + "]"


def _as_days(value: Any) -> pd.DatetimeIndex | None:
    if not isinstance(value, list) or len(value) < 2 or not all(
            isinstance(v, str) and DATE.match(v) for v in value):
        return None
    days = pd.DatetimeIndex(value)
    return days if days.is_monotonic_increasing and days.is_unique else None


def script_json(value: Any) -> str:
    """JSON that can never end the script it sits in ('<', '>', '&' escaped)."""
    text = json.dumps(value, separators=(",", ":"))  # a NaN stays NaN: valid JS
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=1)
def plotly_gzip_base64() -> str:
    """plotly.js, gzip-compressed and base64-encoded (4.8 MB -> about 1.9 MB)."""
    from plotly.offline import get_plotlyjs

    raw = get_plotlyjs().encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=9, mtime=0)).decode("ascii")

"""The committee report, rendered: index.html, report.pdf and the tear sheets from a ReportData
(model.py). Nothing here runs a backtest or decides what is run: backtests.committee does that
and hands this package its results."""

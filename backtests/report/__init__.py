"""The committee report: run configuration, charts, tables, tear sheets, atomic build."""

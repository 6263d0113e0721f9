"""Data layer: sources -> validated parquet store -> sleeves and the point-in-time panel."""

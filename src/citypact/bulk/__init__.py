"""Bulk work: `batch` (read + analyse on Dask into Parquet shards), loading shards into the
store, and `watch` (news-room feeds and sitemaps polled into the store).

Command functions for the CLI are in `citypact.bulk.commands`.
"""

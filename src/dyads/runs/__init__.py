"""Runs: the jobs that take inputs through the pipeline into a store or files.

This layer sits above the extraction pipeline and the store (and below the CLI and the API),
so that neither of those two knows the other: ``ingest`` (read, code and store, resumable),
``recode`` (re-code stored articles, report what changed), ``batch`` (code into Parquet on
this machine) and ``spark`` (the same on Apache Spark), the process pool they share
(``parallel``) and the batch engines' columns (``records``).
"""

"""Scale: extraction on every core (parallel), batch to Parquet (batch), Apache Spark (spark)."""

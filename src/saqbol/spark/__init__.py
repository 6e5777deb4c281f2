"""saqbol on Apache Spark: the one engine over a day of messages (see docs/spark.md).

`job.run_scan` reads and scores, `worker` is what runs in each Python worker process,
`schema` is the output's typed columns, `aggregates` the analyst's tables.
"""

"""Entry file for `spark-submit` (it wants a .py path): the `saqbol spark` commands.

    SUBMIT=$(python -c 'import saqbol.spark.submit as m; print(m.__file__)')
    spark-submit [spark options] "$SUBMIT" scan hdfs:///sms/day=2025-06-01 --out hdfs:///verdicts

Under spark-submit the master and resources come from spark-submit, not from `--master`.
"""

from __future__ import annotations

from saqbol.cli.spark import spark_app

if __name__ == "__main__":
    spark_app(prog_name="saqbol-spark")

"""Starting (or joining) a Spark session for the job."""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

JVM_DIR = Path("/usr/lib/jvm")
# Spark 4 runs on Java 17 or 21; Debian's default-jre-headless is 17.
JAVA_PREFERENCE = ("java-17-openjdk", "java-21-openjdk", "default-java")

# Settings that make a local run self-contained; each one can be overridden with --conf.
LOCAL_DEFAULTS = {
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.ui.enabled": "false",
}
DEFAULTS = {
    # Arrow batches the size `saqbol scan` scores at once: big enough for the models' batch
    # speed-up, small enough to keep a worker's memory flat.
    "spark.sql.execution.arrow.maxRecordsPerBatch": "2000",
    "spark.python.worker.reuse": "true",
    "spark.sql.session.timeZone": "UTC",
}


def under_spark_submit() -> bool:
    """True when `spark-submit` launched this driver (it passes the JVM gateway's port)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def find_java_home() -> str | None:
    """JAVA_HOME if set, else nothing when `java` is on PATH, else a JDK/JRE under /usr/lib/jvm."""
    if os.environ.get("JAVA_HOME") or shutil.which("java"):
        return os.environ.get("JAVA_HOME")
    if JVM_DIR.is_dir():
        for prefix in JAVA_PREFERENCE:
            for home in sorted(JVM_DIR.glob(f"{prefix}*")):
                if (home / "bin" / "java").exists():
                    return str(home)
    return None


def build_session(
    master: str | None = None,
    conf: Mapping[str, str] | None = None,
    app_name: str = "saqbol-spark-scan",
) -> SparkSession:
    """A session on `master` (default `local[*]`; under spark-submit, spark-submit's master)."""
    from pyspark.sql import SparkSession

    submitted = under_spark_submit()
    if not submitted:
        java_home = find_java_home()
        if java_home:
            os.environ.setdefault("JAVA_HOME", java_home)
        elif not shutil.which("java"):
            raise RuntimeError(
                "Java is not installed: install default-jre-headless or set JAVA_HOME"
            )
    master = master or (None if submitted else "local[*]")
    if master and master.startswith("local"):
        # Local workers run this interpreter (the one with saqbol installed); no network.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # PySpark 4.x warns on pandas 3 in general; mapInPandas with our types is tested with it.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {**DEFAULTS, **(LOCAL_DEFAULTS if master and master.startswith("local") else {})}
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()

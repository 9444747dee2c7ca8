#!/usr/bin/env python3
"""The candidate stage of `analyze reuse` on Apache Spark, as passim runs it.

Input: the folder written by `analyze reuse ... --export-postings DIR`:

    DIR/postings/part=NN/postings.parquet   hash (int64), doc_id, pos
    DIR/documents.parquet                   doc_id, year, region, level,
                                            source_keys, target_keys (lists)
    DIR/settings.json                       ngram, max_repeat, max_df, min_shared, ...

Output: a Parquet folder of candidate pairs (source_doc, target_doc,
shared_shingles), the pairs that `analyze reuse` itself would align:

    s != t, source_keys(s) and target_keys(t) share a key, and s and t
    share at least min_shared distinct hashes, each found in at most
    max_df documents (max_df = 0: no limit).

The postings already leave out n-grams repeated more than max_repeat times
in their document. The join is keyed on (hash, key), so only allowed pairs
are ever formed. Give the output to `analyze reuse ... --candidates OUT`,
which aligns only those pairs (docs/SCALE.md).

Usage:
    spark-submit scripts/spark_candidates.py DIR OUT        # on a cluster
    python scripts/spark_candidates.py DIR OUT [--master local[2]]
"""

import argparse
import json
import os

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def candidates(spark, root):
    """The candidate pairs of the export under `root`, as a DataFrame."""
    with open(os.path.join(root, "settings.json"), encoding="utf-8") as f:
        settings = json.load(f)
    postings = spark.read.parquet(os.path.join(root, "postings"))
    docs = spark.read.parquet(os.path.join(root, "documents.parquet"))

    # One row per (hash, document): shared_shingles counts distinct hashes.
    hd = postings.select("hash", "doc_id").distinct()
    if settings["max_df"] > 0:
        df = hd.groupBy("hash").agg(F.count("*").alias("df"))
        rare = df.where(F.col("df") <= settings["max_df"]).select("hash")
        hd = hd.join(rare, "hash")

    source_keys = docs.select(
        F.col("doc_id").alias("source_doc"), F.explode("source_keys").alias("key")
    )
    target_keys = docs.select(
        F.col("doc_id").alias("target_doc"), F.explode("target_keys").alias("key")
    )
    src = hd.withColumnRenamed("doc_id", "source_doc").join(source_keys, "source_doc")
    tgt = hd.withColumnRenamed("doc_id", "target_doc").join(target_keys, "target_doc")
    return (
        src.join(tgt, ["hash", "key"])
        .where(F.col("source_doc") != F.col("target_doc"))
        # a pair allowed through two keys counts each hash once
        .select("source_doc", "target_doc", "hash")
        .distinct()
        .groupBy("source_doc", "target_doc")
        .agg(F.count("*").alias("shared_shingles"))
        .where(F.col("shared_shingles") >= settings["min_shared"])
    )


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("postings", help="folder written by --export-postings")
    p.add_argument("out", help="Parquet folder for the candidate pairs")
    p.add_argument("--master", default=None, help="Spark master (default: spark-submit's, else local[*])")
    a = p.parse_args()
    builder = SparkSession.builder.appName("analyze-reuse-candidates")
    if a.master or "SPARK_MASTER" not in os.environ and "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        builder = builder.master(a.master or "local[*]")
    spark = (
        builder.config("spark.sql.shuffle.partitions", os.environ.get("SHUFFLE_PARTITIONS", "16"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    pairs = candidates(spark, a.postings)
    pairs.orderBy("target_doc", "source_doc").coalesce(1).write.mode("overwrite").parquet(a.out)
    n = spark.read.parquet(a.out).count()
    print(f"{n} candidate pairs -> {a.out}")
    spark.stop()


if __name__ == "__main__":
    main()

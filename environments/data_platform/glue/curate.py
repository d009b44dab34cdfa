"""Reads raw CSV files, drops empty rows, writes partitioned Parquet: a minimal Glue Spark job."""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_path", "target_path"])
glue_context = GlueContext(SparkContext.getOrCreate())
job = Job(glue_context)
job.init(args["JOB_NAME"], args)

raw = glue_context.create_dynamic_frame.from_options(
    connection_type="s3",
    connection_options={"paths": [args["source_path"]]},
    format="csv",
    format_options={"withHeader": True},
    transformation_ctx="raw",
)
curated = raw.toDF().dropna(how="all")
curated.write.mode("append").parquet(args["target_path"])
job.commit()

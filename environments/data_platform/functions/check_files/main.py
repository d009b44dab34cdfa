"""Lists the raw files that arrived since a point in time: the data platform run's first step.

Invoked by Step Functions (the event may carry `since`, an ISO timestamp) and by EventBridge when
a file lands under the raw prefix. Returns {"files": [...keys...]} for the curate job.
"""

import datetime
import json
import os

import boto3

s3 = boto3.client("s3")


def new_files(bucket, prefix, since):
    paginator = s3.get_paginator("list_objects_v2")
    for page in paginator.paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if item["LastModified"] > since and not item["Key"].endswith("/"):
                yield item["Key"]


def handler(event, context):
    bucket = os.environ["DATA_BUCKET"]
    prefix = os.environ.get("RAW_PREFIX", "raw/")
    since_text = (event or {}).get("since")
    if since_text:
        since = datetime.datetime.fromisoformat(since_text)
    else:
        since = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    files = sorted(new_files(bucket, prefix, since))
    print(json.dumps({"bucket": bucket, "prefix": prefix, "new_files": len(files)}))
    return {"files": files}

# Runs conformance cases through boto3 against the simulator and prints, per case, the outcome:
# {"ok": true, "result": ...} or {"code": <AWS error code>, "status": <HTTP status>}.
# Client-side parameter validation is off so that the *service's* answer to bad input is checked
# (botocore would refuse some of it before sending), and retries are off so each case is one call.
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

spec = json.load(sys.stdin)
config = Config(parameter_validation=False, retries={"total_max_attempts": 1})
clients = {}


def client(service, account, region):
    key = (service, account, region)
    if key not in clients:
        session = boto3.session.Session(
            aws_access_key_id=("ASIASIM0" + account) if account else "AKIASIMULATOR0000000",
            aws_secret_access_key="simulator",
            aws_session_token="boto3" if account else None,
            region_name=region,
        )
        clients[key] = session.client(service, endpoint_url=spec["url"], config=config)
    return clients[key]


out = {}
for case in spec["cases"]:
    c = client(case["service"], case.get("account"), case["region"])
    try:
        result = None
        for step in case["steps"]:
            result = getattr(c, step["op"])(**step["params"])
            result.pop("ResponseMetadata", None)
        out[case["name"]] = {"ok": True, "result": result}
    except ClientError as e:
        out[case["name"]] = {
            "code": e.response["Error"]["Code"],
            "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
        }
print(json.dumps(out, default=str))

"""Test driver: runs check_token.check() on many cases in one process (starting Python with the
cryptography package for every row would take a second each). Reads JSON lines
{key, token, username, now} (file paths), prints one JSON line {rule, log, crash} per case."""
import importlib.util
import json
import sys

spec = importlib.util.spec_from_file_location("check_token", "examples/tools/check_token.py")
check_token = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_token)

for line in sys.stdin:
    case = json.loads(line)
    with open(case["key"], "rb") as f:
        key_bytes = f.read()
    with open(case["token"], "rb") as f:
        token_bytes = f.read()
    try:
        warnings = check_token.check(token_bytes, key_bytes, case["username"], case["now"])
        print(json.dumps({"rule": "OK", "warnings": warnings, "log": [], "crash": False}), flush=True)
    except check_token.Refused as refusal:
        print(json.dumps({"rule": refusal.rule, "message": str(refusal), "log": refusal.log, "crash": refusal.crash}), flush=True)

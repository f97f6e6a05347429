"""Reads Spectral's JSON report on openapi/openapi.json (OWASP API ruleset) and fails on the
resource-limit rules (`string-limit`, `integer-limit`, `integer-format`) where they concern what a
client sends: parameters, request bodies and every schema a request body reaches. The other
findings are counted, for reading, not failed on.

    python3 spectral_request_limits.py openapi/openapi.json spectral-report.json
"""

import collections
import json
import sys

FAILING = ("owasp:api4:2023-string-limit", "owasp:api4:2023-integer-limit", "owasp:api4:2023-integer-format")
PREFIX = "#/components/schemas/"


def references(value, found):
    """Adds the names of the component schemas `value` refers to."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "$ref" and isinstance(inner, str) and inner.startswith(PREFIX):
                found.add(inner[len(PREFIX):])
            else:
                references(inner, found)
    elif isinstance(value, list):
        for inner in value:
            references(inner, found)


def request_schemas(document):
    """Every component schema a parameter or a request body reaches."""
    schemas = document.get("components", {}).get("schemas", {})
    found = set()
    for item in document.get("paths", {}).values():
        references(item.get("parameters", []), found)
        for operation in item.values():
            if isinstance(operation, dict):
                references(operation.get("parameters", []), found)
                references(operation.get("requestBody", {}), found)
    todo = list(found)
    while todo:
        reached = set()
        references(schemas.get(todo.pop(), {}), reached)
        for name in reached - found:
            found.add(name)
            todo.append(name)
    return found


def concerns_a_request(path, requested):
    if path[0] == "paths":
        return "parameters" in path or "requestBody" in path
    if path[:2] == ["components", "schemas"]:
        return len(path) > 2 and path[2] in requested
    return path[:2] in (["components", "parameters"], ["components", "requestBodies"])


def main():
    document = json.load(open(sys.argv[1]))
    report = json.load(open(sys.argv[2]))
    requested = request_schemas(document)
    failing = [r for r in report if r["code"] in FAILING and concerns_a_request([str(p) for p in r["path"]], requested)]
    rest = collections.Counter(r["code"] for r in report if r not in failing)
    print("Spectral (OWASP API ruleset), not failed on:")
    for code, count in sorted(rest.items()):
        print(f"  {count:5}  {code}")
    for finding in failing:
        print(f"FAIL {finding['code']} at {'/'.join(map(str, finding['path']))}: {finding['message']}")
    print(f"{len(failing)} resource-limit findings on request fields")
    sys.exit(1 if failing else 0)


if __name__ == "__main__":
    main()

"""Reads a schemathesis run's text output; exits 0 when every failure is on the allow-list.

The two entries, both ST202 (schema-valid request rejected):
- the body is refused because an integer field holds a float with no fraction (`1.0`).
  JSON Schema counts 1.0 as an integer; serde, like every typed JSON reader, does not, and
  the 400 says so.
- a stateful step put a null from an earlier answer into a UUID path (`/api/units/None/…`
  from an admin account's `unit_id: null`): the 400 for the path `None` is right.
Any error section, any other check, or any other reason fails the run.
"""

import re
import sys

FLOAT_AS_INTEGER = re.compile(r"floating point `-?\d+(\.0+)?(e\d+)?`, expected [iu]\d+")
NULL_IN_PATH = re.compile(r"UUID parsing failed: invalid character: found `N` at 0")


def allowed(case: str) -> bool:
    """Whether one failing test case is an allow-listed false positive."""
    if FLOAT_AS_INTEGER.search(case):
        return True
    return bool(NULL_IN_PATH.search(case)) and re.search(r"/None(/|\s|$)", case, re.M) is not None


text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
if re.search(r"^Errors:", text, re.M):
    print("schemathesis reported errors", file=sys.stderr)
    sys.exit(1)
blocks = re.split(r"^_{3,} [A-Z]+ /.* _{3,}$", text, flags=re.M)[1:]
bad = accepted = 0
for block in blocks:
    block = block.split("\nFailures:\n")[0]
    for case in re.split(r"^\d+\. Test Case ID:", block, flags=re.M)[1:]:
        checks = re.findall(r"^- (ST\d+)", case, re.M)
        if not checks:
            continue
        if set(checks) == {"ST202"} and allowed(case):
            accepted += 1
        else:
            bad += 1
print(f"allow-listed failures: {accepted}, others: {bad}")
sys.exit(1 if bad or not (accepted or "passed" in text) else 0)

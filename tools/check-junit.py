#!/usr/bin/env python3
"""check-junit.py FILE... -- does each junit.xml conform to tests/harness/junit.xsd?

The rules of the schema, checked with the standard library alone (so that
the check runs where xmllint is not installed; tools/checks/grading.sh also
runs xmllint --schema when it is):
  - the root is <testsuites> (or a lone <testsuite>);
  - every <testsuite> has name, tests, failures, errors, skipped and time,
    counts that are whole numbers and agree with its test cases;
  - every <testcase> has name and classname, a time that is a number >= 0,
    and only skipped, error, failure, system-out or system-err inside.
Prints one line per problem; exits 1 if there is any."""
import sys
import xml.etree.ElementTree as ET

SUITE_ATTRIBUTES = ("name", "tests", "failures", "errors", "skipped", "time")
CASE_CHILDREN = {"skipped", "error", "failure", "system-out", "system-err"}


def problems_of(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return [f"{path}: not well-formed XML: {error}"]
    if root.tag == "testsuite":
        suites = [root]
    elif root.tag == "testsuites":
        suites = list(root)
    else:
        return [f"{path}: the root is <{root.tag}>, not <testsuites> or <testsuite>"]
    found = []
    for suite in suites:
        where = f"{path}: testsuite {suite.get('name')!r}"
        if suite.tag != "testsuite":
            found.append(f"{path}: <{suite.tag}> inside <testsuites>")
            continue
        for name in SUITE_ATTRIBUTES:
            if suite.get(name) is None:
                found.append(f"{where} lacks the attribute {name}")
        cases = suite.findall("testcase")
        kinds = {"failure": 0, "error": 0, "skipped": 0}
        for case in cases:
            for name in ("name", "classname"):
                if case.get(name) is None:
                    found.append(f"{where}: a testcase lacks {name}")
            try:
                if float(case.get("time", "0")) < 0:
                    raise ValueError
            except ValueError:
                found.append(f"{where}: testcase {case.get('name')}: bad time {case.get('time')!r}")
            for child in case:
                if child.tag not in CASE_CHILDREN:
                    found.append(f"{where}: testcase {case.get('name')} holds <{child.tag}>")
                if child.tag in kinds:
                    kinds[child.tag] += 1
        expected = {"tests": len(cases), "failures": kinds["failure"],
                    "errors": kinds["error"], "skipped": kinds["skipped"]}
        for name, count in expected.items():
            value = suite.get(name)
            if value is not None and (not value.isdigit() or int(value) != count):
                found.append(f"{where}: {name}={value!r}, but it holds {count}")
        try:
            float(suite.get("time", "0"))
        except ValueError:
            found.append(f"{where}: time {suite.get('time')!r} is not a number")
    return found


def main(paths):
    found = [problem for path in paths for problem in problems_of(path)]
    for problem in found:
        print(problem)
    return 1 if found or not paths else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

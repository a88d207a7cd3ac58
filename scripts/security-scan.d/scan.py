"""Runs Prowler against the stack and reports its findings on the stack's resources.

Run by scripts/security-scan with the Python of Prowler's virtualenv (it has PyYAML). Exit codes:
0 no FAIL on the stack's resources outside the exceptions, 1 some (or Prowler failed), 2 a user error.
"""

import argparse
import collections
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULTS = {"project": "scaleout-kit", "stack": "demo", "prefix": "my"}
SECTIONS = {"deliberate": "deliberate", "moto-artefacts": "moto artefact"}
ENTRY_KEYS = {"check", "resource", "reason", "unless"}


class UserError(Exception):
    pass


def main(argv):
    args = parse(argv)
    try:
        config = load_config(args.config)
        regions = scan_regions(args.region, config)
        checks = args.checks.split(",") if args.checks else read_checks(HERE / "checks.txt")
        exceptions = [] if args.no_exceptions else load_exceptions(Path(args.exceptions), config)
    except UserError as e:
        print(f"security-scan: {e}", file=sys.stderr)
        return 2
    endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
    stack, prefix = config["stack"], config["prefix"]
    if args.from_dir:
        findings_file = Path(args.from_dir) / "prowler.ocsf.json"
        if not findings_file.exists():
            print(f"security-scan: no {findings_file}: --from takes an earlier scan's --output folder", file=sys.stderr)
            return 2
        print(f"Findings of an earlier scan ({findings_file}) on stack {stack} (prefix {prefix})\n")
        findings = json.loads(findings_file.read_text() or "[]")
        ran = {f["metadata"]["event_code"] for f in findings}
        return report(findings, config, exceptions, emulator=bool(endpoint), ran=ran)
    out = Path(args.output or tempfile.mkdtemp(prefix="security-scan-"))
    out.mkdir(parents=True, exist_ok=True)
    print(
        f"Prowler against stack {stack} (prefix {prefix}) in {', '.join(regions)}"
        + (f", endpoint {endpoint} (an emulator)" if endpoint else "")
        + (", no exceptions" if args.no_exceptions else "")
    )
    print(f"{len(checks)} checks; raw output in {out} (prowler.ocsf.json, prowler.log)", flush=True)
    findings_file = out / "prowler.ocsf.json"
    findings_file.unlink(missing_ok=True)  # an earlier run's, in a reused --output folder
    started = time.monotonic()
    code = run_prowler(args.prowler, regions, checks, out, endpoint)
    if code != 0:
        print(f"security-scan: prowler exited with {code}; its log: {out / 'prowler.log'}", file=sys.stderr)
        print(tail(out / "prowler.log"), file=sys.stderr)
        return 2 if "Invalid check(s) specified" in tail(out / "prowler.log") else 1
    print(f"Prowler took {time.monotonic() - started:.0f} s\n")
    findings = json.loads(findings_file.read_text() or "[]") if findings_file.exists() else []
    return report(findings, config, exceptions, emulator=bool(endpoint), ran=set(checks))


def parse(argv):
    p = argparse.ArgumentParser(
        prog="scripts/security-scan",
        description="Prowler's checks on the stack's resources, PASS/FAIL per service, with the accepted exceptions.",
    )
    p.add_argument("--config", help="the stack config (default: stack.yaml if present, else the defaults)")
    p.add_argument("--region", help="the stack's region (default: the config's, then AWS_REGION)")
    p.add_argument("--checks", help="comma-separated Prowler check ids instead of the list in the repo")
    p.add_argument("--no-exceptions", action="store_true", help="report every FAIL, accepted or not")
    p.add_argument("--exceptions", default=str(ROOT / "infra" / "security-exceptions.yaml"), help=argparse.SUPPRESS)
    p.add_argument("--output", help="folder for Prowler's raw output (default: a new temporary folder)")
    p.add_argument(
        "--from",
        dest="from_dir",
        metavar="DIR",
        help="report an earlier scan's findings (its --output folder) without running Prowler again: "
        "another config's stack, or the exceptions file changed",
    )
    p.add_argument("--prowler", default=os.environ.get("PROWLER", "prowler"), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def load_config(path):
    if path is None:
        path = "stack.yaml" if Path("stack.yaml").exists() else None
    config = {}
    if path is not None:
        try:
            config = yaml.safe_load(Path(path).read_text()) or {}
        except OSError as e:
            raise UserError(f"cannot read the config {path}: {e.strerror}; pass --config FILE")
        except yaml.YAMLError as e:
            raise UserError(f"the config {path} is not YAML: {e}")
        if not isinstance(config, dict):
            raise UserError(f"the config {path} is not a mapping of keys")
    for key, value in DEFAULTS.items():
        config[key] = config.get(key) or value
    return config


def scan_regions(region, config):
    region = region or config.get("region") or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise UserError("no region: pass --region, set region in the config, or set AWS_REGION")
    regions = [region]
    peering = config.get("peering") or {}
    if peering.get("enabled"):  # the stack's peer VPC and its test instance live there
        regions.append(peering.get("region") or "ap-northeast-1")
    return regions


def read_checks(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def load_exceptions(path, config):
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except OSError as e:
        raise UserError(f"cannot read the exceptions file {path}: {e.strerror}")
    except yaml.YAMLError as e:
        raise UserError(f"the exceptions file {path} is not YAML: {e}")
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise UserError(f"{path}: unknown section {sorted(unknown)}; the sections are {sorted(SECTIONS)}")
    entries = []
    for section, kind in SECTIONS.items():
        for i, entry in enumerate(data.get(section) or []):
            where = f"{path}: {section} entry {i + 1}"
            if not isinstance(entry, dict) or not entry.get("check") or not entry.get("reason"):
                raise UserError(f"{where} needs a check and a reason")
            if set(entry) - ENTRY_KEYS:
                raise UserError(f"{where}: unknown key {sorted(set(entry) - ENTRY_KEYS)}; keys: {sorted(ENTRY_KEYS)}")
            if entry.get("unless") and config_value(config, entry["unless"]):
                continue  # a choice the config has undone: its FAIL is a real one now
            pattern = str(entry.get("resource", "*")).replace("{prefix}", config["prefix"])
            entries.append(
                {"kind": kind, "check": entry["check"], "resource": pattern, "reason": " ".join(entry["reason"].split())}
            )
    return entries


def config_value(config, dotted):
    value = config
    for key in dotted.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def run_prowler(prowler, regions, checks, out, endpoint):
    env = dict(os.environ)
    if endpoint:
        # names like <account>.127.0.0.1 resolve to loopback (sitecustomize.py)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
        # an emulator answers what it lacks with HTTP 500 at once; retrying with backoff doubles the scan
        env.setdefault("PROWLER_AWS_BOTO3_RETRIES_MAX_ATTEMPTS", "1")
    command = [prowler, "aws", "--no-banner", "--ignore-exit-code-3", "-f", *regions, "--checks", *checks]
    command += ["-M", "json-ocsf", "-o", str(out), "-F", "prowler"]
    with open(out / "prowler.log", "w") as log:
        try:
            return subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT).returncode
        except OSError as e:
            log.write(f"cannot run {prowler}: {e}\n")
            return 127


def tail(path, lines=15):
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def labels(resource):
    """Tags as Prowler's OCSF output lists them, "Key:Value" (keys such as aws:rds:... hold colons)."""
    return [str(label) for label in resource.get("labels") or []]


def texts(resource):
    """What names a resource in a finding: its name, its ARN, Prowler's details."""
    return [resource.get("name", ""), resource.get("uid", ""), str((resource.get("data") or {}).get("details", ""))]


def on_stack(resource, stack, prefix, vpcs=frozenset()):
    """By the Stack tag; an untagged resource by its name (the log group, the RDS-managed secret)
    or by the stack's VPC it is in (the VPC's default security group and network ACL)."""
    tags = labels(resource)
    if f"Stack:{stack}" in tags:
        return True
    if any(tag.startswith("Stack:") for tag in tags):
        return False  # another stack's
    if vpc_of(resource) in vpcs:
        return True
    names = texts(resource)
    named = re.compile(r"(^|[/:])" + re.escape(prefix) + "-")
    return any(named.search(text or "") for text in names + tags)


def metadata(resource):
    data = resource.get("data") or {}
    return data.get("metadata") if isinstance(data.get("metadata"), dict) else {}


def vpc_of(resource):
    return metadata(resource).get("vpc_id")


def stack_vpcs(findings, stack, prefix):
    """The ids of the stack's VPCs, from the findings on them."""
    vpcs = set()
    for finding in findings:
        resource = (finding.get("resources") or [{}])[0]
        vpc = metadata(resource).get("id", "")
        if str(vpc).startswith("vpc-") and on_stack(resource, stack, prefix):
            vpcs.add(vpc)
    return frozenset(vpcs)


def display_name(resource):
    name = resource.get("name") or resource.get("uid", "?")
    tag = next((t[len("Name:") :] for t in labels(resource) if t.startswith("Name:")), None)
    return f"{name} ({tag})" if tag and tag != name else name


def accepting(finding, resource, exceptions, emulator):
    """The exceptions that accept this FAIL, in the file's order."""
    check = finding["metadata"]["event_code"]
    names = texts(resource) + [t[len("Name:") :] for t in labels(resource) if t.startswith("Name:")]
    names += re.split(r"[/:]", resource.get("uid", ""))  # the ARN's parts: webacl/<name>/<id>, db:<name>
    return [
        entry
        for entry in exceptions
        if (emulator or entry["kind"] != "moto artefact")
        and entry["check"] == check
        and any(fnmatch.fnmatchcase(n, entry["resource"]) for n in names if n)
    ]


def report(findings, config, exceptions, emulator, ran):
    stack, prefix = config["stack"], config["prefix"]
    per_service = collections.defaultdict(lambda: {"PASS": 0, "FAIL": 0, "lines": []})
    left_out, unaccepted, used = 0, [], set()
    vpcs = stack_vpcs(findings, stack, prefix)
    for finding in findings:
        resource = (finding.get("resources") or [{}])[0]
        status = finding.get("status_code")
        if status not in ("PASS", "FAIL") or not on_stack(resource, stack, prefix, vpcs):
            left_out += 1
            continue
        check = finding["metadata"]["event_code"]
        service = (resource.get("group") or {}).get("name") or check.split("_")[0]
        counts = per_service[service]
        counts[status] += 1
        if status == "FAIL":
            entries = accepting(finding, resource, exceptions, emulator)
            used.update(id(e) for e in entries)
            line = f"  FAIL {check}  {display_name(resource)}"
            if entries:
                entry = entries[0]
                line += f"\n       accepted ({entry['kind']}): {entry['reason']}"
            else:
                line += f"\n       NOT ACCEPTED: {finding.get('status_detail', '')}"
                unaccepted.append(f"{check} {display_name(resource)}")
            counts["lines"].append(line)
    width = max([len(s) for s in per_service] + [8])
    for service in sorted(per_service):
        counts = per_service[service]
        print(f"{service:<{width}}  PASS {counts['PASS']:>3} / FAIL {counts['FAIL']:>3}")
        for line in sorted(counts["lines"]):
            print(line)
    passed = sum(c["PASS"] for c in per_service.values())
    failed = sum(c["FAIL"] for c in per_service.values())
    print(
        f"\nOn the stack's resources: PASS {passed} / FAIL {failed} "
        f"({failed - len(unaccepted)} accepted, {len(unaccepted)} not)"
    )
    print(f"Left out: {left_out} findings on the account or on resources not of stack {stack}")
    unused = [
        e
        for e in exceptions
        if id(e) not in used and e["check"] in ran and (emulator or e["kind"] != "moto artefact")
    ]
    for entry in unused:
        print(f"Exception not needed in this scan ({entry['kind']}): {entry['check']} {entry['resource']}")
    if unaccepted:
        print(f"\n{len(unaccepted)} FAIL not accepted (fix it, or add it with its reason to infra/security-exceptions.yaml):")
        for line in unaccepted:
            print(f"  {line}")
        return 1
    print("\nNo FAIL outside the accepted exceptions.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

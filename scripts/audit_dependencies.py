"""``make audit``: pip-audit on the installed dependencies, with a plain verdict.

Exit status 1 when a dependency has a known vulnerability that is not accepted below. When the
vulnerability service cannot be reached, or cannot look the packages up (a machine that only sees a
package mirror), the dependencies were *not* audited: this says so loudly and exits 0, so an offline
build is not blocked, but nobody mistakes it for a clean audit.
"""

from __future__ import annotations

import json
import subprocess
import sys

# Known vulnerabilities we accept, with the reason (none so far): {"GHSA-...": "why it does not apply"}.
ACCEPTED: dict[str, str] = {}


def run_pip_audit() -> tuple[dict | None, str]:
    """pip-audit's JSON report of this environment (the project itself skipped), and its error output."""
    command = [sys.executable, "-m", "pip_audit", "--skip-editable", "--format", "json", "--progress-spinner", "off"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    try:
        return json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return None, result.stderr or result.stdout


def main() -> int:
    """Print the audit's verdict; the exit status says whether the build must stop."""
    report, errors = run_pip_audit()
    if report is None:
        last = errors.strip().splitlines()[-1:] or ["no output"]
        print(f"pip-audit: NOT AUDITED - the vulnerability service could not be reached ({last[0]}).")
        return 0
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    findings = [
        (d["name"], d["version"], v["id"], v.get("fix_versions", [])) for d in dependencies for v in d.get("vulns", [])
    ]
    blocking = [f for f in findings if f[2] not in ACCEPTED]
    for name, version, vuln, fixes in findings:
        note = f"accepted: {ACCEPTED[vuln]}" if vuln in ACCEPTED else f"fixed in {', '.join(fixes) or 'no release yet'}"
        print(f"pip-audit: {name} {version}: {vuln} ({note})")
    if skipped:
        print(
            f"pip-audit: NOT AUDITED - {len(skipped)} of {len(dependencies)} dependencies could not be looked up "
            f"(e.g. {skipped[0]['name']}: {skipped[0]['skip_reason']})."
        )
        print("pip-audit: run `make audit` where pypi.org's vulnerability data is reachable.")
    print(
        f"pip-audit: {audited} dependencies audited, {len(findings)} known vulnerabilities, "
        f"{len(blocking)} not accepted."
    )
    return 1 if blocking else 0


if __name__ == "__main__":
    sys.exit(main())

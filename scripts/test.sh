#!/usr/bin/env bash
# The test command from README.md: installs what the tests need, runs every test project of the solution
# and ends with one line "N passed, N failed, N skipped" summed over all test assemblies.
# Network tests create their own namespaces and need root, as CI has.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
export PATH="$PWD/.tools/bin:$PATH"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Build once, then run the test assemblies one after another (-m:1): the network tests time real packets through
# namespaces, and two cores shared by parallel test hosts make their bounded waits needlessly tight.
dotnet build LvsOperator.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
format_failed=0
if ((status == 0)); then
  # The style check: whitespace, import order, code style and analyzers at the build's severities. --no-restore: the
  # build has just restored, so nothing is fetched. A difference is one failure; the tests still run.
  if ! dotnet format LvsOperator.sln --verify-no-changes --no-restore; then
    echo "dotnet format: the files above are not as .editorconfig says; 'dotnet format LvsOperator.sln' fixes them"
    format_failed=1
  fi
  dotnet test LvsOperator.sln -c Release --no-build -m:1 --logger "console;verbosity=normal" "$@" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
fi

# vstest ends each assembly's run with "Total tests: N" and lines "     Passed: N", "     Failed: N", "    Skipped: N".
read -r passed failed skipped < <(awk '
  /^ +Passed: [0-9]+$/ { p += $2 } /^ +Failed: [0-9]+$/ { f += $2 } /^ +Skipped: [0-9]+$/ { s += $2 }
  END { printf "%d %d %d\n", p, f, s }' "$log")
if ((status != 0 && failed == 0)); then
  failed=1 # a build error or a crashed test host fails the run even when no test reported failure
fi
failed=$((failed + format_failed))
# Name the failures again at the end, where a reader of a long log (or of its tail only) looks first.
if ((failed > 0)); then
  echo "failed tests:"
  grep -E -A6 '^ +Failed [A-Za-z]' "$log" | cut -c1-300 | head -150
  grep -E 'error [A-Z]+[0-9]+:|Test host process crashed|The active test run was aborted' "$log" | sort -u | head -20
  if ((format_failed)); then
    echo "dotnet format --verify-no-changes (its output is above, after the build)"
  fi
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
((status == 0 && failed == 0))
